import { sql, type Generated } from 'kysely'
import type { Executor } from '../storage/db.js'
import type { ChatRow } from '../chats/chats.repo.js'

export interface OperatorLoadTable {
  line_id: number
  user_id: number
  position: Generated<number>
  in_queue: Generated<boolean>
  offered: Generated<number>
  answered: Generated<number>
  closing: Generated<number>
  last_offered_at: Date | null
}

export interface RoutingQueuesTable {
  line_id: number
  queue: number[]
}

declare module '../storage/schema.js' {
  interface Database {
    operator_load: OperatorLoadTable
    routing_queues: RoutingQueuesTable
  }
}

export type LoadBucket = 'offered' | 'answered' | 'closing'

export interface LoadDelta {
  lineId: number
  userId: number
  offered: number
  answered: number
  closing: number
  /** Set when the operator was just given a dialogue (evenly ties go to who got one longest ago). */
  offeredAt: Date | null
}

/**
 * Applies load changes in (line, user) order, so two transactions moving
 * dialogues between the same operators lock their rows in the same order.
 */
export async function applyLoad(db: Executor, deltas: LoadDelta[]): Promise<void> {
  const merged = new Map<string, LoadDelta>()
  for (const d of deltas) {
    const key = `${d.lineId}:${d.userId}`
    const seen = merged.get(key)
    merged.set(key, seen
      ? { ...seen, offered: seen.offered + d.offered, answered: seen.answered + d.answered, closing: seen.closing + d.closing, offeredAt: d.offeredAt ?? seen.offeredAt }
      : d)
  }
  const sorted = [...merged.values()].sort((a, b) => a.lineId - b.lineId || a.userId - b.userId)
  for (const d of sorted) {
    await db
      .insertInto('operator_load')
      .values({ line_id: d.lineId, user_id: d.userId, in_queue: false, offered: d.offered, answered: d.answered, closing: d.closing, last_offered_at: d.offeredAt })
      .onConflict((oc) =>
        oc.columns(['line_id', 'user_id']).doUpdateSet((eb) => ({
          offered: sql<number>`greatest(0, ${eb.ref('operator_load.offered')} + ${d.offered})`,
          answered: sql<number>`greatest(0, ${eb.ref('operator_load.answered')} + ${d.answered})`,
          closing: sql<number>`greatest(0, ${eb.ref('operator_load.closing')} + ${d.closing})`,
          last_offered_at: d.offeredAt ?? eb.ref('operator_load.last_offered_at'),
        })),
      )
      .execute()
  }
}

/** Makes operator_load list exactly the line's queue, in its order, unless it already does; true when it changed anything. */
export async function syncQueue(db: Executor, lineId: number, queue: number[]): Promise<boolean> {
  const seen = await db.selectFrom('routing_queues').select('queue').where('line_id', '=', lineId).executeTakeFirst()
  if (seen && seen.queue.join(',') === queue.join(',')) return false
  await db
    .insertInto('routing_queues')
    .values({ line_id: lineId, queue })
    .onConflict((oc) => oc.column('line_id').doUpdateSet({ queue }))
    .execute()
  if (queue.length) {
    await sql`
      insert into operator_load (line_id, user_id, position, in_queue)
      select ${lineId}, q.uid, q.pos, true from unnest(${sql.val(queue)}::int[]) with ordinality as q(uid, pos)
      on conflict (line_id, user_id) do update set position = excluded.position, in_queue = true`.execute(db)
  }
  await db
    .updateTable('operator_load')
    .set({ in_queue: false })
    .where('line_id', '=', lineId)
    .where('in_queue', '=', true)
    .where(sql<boolean>`not (user_id = any(${sql.val(queue)}::int[]))`)
    .execute()
  return true
}

export interface PickQuery {
  lineId: number
  exclude: number[]
  checkAvailable: boolean
  maxChat: number
  typeMaxChat: 'answered' | 'answered_new' | 'closed'
  /** Only this operator, if eligible (CRM_FORWARD asks about the customer's responsible). */
  only?: number
}

function heldExpr(type: PickQuery['typeMaxChat']) {
  if (type === 'answered') return sql`ol.answered`
  if (type === 'answered_new') return sql`(ol.offered + ol.answered)`
  return sql`(ol.offered + ol.answered + ol.closing)`
}

/**
 * Queue operators of a line who may take a dialogue now: active, online when
 * the line checks availability, under MAX_CHAT, not excluded. Rows other
 * transactions are using are skipped rather than waited for.
 */
export async function pickOperators(db: Executor, q: PickQuery, order: 'evenly' | 'strictly' | 'all'): Promise<number[]> {
  const orderBy =
    order === 'evenly'
      ? sql`(ol.offered + ol.answered), ol.last_offered_at nulls first, ol.position`
      : sql`ol.position`
  const capacity = q.maxChat > 0 ? sql`and ${heldExpr(q.typeMaxChat)} < ${q.maxChat}` : sql``
  const online = q.checkAvailable ? sql`and u.is_online` : sql``
  const limit = order === 'all' ? sql`` : sql`limit 1`
  const only = q.only !== undefined ? sql`and ol.user_id = ${q.only}` : sql``
  const lock = order === 'all' ? sql`` : sql`for update of ol skip locked`
  const res = await sql<{ user_id: number }>`
    select ol.user_id from operator_load ol join users u on u.id = ol.user_id
    where ol.line_id = ${q.lineId} and ol.in_queue and u.active ${online} ${capacity} ${only}
      and not (ol.user_id = any(${sql.val(q.exclude)}::int[]))
    order by ${orderBy} ${limit} ${lock}`.execute(db)
  return res.rows.map((r) => r.user_id)
}

/** Lines whose queue holds the operator. */
export async function linesOfOperator(db: Executor, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('operator_load').select('line_id').where('user_id', '=', userId).where('in_queue', '=', true).execute()
  return rows.map((r) => r.line_id)
}

export async function linesWithWaiting(db: Executor, limit: number): Promise<number[]> {
  const res = await sql<{ line_id: number }>`
    select distinct line_id from sessions where status = 'waiting' limit ${limit}`.execute(db)
  return res.rows.map((r) => r.line_id)
}

export async function setPresence(db: Executor, userId: number, online: boolean, at: Date): Promise<boolean> {
  const res = await db.updateTable('users').set({ is_online: online, last_activity: at }).where('id', '=', userId).executeTakeFirst()
  return Number(res.numUpdatedRows) > 0
}

export async function isOnline(db: Executor, userId: number): Promise<boolean | null> {
  const row = await db.selectFrom('users').select(['is_online', 'active']).where('id', '=', userId).executeTakeFirst()
  return row ? row.is_online : null
}
