import { sql, type RawBuilder } from 'kysely'
import { eventSpec } from './event-catalogue.js'

/**
 * Outbox rows written by the same statement that inserts the row they tell
 * of (a message), so a change and its events take one round trip and no
 * explicit transaction: one statement is all or nothing.
 *
 * The row's id is not known when `data` is built: the builder puts
 * `ROW_ID_SLOT` where it goes, and the statement fills in the new id.
 */
export const ROW_ID_SLOT = -0.25

/** NUL can never be stored in PostgreSQL text, so this token cannot come from stored data. */
const TOKEN = '\u0000row-id'
const TOKEN_JSON = JSON.stringify(TOKEN)

export interface PlannedEvent {
  event: string
  data: Record<string, unknown>
  chatId: number | null
  userId: number | null
  to?: { appId?: number; owner?: string }
}

/** Events to write with a row, and conditions under which that one statement may write at all. */
export interface PlannedOutbox {
  events: PlannedEvent[]
  /** Each must hold, else the statement writes nothing and the caller takes its transactional path. */
  guards: RawBuilder<unknown>[]
}

export interface OutboxSql {
  /** CTEs to follow the one named `rowCte` (starting with a comma). */
  ctes: RawBuilder<unknown>
  /** A condition that is true when no planned event needs more than these CTEs (offline handlers do). */
  guard: RawBuilder<unknown>
  /** An expression: the new event ids, as an int8 array. */
  ids: RawBuilder<unknown>
  /** An expression: how many deliveries the events got, an int. */
  queued: RawBuilder<unknown>
}

function template(data: Record<string, unknown>): string[] {
  return JSON.stringify(data, (_key, value: unknown) => (value === ROW_ID_SLOT ? TOKEN : value)).split(TOKEN_JSON)
}

/**
 * The SQL of a plan, inserting after `rowCte` (a CTE that returns the new row's `id`):
 * the event rows, with the id filled into `data`, and a delivery for each online
 * handler of a live app, as `writeOutbox` does. Offline handlers go through
 * `recordEvent`'s queue, so the guard refuses when an event has any.
 */
export function outboxSql(plan: PlannedOutbox, rowCte: string): OutboxSql {
  const row = sql.ref(rowCte)
  const ctes: RawBuilder<unknown>[] = []
  const guards: RawBuilder<unknown>[] = [...plan.guards]
  plan.events.forEach((e, i) => {
    const name = e.event.toUpperCase()
    const spec = eventSpec(name)
    if (!spec) throw new Error(`outboxSql: unknown event ${e.event}; add it to the event catalogue`)
    const to = e.to ?? {}
    const byApp = to.appId !== undefined ? sql`and h.app_id = ${to.appId}` : sql``
    const byOwner = to.owner !== undefined ? sql`and h.owner = ${to.owner}` : sql``
    const h = sql.ref(`oh${i}`)
    const authUser = spec.tokens !== 'none' ? sql`coalesce(nullif(${h}.auth_type, 0), ${e.userId}::int)` : sql`null::int`
    const ev = sql.ref(`oe${i}`)
    guards.push(sql`not exists (select 1 from event_handlers h join apps a on a.id = h.app_id
      where h.event_name = ${name} and h.offline and a.revoked_at is null ${byApp} ${byOwner})`)
    ctes.push(sql`, ${h} as (
      select h.id, h.app_id, h.handler, h.auth_type from event_handlers h join apps a on a.id = h.app_id
      where h.event_name = ${name} and not h.offline and a.revoked_at is null ${byApp} ${byOwner}
    ), ${ev} as (
      insert into events (event_name, data, chat_id, user_id)
      select ${name}, array_to_string(${template(e.data)}::text[], ${row}.id::text), ${e.chatId}::bigint, ${e.userId}::int from ${row}
      returning id
    ), ${sql.ref(`od${i}`)} as (
      insert into event_deliveries (event_id, handler_id, app_id, url, auth_user_id, order_key)
      select ${ev}.id, ${h}.id, ${h}.app_id, ${h}.handler, ${authUser}, ${e.chatId === null ? null : String(e.chatId)}::text
      from ${ev}, ${h} order by ${h}.id
    )`)
  })
  const ids = plan.events.length
    ? sql`array[${sql.join(plan.events.map((_, i) => sql`(select id from ${sql.ref(`oe${i}`)})`))}]::int8[]`
    : sql`array[]::int8[]`
  const queued = plan.events.length
    ? sql`(${sql.join(plan.events.map((_, i) => sql`(select count(*) from ${sql.ref(`oh${i}`)})`), sql` + `)})::int`
    : sql`0`
  return { ctes: sql.join(ctes, sql``), guard: guards.length ? sql.join(guards, sql` and `) : sql`true`, ids, queued }
}
