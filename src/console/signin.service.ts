import type { Clock } from '../platform/clock.js'
import { hashPassword, verifyPassword } from '../platform/passwords.js'
import type { Db } from '../storage/db.js'
import { addFailure, clearFailures, findFailures, findSignInUserByEmail, SIGNIN_TYPES, type SignInUser } from './console.repo.js'

export type SignInResult =
  | { ok: true; user: SignInUser }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; retryAfter: number }

/**
 * E-mail and password sign-in, shared by the console and the OAuth authorization page,
 * so that one lockout covers both doors. Failures are counted in the database, per
 * account and per client address, so that every server process sees the same count.
 */
export interface SignInService {
  signIn(login: string, password: string, ip: string | null): Promise<SignInResult>
}

export interface LockoutPolicy {
  /** Failures of one account within the window that lock it until the window ends. */
  accountFailures: number
  /** Failures from one address (any accounts) within the window that lock it. */
  ipFailures: number
  windowMs: number
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { accountFailures: 10, ipFailures: 50, windowMs: 15 * 60_000 }

/** Longer passwords are refused before hashing: scrypt over megabytes is a cheap way to load the server. */
export const MAX_PASSWORD_LENGTH = 256

export function createSignInService(deps: { db: Db; clock: Clock; policy?: LockoutPolicy }): SignInService {
  const policy = deps.policy ?? DEFAULT_LOCKOUT
  // Unknown accounts cost one scrypt too, so the answer's timing does not tell which e-mails exist.
  let decoy: Promise<string> | null = null
  const decoyHash = () => (decoy ??= hashPassword('not a password of anyone'))

  /** Seconds until the first locked key opens again, or 0 when none is locked. */
  async function lockedFor(keys: { key: string; max: number }[], now: number): Promise<number> {
    const rows = await findFailures(deps.db, keys.map((k) => k.key))
    let wait = 0
    for (const row of rows) {
      const max = keys.find((k) => k.key === row.key)?.max ?? Infinity
      const ends = row.window_start.getTime() + policy.windowMs
      if (row.failures >= max && ends > now) wait = Math.max(wait, Math.ceil((ends - now) / 1000))
    }
    return wait
  }

  return {
    async signIn(login, password, ip) {
      const email = login.trim().toLowerCase()
      const accountKey = `account:${email}`
      const keys = [{ key: accountKey, max: policy.accountFailures }, ...(ip ? [{ key: `ip:${ip}`, max: policy.ipFailures }] : [])]
      const now = deps.clock.now()
      const wait = await lockedFor(keys, now.getTime())
      if (wait > 0) return { ok: false, reason: 'locked', retryAfter: wait }
      const user = email && password.length <= MAX_PASSWORD_LENGTH ? await findSignInUserByEmail(deps.db, email) : undefined
      const usable = Boolean(user && user.active && SIGNIN_TYPES.includes(user.user_type) && user.password_hash)
      const ok = usable && user ? await verifyPassword(password, user.password_hash) : (await verifyPassword(password, await decoyHash()), false)
      if (ok && user) {
        await clearFailures(deps.db, accountKey)
        return { ok: true, user: { id: user.id, name: user.name, lastName: user.last_name, email: user.email, isAdmin: user.is_admin } }
      }
      const windowStartsAfter = new Date(now.getTime() - policy.windowMs)
      for (const k of keys) await addFailure(deps.db, k.key, now, windowStartsAfter)
      return { ok: false, reason: 'wrong' }
    },
  }
}
