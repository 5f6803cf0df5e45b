import type { Clock } from '../platform/clock.js'
import { safeEqual } from '../platform/secrets.js'
import type { Db } from '../storage/db.js'
import { OAuthError } from './apps.errors.js'
import { findAppByClientId, type AppRow } from './apps.repo.js'
import type { EventAuthIssuer } from './event-auth.js'
import type { TokenPair, TokenService } from './tokens.service.js'

/** Who is signed in in this browser request, if anyone; the console registers one (its session cookie). */
export type BrowserUserResolver = (headers: Record<string, string | string[] | undefined>) => Promise<number | null>

export interface TokenRequest {
  grant_type?: string
  client_id?: string
  client_secret?: string
  code?: string
  refresh_token?: string
}

export interface OAuthService {
  /** The app an authorization request names; null when it cannot be authorized (unknown, uninstalled, no return address). */
  authorizable(clientId: string, redirectUri: string | undefined): Promise<AppRow | null>
  signedInUser(headers: Record<string, string | string[] | undefined>): Promise<number | null>
  addBrowserUserResolver(resolver: BrowserUserResolver): void
  /** The redirect to the app's return address with a fresh one-time code (settings/oauth/index.md, step 1). */
  approve(app: AppRow, userId: number, state: string | undefined): Promise<string>
  /** `/oauth/token/`: exchanges a code or a refresh token for a new pair. */
  token(req: TokenRequest): Promise<Record<string, unknown>>
}

export function createOAuthService(deps: { db: Db; clock: Clock; tokens: TokenService; issuer: EventAuthIssuer }): OAuthService {
  const resolvers: BrowserUserResolver[] = []

  async function client(req: TokenRequest): Promise<AppRow> {
    if (!req.client_id || !req.client_secret) throw new OAuthError('invalid_request', 'client_id and client_secret are required')
    const app = await findAppByClientId(deps.db, req.client_id)
    if (!app || !safeEqual(app.client_secret, req.client_secret)) throw new OAuthError('invalid_client', 'Invalid client credentials')
    if (app.revoked_at) throw new OAuthError('invalid_client', 'The application is not installed')
    return app
  }

  async function answer(app: AppRow, pair: TokenPair): Promise<Record<string, unknown>> {
    const info = await deps.issuer.serverInfo()
    return {
      access_token: pair.accessToken,
      client_endpoint: info.clientEndpoint,
      domain: info.domain,
      expires: pair.expires,
      expires_in: pair.expiresIn,
      member_id: info.memberId,
      refresh_token: pair.refreshToken,
      scope: app.scopes.join(','),
      server_endpoint: info.serverEndpoint,
      status: 'L',
      user_id: pair.userId,
    }
  }

  return {
    async authorizable(clientId, redirectUri) {
      const app = await findAppByClientId(deps.db, clientId)
      if (!app || app.revoked_at || !app.redirect_uri) return null
      // The return address comes from the app's settings; a different one in the request is refused, not followed.
      if (redirectUri && redirectUri !== app.redirect_uri) return null
      return app
    },
    async signedInUser(headers) {
      for (const resolve of resolvers) {
        const id = await resolve(headers)
        if (id) return id
      }
      return null
    },
    addBrowserUserResolver(resolver) {
      resolvers.push(resolver)
    },
    async approve(app, userId, state) {
      const code = await deps.db.transaction().execute((tx) => deps.tokens.issueCode(tx, app.id, userId))
      const info = await deps.issuer.serverInfo()
      const target = new URL(app.redirect_uri)
      target.searchParams.set('code', code)
      if (state !== undefined) target.searchParams.set('state', state)
      target.searchParams.set('domain', info.domain)
      target.searchParams.set('member_id', info.memberId)
      target.searchParams.set('scope', app.scopes.join(','))
      target.searchParams.set('server_domain', info.domain)
      return target.toString()
    },
    async token(req) {
      const app = await client(req)
      if (!req.grant_type) throw new OAuthError('invalid_request', 'grant_type is required')
      if (req.grant_type === 'authorization_code') {
        if (!req.code) throw new OAuthError('invalid_request', 'code is required')
        const code = req.code
        return answer(app, await deps.db.transaction().execute((tx) => deps.tokens.exchangeCode(tx, app, code)))
      }
      if (req.grant_type === 'refresh_token') {
        if (!req.refresh_token) throw new OAuthError('invalid_request', 'refresh_token is required')
        const refresh = req.refresh_token
        return answer(app, await deps.db.transaction().execute((tx) => deps.tokens.refresh(tx, app, refresh)))
      }
      throw new OAuthError('unsupported_grant_type', `grant_type ${req.grant_type} is not supported`)
    },
  }
}
