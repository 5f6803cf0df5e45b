import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import { safeEqual, sha256 } from '../platform/secrets.js'
import type { Actor } from '../rest/actor.js'
import { systemErrors } from '../rest/system-errors.js'
import type { Db, Executor } from '../storage/db.js'
import { OAuthError } from './apps.errors.js'
import { findTokenForAuth, insertToken, spendToken, type AppRow, type TokenKind } from './apps.repo.js'

/** Lifetimes from settings/oauth/index.md. */
export const ACCESS_TTL_SECONDS = 3600
export const REFRESH_TTL_SECONDS = 180 * 24 * 3600
export const CODE_TTL_SECONDS = 30
const TOKEN_LENGTH = 32

export interface TokenPair {
  accessToken: string
  refreshToken: string | null
  /** Unix seconds when the access token expires. */
  expires: number
  expiresIn: number
  userId: number
}

export interface TokenService {
  issueCode(tx: Executor, appId: number, userId: number): Promise<string>
  exchangeCode(tx: Executor, app: AppRow, code: string): Promise<TokenPair>
  refresh(tx: Executor, app: AppRow, refreshToken: string): Promise<TokenPair>
  issuePair(tx: Executor, appId: number, userId: number, withRefresh: boolean): Promise<TokenPair>
  /** The token resolver registered with the auth service: `auth=` on every method. */
  resolve(token: string): Promise<Actor | null>
}

export function createTokenService(deps: { db: Db; clock: Clock; ids: Ids }): TokenService {
  const { clock, ids } = deps

  async function issue(tx: Executor, appId: number, userId: number, kind: TokenKind, ttlSeconds: number): Promise<string> {
    const token = ids.secret(TOKEN_LENGTH)
    await insertToken(tx, { appId, userId, kind, tokenHash: sha256(token), expiresAt: new Date(clock.now().getTime() + ttlSeconds * 1000) })
    return token
  }

  async function issuePair(tx: Executor, appId: number, userId: number, withRefresh: boolean): Promise<TokenPair> {
    const accessToken = await issue(tx, appId, userId, 'access', ACCESS_TTL_SECONDS)
    const refreshToken = withRefresh ? await issue(tx, appId, userId, 'refresh', REFRESH_TTL_SECONDS) : null
    const expires = Math.floor(clock.now().getTime() / 1000) + ACCESS_TTL_SECONDS
    return { accessToken, refreshToken, expires, expiresIn: ACCESS_TTL_SECONDS, userId }
  }

  /** Spends a one-time grant (code or refresh token) of this app; every failure is invalid_grant. */
  async function spendGrant(tx: Executor, app: AppRow, value: string, kind: 'code' | 'refresh'): Promise<number> {
    const row = await findTokenForAuth(tx, sha256(value))
    const now = clock.now()
    const usable =
      row && row.kind === kind && row.app_id === app.id && safeEqual(row.token_hash, sha256(value)) &&
      !row.used_at && row.expires_at > now && !row.revoked_at && row.active
    if (!row || !usable) throw new OAuthError('invalid_grant', kind === 'code' ? 'Invalid authorization code' : 'Invalid refresh token')
    // A concurrent request may have spent it between the read and now.
    if (!(await spendToken(tx, row.id, now))) throw new OAuthError('invalid_grant', 'The grant was already used')
    return row.user_id
  }

  return {
    issueCode: (tx, appId, userId) => issue(tx, appId, userId, 'code', CODE_TTL_SECONDS),
    issuePair,
    async exchangeCode(tx, app, code) {
      const userId = await spendGrant(tx, app, code, 'code')
      return issuePair(tx, app.id, userId, true)
    },
    async refresh(tx, app, refreshToken) {
      const userId = await spendGrant(tx, app, refreshToken, 'refresh')
      return issuePair(tx, app.id, userId, true)
    },
    async resolve(token) {
      const hash = sha256(token)
      const row = await findTokenForAuth(deps.db, hash)
      if (!row || row.kind !== 'access' || !safeEqual(row.token_hash, hash)) return null
      // An uninstalled app or a deactivated user stops working at once, whatever the token's age.
      if (row.revoked_at || !row.active) throw systemErrors.invalidToken()
      if (row.expires_at <= clock.now()) throw systemErrors.expiredToken()
      return {
        kind: 'app',
        userId: row.user_id,
        isAdmin: row.is_admin,
        scopes: new Set(row.scopes),
        credentialKey: `app:${row.app_id}:${row.user_id}`,
        webhookId: null,
        appId: row.app_id,
        clientId: row.client_id,
      }
    },
  }
}
