import { createHash } from 'node:crypto'
import type { Executor } from '../storage/db.js'
import { eventSpec } from './event-catalogue.js'
import { afterCommit } from '../storage/commit-hooks.js'
import { announcementToken } from './announcement.js'
import { claimOfflineNotice, handlersFor, insertDeliveries, insertEvent, notifyEventAtCommit, upsertOffline, writeOutbox, type HandlerRow } from './events.repo.js'

/** The commit-hook kind under which new outbox ids wait to be announced (realtime feeds, delivery workers). */
export const EVENT_COMMITTED = 'event'

/** Tells the processes about a new outbox row once it is committed: after commit when the handle is hooked, else by NOTIFY at commit. */
async function announce(tx: Executor, id: number, chatId: number | null, queued: number): Promise<void> {
  if (!afterCommit(tx, EVENT_COMMITTED, announcementToken(id, chatId, queued))) await notifyEventAtCommit(tx, id)
}

/** The same for outbox rows of one chat that a statement of another domain wrote (planned-outbox.ts), with the deliveries it queued. */
export async function announceEvents(ex: Executor, ids: number[], chatId: number | null, queued: number): Promise<void> {
  for (const id of ids) await announce(ex, id, chatId, queued)
}

/** Where in `data` an auth block of the receiving app goes (see withEventAuth). */
export const EVENT_AUTH_KEY = '$eventAuth'

/**
 * An event, as a domain records it inside the transaction of the change.
 *
 * Addressing (`to`): by default every live app with a handler for the event
 * (ONSESSIONSTART, ONCRMLEADADD ...); `{ appId }` only that app's handlers
 * (OnImConnectorMessageAdd to the connector's app); `{ appId, owner }` only the
 * handlers that app registered for one object through its domain
 * (ONIMBOTMESSAGEADD to the bot's own EVENT_MESSAGE_ADD URL, owner 'bot:12').
 */
export interface RecordEventInput {
  /** A name from the event catalogue, any case. */
  event: string
  /** What handlers receive as `data`, with its keys in the order given. */
  data: Record<string, unknown> | unknown[] | number
  to?: { appId?: number; owner?: string }
  /** The chat the change happened in: each handler receives one chat's events in the order they were recorded. */
  chatId?: number | null
  /** The user whose action raised the event: handlers get this user's tokens (unless bound with auth_type). */
  userId?: number | null
  /** The calling actor, when the change came from a REST call: its user and source key (auth_connector). */
  actor?: { userId: number; authConnector?: string } | null
}

/**
 * Marks a place in `data` where the receiving app gets an auth block of a
 * given user (the bot's own tokens in ONIMBOTMESSAGEADD's `data[BOT][id]`);
 * the worker fills it at delivery, before the other keys of `rest`.
 */
export function withEventAuth(userId: number, rest: Record<string, unknown> = {}): Record<string, unknown> {
  return { [EVENT_AUTH_KEY]: { userId }, ...rest }
}

/** Handlers notified with minTimeout=0 in this transaction: once per transaction, as once per hit on Bitrix24. */
const noticedIn = new WeakMap<Executor, Set<number>>()

/** Records an event and queues it for every addressed handler; returns the event id. */
export async function recordEvent(tx: Executor, input: RecordEventInput): Promise<number> {
  const name = input.event.toUpperCase()
  const spec = eventSpec(name)
  if (!spec) throw new Error(`recordEvent: unknown event ${input.event}; add it to the event catalogue`)
  const userId = input.userId ?? input.actor?.userId ?? null
  const data = JSON.stringify(input.data)
  const chatId = input.chatId ?? null
  const event = await writeOutbox(tx, { event: name, data, chatId, userId, to: input.to ?? {}, withUser: spec.tokens !== 'none' })
  await announce(tx, event.id, chatId, event.queued)
  const source = input.actor?.authConnector ?? ''
  // A change made by the app through a source key is not queued back to that key's queue (offline-events.md, cycles).
  const offline = event.offline.filter((h) => !(source !== '' && h.auth_connector === source))
  if (offline.length) await queueOffline(tx, name, data, userId, offline)
  return event.id
}

async function queueOffline(
  tx: Executor, name: string, data: string, userId: number | null, handlers: Array<{ app_id: number; auth_connector: string }>,
): Promise<void> {
  const messageId = createHash('md5').update(`${name}|${data}`).digest('hex')
  const additional = userId ? JSON.stringify({ user_id: userId }) : null
  await upsertOffline(tx, handlers.map((h) => ({ appId: h.app_id, authConnector: h.auth_connector, event: name, data, additional, messageId })))
  for (const appId of new Set(handlers.map((h) => h.app_id))) await noticeOffline(tx, appId, userId)
}

/** ONOFFLINEEVENT to the app's handlers of it, no more often than each one's minTimeout (on-offline-event.md). */
async function noticeOffline(tx: Executor, appId: number, userId: number | null): Promise<void> {
  const due: HandlerRow[] = []
  for (const h of await handlersFor(tx, 'ONOFFLINEEVENT', { appId })) {
    if (h.offline) continue
    const minTimeout = Number((h.options as { minTimeout?: unknown }).minTimeout ?? 1)
    if (minTimeout > 0) {
      if (await claimOfflineNotice(tx, h.id, minTimeout)) due.push(h)
      continue
    }
    const seen = noticedIn.get(tx) ?? new Set<number>()
    noticedIn.set(tx, seen)
    if (!seen.has(h.id)) {
      seen.add(h.id)
      due.push(h)
    }
  }
  if (!due.length) return
  const event = await insertEvent(tx, { event: 'ONOFFLINEEVENT', data: '[]', chatId: null, userId })
  await announce(tx, event.id, null, due.length)
  await insertDeliveries(tx, due.map((h) => ({
    eventId: event.id, handlerId: h.id, appId: h.app_id, url: h.handler, authUserId: h.auth_type || userId, orderKey: null,
  })))
}
