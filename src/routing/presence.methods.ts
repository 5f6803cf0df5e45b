import { Type } from '@sinclair/typebox'
import { defineMethod } from '../rest/define-method.js'
import { systemErrors } from '../rest/system-errors.js'
import { sessionErrors } from '../sessions/sessions.errors.js'

/**
 * Not a Bitrix24 method (the name cannot clash with theirs): sets whether an
 * operator is online, which CHECK_AVAILABLE routing reads. Operators set
 * their own; administrators may set anyone's (USER_ID).
 */
export const presenceSet = defineMethod({
  name: 'openlines.operator.presence.set',
  scope: 'imopenlines',
  description: 'Sets an operator online or offline for routing (CHECK_AVAILABLE). STATUS=online|offline; USER_ID for administrators.',
  input: Type.Object({
    STATUS: Type.Optional(Type.Unknown()),
    USER_ID: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
  errors: ['ERROR_ARGUMENT', 'ACCESS_DENIED', 'USER_NOT_FOUND'],
  handler: async ({ input, actor, deps, tx }) => {
    const status = typeof input.STATUS === 'string' ? input.STATUS.toLowerCase() : ''
    if (status !== 'online' && status !== 'offline') throw sessionErrors.presenceStatus()
    const userId = input.USER_ID ?? actor.userId
    if (userId !== actor.userId && !actor.isAdmin) throw systemErrors.accessDenied('Only administrators may set the presence of another user')
    if (!(await deps.dialogues.presence.set(tx, userId, status === 'online'))) throw sessionErrors.presenceUser()
    return true
  },
})

export const presenceGet = defineMethod({
  name: 'openlines.operator.presence.get',
  scope: 'imopenlines',
  description: 'Whether an operator is online for routing: {USER_ID, STATUS}.',
  input: Type.Object({ USER_ID: Type.Optional(Type.Integer({ minimum: 1 })) }),
  errors: ['USER_NOT_FOUND'],
  handler: async ({ input, actor, deps, tx }) => {
    const userId = input.USER_ID ?? actor.userId
    const online = await deps.dialogues.presence.get(tx, userId)
    if (online === null) throw sessionErrors.presenceUser()
    return { USER_ID: userId, STATUS: online ? 'online' : 'offline' }
  },
})

export const presenceMethods = [presenceSet, presenceGet]
