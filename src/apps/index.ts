import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import type { Actor } from '../rest/actor.js'
import type { Db, Executor } from '../storage/db.js'
import { appsAdminMethods } from './apps-admin.methods.js'
import { optionMethods } from './apps.methods.js'
import { deleteExpiredTokens, findApp } from './apps.repo.js'
import { createAppsRegistry, type AppsRegistry } from './apps.service.js'
import { createEventAuthIssuer, type EventAuthIssuer } from './event-auth.js'
import { createOAuthService, type OAuthService } from './oauth.service.js'
import { createTokenService, type TokenService } from './tokens.service.js'
import { outgoingWebhookMethods } from './outgoing-webhooks.methods.js'
import { createOutgoingWebhooks, type OutgoingWebhooks } from './outgoing-webhooks.service.js'

export { OAuthError } from './apps.errors.js'
export type { AppKind, AppRow } from './apps.repo.js'
export { outgoingWebhookView } from './outgoing-webhooks.methods.js'
export { webhookEvents, type OutgoingWebhook, type OutgoingWebhooks } from './outgoing-webhooks.service.js'
export type { AppChanges, AppsRegistry, NewApp } from './apps.service.js'
export { appView } from './apps-admin.methods.js'
export type { EventAuthIssuer, ServerInfo } from './event-auth.js'
export type { BrowserUserResolver, OAuthService, TokenRequest } from './oauth.service.js'
export type { TokenPair, TokenService } from './tokens.service.js'

/** Every REST method of the apps domain. */
export const appsMethods = [...optionMethods, ...appsAdminMethods, ...outgoingWebhookMethods]

export interface AppsService {
  registry: AppsRegistry
  /** Outgoing webhooks (local-webhooks.md): handler URL + events, delivered by the events domain. */
  outgoing: OutgoingWebhooks
  tokens: TokenService
  oauth: OAuthService
  /** Tokens and server details for the `auth` block of event deliveries. */
  issuer: EventAuthIssuer
  /** Drops tokens expired more than a day ago (run by the events maintenance loop). */
  sweepTokens(): Promise<number>
}

export function createAppsService(deps: { db: Db; clock: Clock; ids: Ids; publicUrl: string; allowPrivateHandlers: boolean }): AppsService {
  const tokens = createTokenService(deps)
  const issuer = createEventAuthIssuer({ db: deps.db, clock: deps.clock, tokens, publicUrl: deps.publicUrl })
  return {
    registry: createAppsRegistry(deps),
    outgoing: createOutgoingWebhooks(deps),
    tokens,
    issuer,
    oauth: createOAuthService({ db: deps.db, clock: deps.clock, tokens, issuer }),
    sweepTokens: () => deleteExpiredTokens(deps.db, new Date(deps.clock.now().getTime() - 24 * 3600_000), 5000),
  }
}

export interface LicenseInfo {
  LICENSE: string
  LICENSE_TYPE: string
  LICENSE_FAMILY: string
}

/** What a self-hosted server reports where Bitrix24 names its plan. */
export const SELF_HOSTED_LICENSE: LicenseInfo = { LICENSE: 'en_selfhosted', LICENSE_TYPE: 'selfhosted', LICENSE_FAMILY: 'selfhosted' }

/**
 * app.info for an application token (app-info.md): the calling app's card.
 * Returns null for any other caller, so that the app.info method can answer
 * a webhook its own way.
 */
export async function appInfo(tx: Executor, actor: Actor, license: LicenseInfo = SELF_HOSTED_LICENSE): Promise<Record<string, unknown> | null> {
  if (actor.kind !== 'app' || actor.appId === null) return null
  const app = await findApp(tx, actor.appId)
  if (!app || app.kind !== 'app') return null
  return {
    ID: app.id,
    CODE: app.code,
    VERSION: app.version,
    STATUS: 'L',
    INSTALLED: app.revoked_at === null,
    PAYMENT_EXPIRED: 'N',
    DAYS: null,
    LANGUAGE_ID: app.language_id,
    ...license,
  }
}
