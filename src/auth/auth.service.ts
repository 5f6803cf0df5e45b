import { sha256, safeEqual } from '../platform/secrets.js'
import type { Ids } from '../platform/ids.js'
import type { Clock } from '../platform/clock.js'
import type { Db, Executor } from '../storage/db.js'
import type { Actor, Credentials } from '../rest/actor.js'
import { systemErrors } from '../rest/system-errors.js'
import type { CredentialCache } from './credential-cache.js'
import { countWebhooks, findWebhook, findWebhookByHash, insertWebhook, revokeWebhook, updateWebhook, webhookPage, type WebhookRow } from './webhooks.repo.js'

/** Resolves an OAuth-style `auth` token to an actor; the apps domain registers one. */
export type TokenResolver = (token: string) => Promise<Actor | null>

/** Resolves a console session cookie and its CSRF token to an actor; the console domain registers one. */
export type SessionResolver = (token: string, csrf: string) => Promise<Actor | null>

export interface AuthService {
  resolve(creds: Credentials): Promise<Actor>
  /** The actor for these credentials when it is cached, without waiting (the dispatcher's fast path). */
  peek(creds: Credentials): Actor | undefined
  addTokenResolver(resolver: TokenResolver): void
  addSessionResolver(resolver: SessionResolver): void
  /**
   * Incoming webhooks, for the command line and openlines.webhook.incoming.*: given `tx`, inside it.
   * The code is stored only as a hash, so the URL that carries it is returned this once.
   */
  createWebhook(input: { userId: number; scopes: string[]; title?: string }, tx?: Executor): Promise<{ id: number; code: string; url: string }>
  revokeWebhook(id: number, tx?: Executor): Promise<boolean>
  getWebhook(id: number, tx?: Executor): Promise<WebhookRow | null>
  listWebhooks(page: { offset: number; limit: number }, tx?: Executor): Promise<{ items: WebhookRow[]; total: number }>
  /** Scopes or title of a live webhook; null when it does not exist or was revoked. */
  updateWebhook(id: number, changes: { scopes?: string[]; title?: string }, tx?: Executor): Promise<WebhookRow | null>
}

const WEBHOOK_CODE_LENGTH = 16

export function createAuthService(deps: { db: Db; ids: Ids; clock: Clock; publicUrl: string; cache?: CredentialCache }): AuthService {
  const tokenResolvers: TokenResolver[] = []
  const sessionResolvers: SessionResolver[] = []

  async function resolveWebhook(userId: string, code: string): Promise<Actor> {
    const row = await findWebhookByHash(deps.db, sha256(code))
    // The hash lookup already found it; the constant-time check guards the stored value and the user id together.
    if (!row || row.revoked_at || !row.active || !safeEqual(`${row.user_id}:${row.code_hash}`, `${userId}:${sha256(code)}`)) {
      throw systemErrors.noAuth()
    }
    return {
      kind: 'webhook',
      userId: row.user_id,
      isAdmin: row.is_admin,
      scopes: new Set(row.scopes),
      credentialKey: `webhook:${row.id}`,
      webhookId: row.id,
      appId: null,
      clientId: null,
    }
  }

  async function cachedWebhook(userId: string, code: string): Promise<Actor> {
    const hit = deps.cache?.get(userId, code)
    if (hit) return hit
    const actor = await resolveWebhook(userId, code)
    deps.cache?.set(userId, code, actor)
    return actor
  }

  return {
    async resolve(creds) {
      if (creds.webhook) return cachedWebhook(creds.webhook.userId, creds.webhook.code)
      if (creds.authToken) {
        for (const resolver of tokenResolvers) {
          const actor = await resolver(creds.authToken)
          if (actor) return actor
        }
        throw systemErrors.invalidToken()
      }
      if (creds.console) {
        for (const resolver of sessionResolvers) {
          const actor = await resolver(creds.console.token, creds.console.csrf)
          if (actor) return actor
        }
      }
      throw systemErrors.noAuth()
    },
    peek(creds) {
      if (!deps.cache || !creds.webhook) return undefined
      return deps.cache.get(creds.webhook.userId, creds.webhook.code)
    },
    addTokenResolver(resolver) {
      tokenResolvers.push(resolver)
    },
    addSessionResolver(resolver) {
      sessionResolvers.push(resolver)
    },
    async createWebhook({ userId, scopes, title = '' }, tx = deps.db) {
      const code = deps.ids.secret(WEBHOOK_CODE_LENGTH)
      const row = await insertWebhook(tx, { userId, title, scopes, codeHash: sha256(code), codeHint: code.slice(0, 4) })
      return { id: row.id, code, url: `${deps.publicUrl}/rest/${userId}/${code}/` }
    },
    revokeWebhook: (id, tx = deps.db) => revokeWebhook(tx, id, deps.clock.now()),
    getWebhook: async (id, tx = deps.db) => (await findWebhook(tx, id)) ?? null,
    async listWebhooks(page, tx = deps.db) {
      return { items: await webhookPage(tx, page), total: await countWebhooks(tx) }
    },
    updateWebhook: async (id, changes, tx = deps.db) => (await updateWebhook(tx, id, changes)) ?? null,
  }
}
