import type { AppsService } from '../apps/index.js'
import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { botErrors } from './bots.errors.js'
import { findBot, insertWebhookApp, webhookApp, type BotRow } from './bots.repo.js'

/**
 * The application a call acts for: an app token's own app, or for a webhook
 * the app that stands for its CLIENT_ID (imbot-register.md: "required only for
 * webhooks"). Bot events are addressed to that app, so a webhook's bots get a
 * real app row, made on their first registration. Null: a webhook CLIENT_ID
 * that has registered nothing yet.
 */
export async function callerApp(tx: Executor, actor: Actor, clientId: unknown, create?: { apps: AppsService }): Promise<number | null> {
  if (actor.kind === 'session') throw botErrors.wrongAuthType()
  if (actor.kind === 'app' && actor.appId !== null) return actor.appId
  const key = typeof clientId === 'string' ? clientId.trim() : ''
  if (key === '') throw botErrors.noClientId()
  const known = await webhookApp(tx, key)
  if (known) {
    // A CLIENT_ID is not a secret: it binds to the user whose webhook first used it.
    if (known.created_by !== actor.userId && !actor.isAdmin) throw botErrors.clientIdOfOther()
    return known.app_id
  }
  if (!create) return null
  const app = await create.apps.registry.register(tx, actor.userId, { title: `Webhook bots (${key.slice(0, 60)})`, scopes: ['imbot', 'imopenlines', 'im'] })
  await insertWebhookApp(tx, key, app.id, actor.userId)
  return app.id
}

/** The bot named by BOT_ID, which must belong to the calling application. */
export async function ownBot(tx: Executor, appId: number | null, rawId: unknown): Promise<BotRow> {
  const id = Number(rawId)
  if (!Number.isInteger(id) || id <= 0) throw botErrors.botId()
  const bot = await findBot(tx, id)
  if (!bot) throw botErrors.botId()
  if (bot.app_id !== appId) throw botErrors.appId()
  return bot
}
