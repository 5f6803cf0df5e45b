import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import { safeEqual, sha256 } from '../platform/secrets.js'
import type { Actor } from '../rest/actor.js'
import type { Db, Executor } from '../storage/db.js'
import {
  deleteSession, deleteUserSessions, findLiveSession, findSignInUserById, insertLink, insertSession, renewSession, spendLink, SIGNIN_TYPES,
  sweepExpired, type SessionRow, type SignInUser,
} from './console.repo.js'

export interface SessionPolicy {
  /** A session unused this long ends; every use pushes the end out again (sliding). */
  idleMs: number
  /** However much it is used, a session ends this long after sign-in. */
  absoluteMs: number
  /** How long a one-time sign-in link stays valid. */
  linkMs: number
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 12 * 3600_000, absoluteMs: 30 * 24 * 3600_000, linkMs: 24 * 3600_000 }

/** Renewal writes at most once a minute a session, not on every call. */
const RENEW_AFTER_MS = 60_000
const TOKEN_LENGTH = 43
const CSRF_LENGTH = 32

export interface NewSession {
  token: string
  csrf: string
  user: SignInUser
  expiresAt: Date
}

export interface ConsoleSessions {
  create(user: SignInUser): Promise<NewSession>
  /** The live session of a cookie's token, renewed (sliding) when it has not been lately; null when there is none. */
  resolve(token: string): Promise<SessionRow | null>
  destroy(token: string): Promise<void>
  /** The REST/websocket actor of a cookie and its CSRF token: both must match one live session. */
  actor(token: string, csrf: string): Promise<Actor | null>
  /** A one-time sign-in link for a user (valid for policy.linkMs). */
  issueLink(userId: number): Promise<{ url: string; expiresAt: Date }>
  /** Spends a link's token and opens a session; null when it is unknown, used or expired. */
  redeemLink(token: string): Promise<NewSession | null>
  /** Ends every session of a user, but the caller's own (by its token hash) when given. */
  endUserSessions(tx: Executor, userId: number, keepTokenHash: string | null): Promise<void>
  sweep(): Promise<number>
}

export function createConsoleSessions(deps: { db: Db; clock: Clock; ids: Ids; publicUrl: string; policy?: SessionPolicy }): ConsoleSessions {
  const policy = deps.policy ?? DEFAULT_SESSION_POLICY

  async function create(user: SignInUser): Promise<NewSession> {
    const now = deps.clock.now()
    const token = deps.ids.secret(TOKEN_LENGTH)
    const csrf = deps.ids.secret(CSRF_LENGTH)
    const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, now.getTime() + policy.absoluteMs))
    await insertSession(deps.db, { tokenHash: sha256(token), userId: user.id, csrf, now, expiresAt })
    return { token, csrf, user, expiresAt }
  }

  async function resolve(token: string): Promise<SessionRow | null> {
    if (!token) return null
    const now = deps.clock.now()
    const row = await findLiveSession(deps.db, sha256(token), now)
    if (!row) return null
    if (now.getTime() - row.lastSeenAt.getTime() >= RENEW_AFTER_MS) {
      const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, row.createdAt.getTime() + policy.absoluteMs))
      await renewSession(deps.db, row.tokenHash, now, expiresAt)
      return { ...row, lastSeenAt: now, expiresAt }
    }
    return row
  }

  return {
    create,
    resolve,
    destroy: (token) => deleteSession(deps.db, sha256(token)),
    async actor(token, csrf) {
      const row = await resolve(token)
      if (!row || !csrf || !safeEqual(row.csrf, csrf)) return null
      return {
        kind: 'session',
        userId: row.user.id,
        isAdmin: row.user.isAdmin,
        scopes: 'all',
        credentialKey: `console:${row.user.id}`,
        webhookId: null,
        appId: null,
        clientId: null,
        consoleTokenHash: row.tokenHash,
      }
    },
    async issueLink(userId) {
      const now = deps.clock.now()
      const token = deps.ids.secret(TOKEN_LENGTH)
      const expiresAt = new Date(now.getTime() + policy.linkMs)
      await insertLink(deps.db, { tokenHash: sha256(token), userId, now, expiresAt })
      return { url: `${deps.publicUrl}/console/api/link?token=${token}`, expiresAt }
    },
    async redeemLink(token) {
      if (!token) return null
      const userId = await spendLink(deps.db, sha256(token), deps.clock.now())
      if (userId === null) return null
      const user = await findSignInUserById(deps.db, userId)
      if (!user || !user.active || !SIGNIN_TYPES.includes(user.user_type)) return null
      return create({ id: user.id, name: user.name, lastName: user.last_name, email: user.email, isAdmin: user.is_admin })
    },
    endUserSessions: (tx, userId, keep) => deleteUserSessions(tx, userId, keep),
    sweep: () => sweepExpired(deps.db, deps.clock.now(), new Date(deps.clock.now().getTime() - 24 * 3600_000)),
  }
}
