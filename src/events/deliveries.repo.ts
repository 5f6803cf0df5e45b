import { sql } from 'kysely'
import type { DeliveryState } from './events.repo.js'
import type { Executor } from '../storage/db.js'

export interface DeliveryFilter {
  state?: DeliveryState
  appId?: number
  event?: string
}

function filtered(db: Executor, f: DeliveryFilter) {
  let q = db.selectFrom('event_deliveries as d').innerJoin('events as e', 'e.id', 'd.event_id')
  if (f.state) q = q.where('d.state', '=', f.state)
  if (f.appId !== undefined) q = q.where('d.app_id', '=', f.appId)
  if (f.event) q = q.where('e.event_name', '=', f.event.toUpperCase())
  return q
}

const COLUMNS = [
  'd.id', 'd.event_id', 'e.event_name', 'd.handler_id', 'd.app_id', 'd.url', 'd.state', 'd.attempts', 'd.last_status',
  'd.last_error', 'd.due_at', 'd.created_at', 'd.finished_at', 'e.chat_id',
] as const

export function listDeliveries(db: Executor, f: DeliveryFilter, page: { offset: number; limit: number }) {
  return filtered(db, f).select(COLUMNS).orderBy('d.id', 'desc').offset(page.offset).limit(page.limit).execute()
}

export async function countDeliveries(db: Executor, f: DeliveryFilter): Promise<number> {
  const row = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export function findDelivery(db: Executor, id: number) {
  return db
    .selectFrom('event_deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .select([...COLUMNS, 'e.data', 'd.auth_user_id'])
    .where('d.id', '=', id)
    .executeTakeFirst()
}

export function attemptsOf(db: Executor, deliveryId: number) {
  return db
    .selectFrom('event_delivery_attempts')
    .select(['attempt', 'started_at', 'duration_ms', 'status_code', 'error', 'response'])
    .where('delivery_id', '=', deliveryId)
    .orderBy('attempt')
    .execute()
}

/** Puts parked deliveries back in the queue with a fresh budget of tries; the delivery id (and header) stays. */
export async function replayDeliveries(db: Executor, sel: { ids?: number[]; appId?: number }): Promise<number> {
  const res = await sql`
    update event_deliveries set state = 'new', due_at = null, finished_at = null, retry_base = attempts
    where state = 'failed' and app_id not in (select id from apps where revoked_at is not null)
      ${sel.ids ? sql`and id = any(${sel.ids}::bigint[])` : sql``}
      ${sel.appId !== undefined ? sql`and app_id = ${sel.appId}` : sql``}`.execute(db)
  return Number(res.numAffectedRows ?? 0n)
}

/** How one event's deliveries stand, for a domain that watches its own events (the bots' delivery watch). */
export interface EventDeliveryState {
  state: DeliveryState
  /** Tries since the delivery was last replayed. */
  attempts: number
  lastStatus: number | null
  lastError: string | null
}

export async function deliveryStatesOfEvent(db: Executor, eventId: number): Promise<EventDeliveryState[]> {
  const rows = await db
    .selectFrom('event_deliveries')
    .select(['state', 'attempts', 'retry_base', 'last_status', 'last_error'])
    .where('event_id', '=', eventId)
    .execute()
  return rows.map((r) => ({ state: r.state, attempts: r.attempts - r.retry_base, lastStatus: r.last_status, lastError: r.last_error }))
}
