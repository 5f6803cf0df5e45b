import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import { RestError } from '../platform/errors.js'
import type { Executor } from '../storage/db.js'
import { bindHandler, checkHandlerUrl, EVENT_CATALOGUE, forgetApp, handlersOfOwner, unbindOwner } from '../events/index.js'
import { appErrors } from './apps.errors.js'
import { countApps, findApp, insertApp, listApps, revokeApp, updateWebhookRow, type AppRow } from './apps.repo.js'

/** The handlers of an outgoing webhook are registered under this owner of its app row. */
const OWNER = 'outgoing-webhook'

/**
 * Events that go to every handler of the server and so suit an outgoing
 * webhook; an application's own lifecycle and the offline queue do not.
 */
export function webhookEvents(): string[] {
  return Object.keys(EVENT_CATALOGUE).filter((name) => !name.startsWith('ONAPP') && name !== 'ONOFFLINEEVENT')
}

export interface OutgoingWebhook {
  row: AppRow
  events: string[]
}

export interface OutgoingWebhookInput {
  title?: string
  handler: string
  events: string[] | string
}

export interface OutgoingWebhookChanges {
  title?: string
  handler?: string
  events?: string[] | string
}

export interface OutgoingWebhooks {
  add(tx: Executor, byUserId: number, input: OutgoingWebhookInput): Promise<OutgoingWebhook>
  update(tx: Executor, id: number, changes: OutgoingWebhookChanges): Promise<OutgoingWebhook>
  /** Deletes it: nothing more is sent, what was queued is dropped; the record stays for the delivery history. */
  remove(tx: Executor, id: number): Promise<OutgoingWebhook>
  get(tx: Executor, id: number): Promise<OutgoingWebhook>
  list(tx: Executor, page: { offset: number; limit: number }): Promise<{ items: OutgoingWebhook[]; total: number }>
}

export const webhookErrors = {
  notFound: (id: number) => new RestError('ERROR_NOT_FOUND', `Outgoing webhook ${id} not found`, 404),
  deleted: (id: number) => new RestError('ERROR_NOT_FOUND', `Outgoing webhook ${id} was deleted`, 404),
  events: (why: string) => new RestError('ERROR_ARGUMENT', `EVENTS: ${why}`, 400),
}

function eventsOf(input: string[] | string): string[] {
  const list = (Array.isArray(input) ? input : input.split(','))
    .map((e) => e.trim().toUpperCase())
    .filter((e) => e !== '')
  if (!list.length) throw webhookErrors.events('name at least one event')
  const allowed = new Set(webhookEvents())
  for (const e of list) {
    if (!allowed.has(e)) throw webhookErrors.events(`${e} is not an event an outgoing webhook can receive`)
  }
  return [...new Set(list)]
}

/**
 * Outgoing webhooks (local-integrations/local-webhooks.md): an administrator
 * names a handler URL and events, and gets the application_token that every
 * request carries in auth[application_token]. Each one is an apps row of kind
 * 'webhook' with event handlers, so its requests travel the same delivery
 * queue as an application's: retries, parking, attempts, replay, signature.
 */
export function createOutgoingWebhooks(deps: { clock: Clock; ids: Ids; allowPrivateHandlers: boolean }): OutgoingWebhooks {
  const { ids, clock } = deps

  async function handlerOf(value: string): Promise<string> {
    if (!value) throw appErrors.badUrl('HANDLER', 'the handler URL is required')
    await checkHandlerUrl(value, { allowPrivate: deps.allowPrivateHandlers, field: 'HANDLER' })
    return value
  }

  async function load(tx: Executor, id: number): Promise<OutgoingWebhook> {
    const row = await findApp(tx, id)
    if (!row || row.kind !== 'webhook') throw webhookErrors.notFound(id)
    const handlers = row.revoked_at ? [] : await handlersOfOwner(tx, id, OWNER)
    return { row, events: handlers.map((h) => h.event) }
  }

  async function bindAll(tx: Executor, appId: number, handler: string, events: string[]): Promise<void> {
    for (const event of events) await bindHandler(tx, { appId, event, handler, owner: OWNER })
  }

  return {
    async add(tx, byUserId, input) {
      const handler = await handlerOf(input.handler)
      const events = eventsOf(input.events)
      const clientId = `webhook.${ids.secret(14)}.${ids.secret(8)}`
      const row = await insertApp(tx, {
        kind: 'webhook',
        handler,
        client_id: clientId,
        // Never an OAuth client: the secret is only the key of the request signature.
        client_secret: ids.secret(50),
        application_token: ids.secret(32),
        code: clientId,
        title: input.title || handler,
        scopes: [],
        redirect_uri: '',
        install_handler: '',
        language_id: 'en',
        created_by: byUserId,
      })
      await bindAll(tx, row.id, handler, events)
      return { row, events }
    },

    async update(tx, id, changes) {
      const current = await load(tx, id)
      if (current.row.revoked_at) throw webhookErrors.deleted(id)
      const handler = changes.handler !== undefined ? await handlerOf(changes.handler) : current.row.handler
      const events = changes.events !== undefined ? eventsOf(changes.events) : current.events
      const set = {
        ...(changes.title !== undefined ? { title: changes.title } : {}),
        ...(changes.handler !== undefined ? { handler } : {}),
      }
      if (Object.keys(set).length) await updateWebhookRow(tx, id, set)
      if (changes.handler !== undefined || changes.events !== undefined) {
        // What is already queued still goes to the address it was queued for, as Bitrix24's queue does.
        await unbindOwner(tx, id, OWNER)
        await bindAll(tx, id, handler, events)
      }
      return load(tx, id)
    },

    async remove(tx, id) {
      const current = await load(tx, id)
      if (current.row.revoked_at) throw webhookErrors.deleted(id)
      await forgetApp(tx, id, { keepEventId: 0, at: clock.now() })
      await revokeApp(tx, id, clock.now())
      return load(tx, id)
    },

    get: load,

    async list(tx, page) {
      const rows = await listApps(tx, page, 'webhook')
      const items: OutgoingWebhook[] = []
      for (const row of rows) items.push(await load(tx, row.id))
      return { items, total: await countApps(tx, 'webhook') }
    },
  }
}
