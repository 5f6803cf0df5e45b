import { sql, type Generated } from 'kysely'
import { PREPARED, type Executor } from '../storage/db.js'

export interface EventHandlersTable {
  id: Generated<number>
  app_id: number
  event_name: string
  handler: string
  auth_type: number
  offline: boolean
  auth_connector: string
  options: Generated<Record<string, unknown>>
  owner: string
  last_notified_at: Date | null
  created_at: Generated<Date>
}

export interface EventsTable {
  id: Generated<number>
  event_name: string
  data: string
  chat_id: number | null
  user_id: number | null
  created_at: Generated<Date>
}

export type DeliveryState = 'new' | 'pending' | 'waiting' | 'delivered' | 'failed'

export interface EventDeliveriesTable {
  id: Generated<number>
  event_id: number
  handler_id: number
  app_id: number
  url: string
  auth_user_id: number | null
  order_key: string | null
  state: Generated<DeliveryState>
  due_at: Date | null
  attempts: Generated<number>
  retry_base: Generated<number>
  last_status: number | null
  last_error: string | null
  created_at: Generated<Date>
  finished_at: Date | null
}

export interface EventDeliveryAttemptsTable {
  id: Generated<number>
  delivery_id: number
  attempt: number
  started_at: Date
  duration_ms: number
  status_code: number | null
  error: string | null
  response: string | null
}

export interface EventOfflineTable {
  id: Generated<number>
  app_id: number
  auth_connector: string
  event_name: string
  event_data: string
  event_additional: string | null
  message_id: string
  process_id: Generated<string>
  error: Generated<boolean>
  timestamp_x: Generated<Date>
  reserved_at: Date | null
}

declare module '../storage/schema.js' {
  interface Database {
    event_handlers: EventHandlersTable
    events: EventsTable
    event_deliveries: EventDeliveriesTable
    event_delivery_attempts: EventDeliveryAttemptsTable
    event_offline: EventOfflineTable
  }
}

export type HandlerRow = Awaited<ReturnType<typeof handlersFor>>[number]

/** Handlers of live apps bound to an event, optionally only one app's or one owner's. */
export function handlersFor(db: Executor, event: string, to: { appId?: number; owner?: string }) {
  let q = db
    .selectFrom('event_handlers as h')
    .innerJoin('apps as a', 'a.id', 'h.app_id')
    .select(['h.id', 'h.app_id', 'h.handler', 'h.auth_type', 'h.offline', 'h.auth_connector', 'h.options', 'h.last_notified_at'])
    .where('h.event_name', '=', event)
    .where('a.revoked_at', 'is', null)
  if (to.appId !== undefined) q = q.where('h.app_id', '=', to.appId)
  if (to.owner !== undefined) q = q.where('h.owner', '=', to.owner)
  return q.orderBy('h.id').execute()
}

export async function insertEvent(
  db: Executor,
  row: { event: string; data: string; chatId: number | null; userId: number | null },
): Promise<{ id: number; created_at: Date }> {
  return db
    .insertInto('events')
    .values({ event_name: row.event, data: row.data, chat_id: row.chatId, user_id: row.userId })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow()
}

/** NOTIFY of one outbox id inside the writing transaction (PostgreSQL sends it at commit), for handles without commit hooks. */
export async function notifyEventAtCommit(db: Executor, id: number): Promise<void> {
  await sql`select pg_notify('ol_' || current_schema(), ${String(id)})`.execute(db)
}

export async function insertDeliveries(
  db: Executor,
  rows: Array<{ eventId: number; handlerId: number; appId: number; url: string; authUserId: number | null; orderKey: string | null }>,
): Promise<void> {
  if (!rows.length) return
  await db
    .insertInto('event_deliveries')
    .values(rows.map((r) => ({
      event_id: r.eventId, handler_id: r.handlerId, app_id: r.appId, url: r.url, auth_user_id: r.authUserId,
      order_key: r.orderKey, due_at: null, last_status: null, last_error: null, finished_at: null,
    })))
    .execute()
}

/** The offline queue keeps the latest state of an object: the same MESSAGE_ID only moves its time forward. */
export async function upsertOffline(
  db: Executor,
  rows: Array<{ appId: number; authConnector: string; event: string; data: string; additional: string | null; messageId: string }>,
): Promise<void> {
  if (!rows.length) return
  await sql`
    insert into event_offline (app_id, auth_connector, event_name, event_data, event_additional, message_id)
    select * from unnest(
      ${rows.map((r) => r.appId)}::int[], ${rows.map((r) => r.authConnector)}::text[], ${rows.map((r) => r.event)}::text[],
      ${rows.map((r) => r.data)}::text[], ${rows.map((r) => r.additional)}::text[], ${rows.map((r) => r.messageId)}::text[])
    on conflict (app_id, auth_connector, message_id) where process_id = '' and not error
    do update set timestamp_x = now(), event_data = excluded.event_data, event_additional = excluded.event_additional
  `.execute(db)
}

/**
 * ONOFFLINEEVENT's minTimeout: claims the right to notify this handler now.
 * Concurrent transactions queue on the row; the later ones see the new time and skip.
 */
export async function claimOfflineNotice(db: Executor, handlerId: number, minTimeoutSeconds: number): Promise<boolean> {
  const res = await db
    .updateTable('event_handlers')
    .set({ last_notified_at: sql`now()` })
    .where('id', '=', handlerId)
    .where((eb) => eb.or([
      eb('last_notified_at', 'is', null),
      eb('last_notified_at', '<=', sql<Date>`now() - make_interval(secs => ${minTimeoutSeconds})`),
    ]))
    .executeTakeFirst()
  return Number(res.numUpdatedRows) > 0
}

export function insertHandler(
  db: Executor,
  row: { appId: number; event: string; handler: string; authType: number; offline: boolean; authConnector: string; options: Record<string, unknown>; owner: string },
) {
  return db
    .insertInto('event_handlers')
    .values({
      app_id: row.appId, event_name: row.event, handler: row.handler, auth_type: row.authType, offline: row.offline,
      auth_connector: row.authConnector, options: JSON.stringify(row.options) as unknown as Record<string, unknown>,
      owner: row.owner, last_notified_at: null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst()
}

export function listHandlers(db: Executor, appId: number, userId: number | null) {
  let q = db.selectFrom('event_handlers').selectAll().where('app_id', '=', appId)
  if (userId !== null) q = q.where('auth_type', '=', userId)
  return q.orderBy('id').execute()
}

export async function deleteHandlers(
  db: Executor,
  f: { appId: number; event?: string; handler?: string; offline?: boolean; authType?: number; authConnector?: string; owner?: string },
): Promise<number> {
  let q = db.deleteFrom('event_handlers').where('app_id', '=', f.appId)
  if (f.event !== undefined) q = q.where('event_name', '=', f.event)
  if (f.handler !== undefined) q = q.where('handler', '=', f.handler)
  if (f.offline !== undefined) q = q.where('offline', '=', f.offline)
  if (f.authType !== undefined) q = q.where('auth_type', '=', f.authType)
  if (f.authConnector !== undefined) q = q.where('auth_connector', '=', f.authConnector)
  if (f.owner !== undefined) q = q.where('owner', '=', f.owner)
  const res = await q.executeTakeFirst()
  return Number(res.numDeletedRows)
}

/** An uninstalled app: its queued deliveries (but `keepEventId`'s) are parked and its offline queue dropped. */
export async function cancelAppDeliveries(db: Executor, appId: number, keepEventId: number, at: Date): Promise<void> {
  await db
    .updateTable('event_deliveries')
    .set({ state: 'failed', due_at: null, finished_at: at, last_error: 'application uninstalled' })
    .where('app_id', '=', appId)
    .where('state', 'in', ['new', 'pending', 'waiting'])
    .where('event_id', '<>', keepEventId)
    .execute()
  await db.deleteFrom('event_offline').where('app_id', '=', appId).execute()
}

export interface OutboxWrite {
  event: string
  data: string
  chatId: number | null
  userId: number | null
  to: { appId?: number; owner?: string }
  /** false for events whose `auth` carries no tokens (ONAPPUNINSTALL). */
  withUser: boolean
}

/**
 * The outbox write in one round trip: the event row, and a delivery for each
 * online handler of a live app addressed by `to`. Returns the event id and
 * the offline handlers, which the caller queues by its own rules.
 */
export async function writeOutbox(db: Executor, w: OutboxWrite): Promise<{ id: number; queued: number; offline: Array<{ id: number; app_id: number; auth_connector: string }> }> {
  const byApp = w.to.appId !== undefined ? sql`and h.app_id = ${w.to.appId}` : sql``
  const byOwner = w.to.owner !== undefined ? sql`and h.owner = ${w.to.owner}` : sql``
  const authUser = w.withUser ? sql`coalesce(nullif(h.auth_type, 0), ${w.userId}::int)` : sql`null::int`
  // Prepared: every change of every domain writes through here; its text takes a handful of shapes (to, withUser).
  const res = await sql<{ id: number; queued: number; offline: Array<{ id: number; app_id: number; auth_connector: string }> }>`${sql.raw(PREPARED)}
    with h as (
      select h.id, h.app_id, h.handler, h.auth_type, h.offline, h.auth_connector
      from event_handlers h join apps a on a.id = h.app_id
      where h.event_name = ${w.event} and a.revoked_at is null ${byApp} ${byOwner}
    ), ev as (
      insert into events (event_name, data, chat_id, user_id)
      values (${w.event}, ${w.data}, ${w.chatId}::bigint, ${w.userId}::int) returning id
    ), d as (
      insert into event_deliveries (event_id, handler_id, app_id, url, auth_user_id, order_key)
      select ev.id, h.id, h.app_id, h.handler, ${authUser}, ${w.chatId === null ? null : String(w.chatId)}::text
      from ev, h where not h.offline order by h.id
    )
    select ev.id, (select count(*) from h where not h.offline)::int as queued, coalesce((select json_agg(json_build_object('id', h.id, 'app_id', h.app_id, 'auth_connector', h.auth_connector) order by h.id)
                            from h where h.offline), '[]'::json) as offline
    from ev`.execute(db)
  const row = res.rows[0]
  return { id: Number(row.id), queued: Number(row.queued), offline: row.offline }
}
