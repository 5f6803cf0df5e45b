import { defineMethod } from '../rest/define-method.js'
import { positiveInt } from './access.js'
import type { TransferTarget } from './operator.service.js'
import { ChatIdInput, TransferInput } from './sessions.schemas.js'
import { sessionErrors } from './sessions.errors.js'

const CHAT_ERRORS = ['CHAT_ID', 'CHAT_TYPE', 'ACCESS_DENIED', 'USER_ID'] as const

export const operatorAnswer = defineMethod({
  name: 'imopenlines.operator.answer',
  scope: 'imopenlines',
  description: 'Assigns the dialog of the open line to the current operator.',
  input: ChatIdInput,
  errors: CHAT_ERRORS,
  handler: ({ input, actor, deps, tx }) => deps.dialogues.operator.answer(tx, actor, input.CHAT_ID),
})

export const operatorSkip = defineMethod({
  name: 'imopenlines.operator.skip',
  scope: 'imopenlines',
  description: 'Transfers the current dialog to the next operator in the queue.',
  input: ChatIdInput,
  errors: [...CHAT_ERRORS, 'ACCESS_DENIED_KICK'],
  handler: ({ input, actor, deps, tx }) => deps.dialogues.operator.skip(tx, actor, input.CHAT_ID),
})

export const operatorFinish = defineMethod({
  name: 'imopenlines.operator.finish',
  scope: 'imopenlines',
  description: 'Ends the open line dialogue on behalf of the current operator.',
  input: ChatIdInput,
  errors: CHAT_ERRORS,
  handler: ({ input, actor, deps, tx }) => deps.dialogues.operator.finish(tx, actor, input.CHAT_ID),
})

export const operatorAnotherFinish = defineMethod({
  name: 'imopenlines.operator.another.finish',
  scope: 'imopenlines',
  description: 'Ends a dialog in an open line, even if the dialog is assigned to another operator.',
  input: ChatIdInput,
  errors: CHAT_ERRORS,
  handler: ({ input, actor, deps, tx }) => deps.dialogues.operator.anotherFinish(tx, actor, input.CHAT_ID),
})

export const operatorSpam = defineMethod({
  name: 'imopenlines.operator.spam',
  scope: 'imopenlines',
  description: 'Marks an open line conversation as spam and ends it.',
  input: ChatIdInput,
  errors: CHAT_ERRORS,
  handler: ({ input, actor, deps, tx }) => deps.dialogues.operator.spam(tx, actor, input.CHAT_ID),
})

const given = (v: unknown) => v !== undefined && v !== null && v !== ''

/**
 * TRANSFER_ID is a user id or `queue<ID>` (`queue#ID#` is read too); it
 * stands in for USER_ID or QUEUE_ID. QUEUE_ID wins when both remain.
 */
export function transferTarget(input: { TRANSFER_ID?: unknown; USER_ID?: unknown; QUEUE_ID?: unknown }): TransferTarget {
  let userId = input.USER_ID
  let queueId = input.QUEUE_ID
  if (given(input.TRANSFER_ID)) {
    const raw = String(input.TRANSFER_ID).trim()
    const queue = /^queue#?(\d+)#?$/i.exec(raw)
    if (queue) queueId = queue[1]
    else if (/^\d+$/.test(raw)) userId = raw
    else if (!given(userId) && !given(queueId)) throw sessionErrors.transferIdEmpty()
  }
  if (given(queueId)) {
    const lineId = positiveInt(queueId)
    if (lineId === null) throw sessionErrors.queueIdEmpty()
    return { kind: 'queue', lineId }
  }
  if (!given(userId)) throw sessionErrors.transferIdEmpty()
  const id = positiveInt(userId)
  if (id === null) throw sessionErrors.userIdEmpty()
  return { kind: 'user', userId: id }
}

export const operatorTransfer = defineMethod({
  name: 'imopenlines.operator.transfer',
  scope: 'imopenlines',
  description: 'Transfers a dialog to another operator or to the queue of another open line.',
  input: TransferInput,
  errors: ['CHAT_ID_EMPTY', 'USER_ID_EMPTY', 'QUEUE_ID_EMPTY', 'TRANSFER_ID_EMPTY', 'OPERATOR_WRONG'],
  handler: async ({ input, actor, deps, tx }) => {
    if (positiveInt(input.CHAT_ID) === null) throw sessionErrors.chatIdEmpty()
    return deps.dialogues.operator.transfer(tx, actor, input.CHAT_ID, transferTarget(input))
  },
})

export const operatorMethods = [operatorAnswer, operatorSkip, operatorFinish, operatorAnotherFinish, operatorSpam, operatorTransfer]
