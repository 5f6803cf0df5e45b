/**
 * Console sign-in: the shared e-mail/password sign-in (console and OAuth page), database
 * sessions behind an http-only cookie, one-time sign-in links, and the password method.
 */
import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import type { Db } from '../storage/db.js'
import { readCookie } from './console-http.js'
import { createConsoleSessions, DEFAULT_SESSION_POLICY, type ConsoleSessions, type SessionPolicy } from './sessions.service.js'
import { createSignInService, DEFAULT_LOCKOUT, type LockoutPolicy, type SignInService } from './signin.service.js'

export { registerConsoleRoutes } from './console-routes.js'
export { consoleCredentials, restConsoleCredentials, COOKIE_NAME, CSRF_HEADER } from './console-http.js'
export { passwordMethods } from './password.methods.js'
export { checkPasswordRules, MIN_PASSWORD_LENGTH, passwordUser, storePassword } from './password.service.js'
export type { SignInResult, SignInService, LockoutPolicy } from './signin.service.js'
export type { ConsoleSessions, SessionPolicy } from './sessions.service.js'
export { DEFAULT_LOCKOUT, DEFAULT_SESSION_POLICY }

export interface ConsoleService {
  signIn: SignInService
  sessions: ConsoleSessions
  policy: SessionPolicy
  /** For the OAuth page: the user whose console cookie this browser request carries. */
  browserUser(headers: Record<string, string | string[] | undefined>): Promise<number | null>
  /** Drops expired sessions and links and old failure counts (run by the events maintenance loop). */
  sweep(): Promise<number>
}

export function createConsoleService(deps: {
  db: Db
  clock: Clock
  ids: Ids
  publicUrl: string
  policy?: SessionPolicy
  lockout?: LockoutPolicy
}): ConsoleService {
  const policy = deps.policy ?? DEFAULT_SESSION_POLICY
  const sessions = createConsoleSessions({ ...deps, policy })
  return {
    signIn: createSignInService({ db: deps.db, clock: deps.clock, policy: deps.lockout ?? DEFAULT_LOCKOUT }),
    sessions,
    policy,
    async browserUser(headers) {
      const cookie = headers.cookie
      const token = readCookie(typeof cookie === 'string' ? cookie : undefined)
      return token ? ((await sessions.resolve(token))?.user.id ?? null) : null
    },
    sweep: () => sessions.sweep(),
  }
}
