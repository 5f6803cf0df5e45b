import { hashPassword } from '../platform/passwords.js'
import type { Db, Executor } from '../storage/db.js'
import { findSignInUserById, setPasswordHash, SIGNIN_TYPES } from './console.repo.js'
import { consoleErrors } from './console.errors.js'
import type { ConsoleSessions } from './sessions.service.js'
import { MAX_PASSWORD_LENGTH } from './signin.service.js'

export const MIN_PASSWORD_LENGTH = 8

/** A user who may have a password (a person: employee or extranet), or USER_NOT_FOUND. */
export async function passwordUser(db: Executor, userId: number) {
  const user = await findSignInUserById(db, userId)
  if (!user || !SIGNIN_TYPES.includes(user.user_type)) throw consoleErrors.userNotFound()
  return user
}

export function checkPasswordRules(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw consoleErrors.invalidPassword(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)
  }
}

/**
 * Stores the new password and ends the user's console sessions (but `keepTokenHash`, the
 * session that changed its own password): whoever knew the old one is signed out.
 */
export async function storePassword(db: Db, sessions: ConsoleSessions, userId: number, password: string, keepTokenHash: string | null): Promise<void> {
  const hash = await hashPassword(password)
  await db.transaction().execute(async (tx) => {
    await setPasswordHash(tx, userId, hash)
    await sessions.endUserSessions(tx, userId, keepTokenHash)
  })
}
