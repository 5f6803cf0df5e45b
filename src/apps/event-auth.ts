import type { Clock } from '../platform/clock.js'
import type { Db } from '../storage/db.js'
import { memberId } from './apps.repo.js'
import type { TokenPair, TokenService } from './tokens.service.js'

/** Where this server is, as the `auth` block of events and the OAuth answers name it. */
export interface ServerInfo {
  domain: string
  clientEndpoint: string
  serverEndpoint: string
  memberId: string
}

export interface EventAuthIssuer {
  serverInfo(): Promise<ServerInfo>
  /** Tokens of `userId` for the app, for the `auth` block of a delivery. */
  tokensFor(appId: number, userId: number, withRefresh: boolean): Promise<TokenPair>
  /** Drops cached tokens of an app (it was uninstalled). */
  forget(appId: number): void
}

/** An access token handed out in events is reused while it has this long left. */
const REUSE_MARGIN_MS = 10 * 60_000
/** Refresh tokens are single use: one is shared by a burst of events, not for longer. */
const REFRESH_REUSE_MS = 60_000
const MAX_CACHED = 10_000

/**
 * Issues the tokens that deliveries carry. Minting a token per delivery would
 * write a row per event; a handler instead gets the same access token while it
 * is fresh, as a Bitrix24 app sees the same token across a burst of events.
 */
export function createEventAuthIssuer(deps: { db: Db; clock: Clock; tokens: TokenService; publicUrl: string }): EventAuthIssuer {
  const cache = new Map<string, { pair: TokenPair; reuseUntil: number }>()
  let info: ServerInfo | null = null

  return {
    async serverInfo() {
      if (!info) {
        const endpoint = `${deps.publicUrl}/rest/`
        info = { domain: new URL(deps.publicUrl).host, clientEndpoint: endpoint, serverEndpoint: endpoint, memberId: await memberId(deps.db) }
      }
      return info
    },
    async tokensFor(appId, userId, withRefresh) {
      const key = `${appId}:${userId}:${withRefresh ? 'r' : 'a'}`
      const now = deps.clock.now().getTime()
      const hit = cache.get(key)
      if (hit && hit.reuseUntil > now) return hit.pair
      const pair = await deps.db.transaction().execute((tx) => deps.tokens.issuePair(tx, appId, userId, withRefresh))
      const reuseUntil = withRefresh ? now + REFRESH_REUSE_MS : pair.expires * 1000 - REUSE_MARGIN_MS
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string)
      cache.delete(key)
      cache.set(key, { pair, reuseUntil })
      return pair
    },
    forget(appId) {
      for (const key of cache.keys()) if (key.startsWith(`${appId}:`)) cache.delete(key)
    },
  }
}
