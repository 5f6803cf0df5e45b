import { sql, type Generated, type RawBuilder } from 'kysely'
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

/** Load changes merged per (line, user), in (line, user) order: two transactions then lock shared rows in the same order. */
function mergedLoad(deltas: LoadDelta[]): LoadDelta[] {
  const merged = new Map<string, LoadDelta>()
  for (const d of deltas) {
    const key = `${d.lineId}:${d.userId}`
    const seen = merged.get(key)
    merged.set(key, seen
      ? { ...seen, offered: seen.offered + d.offered, answered: seen.answered + d.answered, closing: seen.closing + d.closing, offeredAt: d.offeredAt ?? seen.offeredAt }
      : d)
  }
  return [...merged.values()].sort((a, b) => a.lineId - b.lineId || a.userId - b.userId)
}

/**
 * The load changes as one INSERT ... ON CONFLICT (for a CTE of a larger
 * statement), applied only when `when` holds; rows in (line, user) order.
 * Null when there is nothing to change.
 */
export function loadChangeSql(deltas: LoadDelta[], when: RawBuilder<boolean> = sql<boolean>`true`): RawBuilder<unknown> | null {
  const rows = mergedLoad(deltas)
  if (!rows.length) return null
  const col = <T>(pick: (d: LoadDelta) => T) => sql.val(rows.map(pick))
  return sql`
    insert into operator_load (line_id, user_id, in_queue, offered, answered, closing, last_offered_at)
    select d.line_id, d.user_id, false, d.offered, d.answered, d.closing, d.offered_at
    from unnest(${col((d) => d.lineId)}::int[], ${col((d) => d.userId)}::int[], ${col((d) => d.offered)}::int[],
      ${col((d) => d.answered)}::int[], ${col((d) => d.closing)}::int[], ${col((d) => d.offeredAt?.toISOString() ?? null)}::timestamptz[])
      with ordinality as d(line_id, user_id, offered, answered, closing, offered_at, n)
    where ${when}
    order by d.n
    on conflict (line_id, user_id) do update set
      offered = greatest(0, operator_load.offered + excluded.offered),
      answered = greatest(0, operator_load.answered + excluded.answered),
      closing = greatest(0, operator_load.closing + excluded.closing),
      last_offered_at = coalesce(excluded.last_offered_at, operator_load.last_offered_at)`
}

/** Applies load changes on their own, in one statement. */
export async function applyLoad(db: Executor, deltas: LoadDelta[]): Promise<void> {
  const change = loadChangeSql(deltas)
  if (change) await change.execute(db)
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

/** Who may take a dialogue of the line now, as a condition on `ol` (operator_load) joined to `u` (users). */
function eligible(q: PickQuery) {
  const capacity = q.maxChat > 0 ? sql`and ${heldExpr(q.typeMaxChat)} < ${q.maxChat}` : sql``
  const online = q.checkAvailable ? sql`and u.is_online` : sql``
  const only = q.only !== undefined ? sql`and ol.user_id = ${q.only}` : sql``
  return sql`ol.line_id = ${q.lineId} and ol.in_queue and u.active ${online} ${capacity} ${only}
      and not (ol.user_id = any(${sql.val(q.exclude)}::int[]))`
}

/**
 * Queue operators of a line who may take a dialogue now: active, online when
 * the line checks availability, under MAX_CHAT, not excluded. The strategies
 * that pick one lock that operator's row, skipping rows other transactions
 * are using rather than waiting for them.
 */
export function pickOperatorsSql(
  q: PickQuery, order: 'evenly' | 'strictly' | 'all', opts: { lock?: boolean; notIn?: RawBuilder<unknown> } = {},
): RawBuilder<{ user_id: number }> {
  const orderBy =
    order === 'evenly'
      ? sql`(ol.offered + ol.answered), ol.last_offered_at nulls first, ol.position`
      : sql`ol.position`
  const lock = opts.lock ?? true
  const tail = order === 'all' ? sql`` : lock ? sql`limit 1 for update of ol skip locked` : sql`limit 1`
  const notIn = opts.notIn ? sql`and ol.user_id not in (${opts.notIn})` : sql``
  return sql<{ user_id: number }>`
    select ol.user_id from operator_load ol join users u on u.id = ol.user_id
    where ${eligible(q)} ${notIn}
    order by ${orderBy} ${tail}`
}

export async function pickOperators(db: Executor, q: PickQuery, order: 'evenly' | 'strictly' | 'all'): Promise<number[]> {
  const res = await pickOperatorsSql(q, order).execute(db)
  return res.rows.map((r) => r.user_id)
}

/**
 * Whether the line has room for another dialogue once `picked` (a one-column
 * `user_id` relation) is offered one: the picked operator stays under
 * MAX_CHAT, or someone else may take one now. Read without locks: a wrong
 * "yes" costs one more look, and a "no" made stale by another transaction
 * is that transaction's to act on (it hands out what it freed).
 */
export function roomAfterOfferSql(q: PickQuery, order: 'evenly' | 'strictly', picked: RawBuilder<unknown>): RawBuilder<boolean> {
  const after = q.typeMaxChat === 'answered' ? sql`${heldExpr(q.typeMaxChat)}` : sql`${heldExpr(q.typeMaxChat)} + 1`
  const pickedRoom = q.maxChat > 0
    ? sql`exists (select 1 from operator_load ol where ol.line_id = ${q.lineId} and ol.user_id in (${picked}) and ${after} < ${q.maxChat})`
    : sql`true`
  // Asked as the strategy's own pick (its index, in its order, stopping at the first): a scalar subquery keeps
  // its ORDER BY and LIMIT, which PostgreSQL drops from an EXISTS, and would then scan the whole queue.
  return sql<boolean>`(${pickedRoom} or (${pickOperatorsSql(q, order, { lock: false, notIn: picked })}) is not null)`
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
