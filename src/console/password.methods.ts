import { Type } from '@sinclair/typebox'
import { verifyPassword } from '../platform/passwords.js'
import { defineMethod } from '../rest/define-method.js'
import { consoleErrors } from './console.errors.js'
import { checkPasswordRules, passwordUser, storePassword } from './password.service.js'

/**
 * Not a Bitrix24 method (its own name cannot clash with theirs): sets the password a
 * user signs in to the console and the OAuth page with. Administrators set anyone's;
 * a user changes their own with OLD_PASSWORD. The user's other console sessions end.
 */
export const passwordSet = defineMethod({
  name: 'openlines.user.password.set',
  scope: 'user',
  description: "Sets a user's sign-in password. ID (default: yourself), PASSWORD (8-256 characters); OLD_PASSWORD to change your own. Administrators may set anyone's.",
  input: Type.Object({
    ID: Type.Optional(Type.Integer({ minimum: 1 })),
    PASSWORD: Type.String(),
    OLD_PASSWORD: Type.Optional(Type.String()),
  }),
  // Failed OLD_PASSWORD tries must count towards the lockout, so they are not rolled back with the refusal.
  transaction: false,
  errors: ['ACCESS_DENIED', 'USER_NOT_FOUND', 'INVALID_PASSWORD', 'OLD_PASSWORD_REQUIRED', 'WRONG_PASSWORD', 'LOCKED'],
  handler: async ({ input, actor, deps, tx }) => {
    if (actor.kind === 'app') throw consoleErrors.appCaller()
    const userId = input.ID ?? actor.userId
    const own = userId === actor.userId
    if (!own && !actor.isAdmin) throw consoleErrors.notAdmin()
    const user = await passwordUser(tx, userId)
    checkPasswordRules(input.PASSWORD)
    // Whoever holds a session or a webhook of the user must still know the password to replace it.
    if (own && user.password_hash) {
      if (!input.OLD_PASSWORD) throw consoleErrors.oldPasswordRequired()
      const check = user.email
        ? await deps.console.signIn.signIn(user.email, input.OLD_PASSWORD, null)
        : { ok: await verifyPassword(input.OLD_PASSWORD, user.password_hash), reason: 'wrong' as const }
      if (!check.ok) throw check.reason === 'locked' && 'retryAfter' in check ? consoleErrors.locked(check.retryAfter) : consoleErrors.wrongPassword()
    }
    await storePassword(deps.db, deps.console.sessions, userId, input.PASSWORD, own ? (actor.consoleTokenHash ?? null) : null)
    return true
  },
})

export const passwordMethods = [passwordSet]
