import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../storage/db.js'

/** A filter condition of event.offline.*: `>ID: 5` becomes { field: 'id', op: '>', value: 5 }. */
export interface Condition {
  column: 'id' | 'timestamp_x' | 'event_name' | 'message_id' | 'process_id' | 'error'
  op: '=' | '<>' | '>' | '<' | '>=' | '<='
  value: string | number | boolean | Date
}

export interface Sort {
  column: Condition['column']
  desc: boolean
}

export interface QueueScope {
  appId: number
  authConnector: string
}

function where(scope: QueueScope, conds: Condition[]): RawBuilder<unknown> {
  const parts = [sql`app_id = ${scope.appId}`, sql`auth_connector = ${scope.authConnector}`]
  for (const c of conds) {
    const value = c.value instanceof Date ? sql`${c.value.toISOString()}::timestamptz` : sql`${c.value}`
    parts.push(sql`${sql.ref(c.column)} ${sql.raw(c.op)} ${value}`)
  }
  return sql.join(parts, sql` and `)
}

function orderBy(sorts: Sort[]): RawBuilder<unknown> {
  return sql.join([...sorts.map((s) => sql`${sql.ref(s.column)} ${sql.raw(s.desc ? 'desc' : 'asc')}`), sql`id asc`], sql`, `)
}

export interface OfflineRow {
  id: number
  timestamp_x: Date
  event_name: string
  event_data: string
  event_additional: string | null
  message_id: string
  process_id: string
  error: boolean
}

/** Reserves up to `limit` free records for a new process; parallel callers get disjoint sets. */
export async function reserve(
  tx: Executor, scope: QueueScope, conds: Condition[], sorts: Sort[], limit: number, processId: string, at: Date,
): Promise<void> {
  await sql`
    update event_offline set process_id = ${processId}, reserved_at = ${at.toISOString()}::timestamptz
    where id in (
      select id from event_offline where ${where(scope, conds)} and process_id = ''
      order by ${orderBy(sorts)} limit ${limit} for update skip locked)`.execute(tx)
}

export async function select(tx: Executor, scope: QueueScope, conds: Condition[], sorts: Sort[], limit: number, offset = 0): Promise<OfflineRow[]> {
  const res = await sql<OfflineRow>`
    select id, timestamp_x, event_name, event_data, event_additional, message_id, process_id, error
    from event_offline where ${where(scope, conds)} order by ${orderBy(sorts)} limit ${limit} offset ${offset}`.execute(tx)
  return res.rows.map((r) => ({ ...r, id: Number(r.id) }))
}

export async function count(tx: Executor, scope: QueueScope, conds: Condition[]): Promise<number> {
  const res = await sql<{ n: number }>`select count(*)::int as n from event_offline where ${where(scope, conds)}`.execute(tx)
  return Number(res.rows[0]?.n ?? 0)
}

/** Deletes a process's records: all of them, or those with the given ids or MESSAGE_IDs. */
export async function clear(tx: Executor, scope: QueueScope, processId: string, only?: { ids?: number[]; messageIds?: string[] }): Promise<void> {
  const extra = only?.ids ? sql` and id = any(${only.ids}::bigint[])` : only?.messageIds ? sql` and message_id = any(${only.messageIds}::text[])` : sql``
  await sql`delete from event_offline where ${where(scope, [])} and process_id = ${processId}${extra}`.execute(tx)
}

/** Marks a process's records as erroneous and releases them: event.offline.get with error=1 returns them. */
export async function markError(tx: Executor, scope: QueueScope, processId: string, messageIds: string[]): Promise<void> {
  await sql`
    update event_offline set error = true, process_id = '', reserved_at = null
    where ${where(scope, [])} and process_id = ${processId} and message_id = any(${messageIds}::text[])`.execute(tx)
}
