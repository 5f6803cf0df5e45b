import { sql } from 'kysely'
import type { Executor } from '../storage/db.js'

/** A delivery taken by a worker, with what its request needs. */
export interface ClaimedDelivery {
  id: number
  handler_id: number
  app_id: number
  url: string
  auth_user_id: number | null
  order_key: string | null
  attempts: number
  retry_base: number
  event_name: string
  data: string
  event_created_at: Date
  client_id: string
  client_secret: string
  application_token: string
  scopes: string[]
}

interface Candidate { id: number; handler_id: number; order_key: string | null }

const ids = (list: number[]) => sql`${list}::bigint[]`

async function candidates(tx: Executor, now: Date, limit: number, exclude: number[]): Promise<Candidate[]> {
  const excl = exclude.length ? sql`and handler_id <> all(${exclude}::int[])` : sql``
  const due = await sql<Candidate>`
    select id, handler_id, order_key from event_deliveries
    where state = 'pending' and due_at <= ${now.toISOString()}::timestamptz ${excl}
    order by due_at limit ${limit} for update skip locked`.execute(tx)
  const left = limit - due.rows.length
  if (left <= 0) return due.rows
  const fresh = await sql<Candidate>`
    select id, handler_id, order_key from event_deliveries
    where state = 'new' ${excl} order by id limit ${left} for update skip locked`.execute(tx)
  return [...due.rows, ...fresh.rows]
}

/** The earliest unfinished delivery of each (handler, key): the only one of its key that may go out. */
async function headsOf(tx: Executor, keys: Candidate[]): Promise<Map<string, { id: number; state: string }>> {
  const res = await sql<{ h: number; k: string; id: number; state: string }>`
    select k.h, k.k, x.id, x.state
    from unnest(${keys.map((c) => c.handler_id)}::int[], ${keys.map((c) => c.order_key)}::text[]) as k(h, k)
    cross join lateral (
      select id, state from event_deliveries
      where handler_id = k.h and order_key = k.k and state in ('new', 'pending', 'waiting')
      order by id limit 1
    ) x`.execute(tx)
  return new Map(res.rows.map((r) => [`${r.h}|${r.k}`, { id: Number(r.id), state: r.state }]))
}

/**
 * Takes up to `limit` due deliveries for this worker, in one transaction:
 * rows locked by other workers are skipped (FOR UPDATE SKIP LOCKED), a row
 * behind an unfinished earlier one of its handler and chat is set waiting
 * (the earlier one wakes it when it finishes), and the rest are leased until
 * `leaseUntil`, after which another worker may take them again.
 */
export async function claimDeliveries(
  tx: Executor,
  opts: { now: Date; limit: number; leaseUntil: Date; excludeHandlers: number[] },
): Promise<ClaimedDelivery[]> {
  const cands = (await candidates(tx, opts.now, opts.limit, opts.excludeHandlers)).map((c) => ({ ...c, id: Number(c.id) }))
  if (!cands.length) return []
  const ordered = cands.filter((c) => c.order_key !== null)
  const heads = ordered.length ? await headsOf(tx, ordered) : new Map<string, { id: number; state: string }>()
  const mine = new Set(cands.map((c) => c.id))
  const blockedBy = new Map<number, number>()
  for (const c of ordered) {
    const head = heads.get(`${c.handler_id}|${c.order_key}`)
    if (head && head.id !== c.id) blockedBy.set(c.id, head.id)
  }
  const foreignHeads = [...new Set(blockedBy.values())].filter((id) => !mine.has(id))
  // Holding the head while marking rows behind it waiting means its completion, which wakes them, runs after us and sees them.
  const held = foreignHeads.length
    ? new Set((await sql<{ id: number }>`select id from event_deliveries where id = any(${ids(foreignHeads)}) for share skip locked`.execute(tx)).rows.map((r) => Number(r.id)))
    : new Set<number>()
  const toWait = [...blockedBy].filter(([, head]) => mine.has(head) || held.has(head)).map(([id]) => id)
  const stuckHeads = foreignHeads.filter((id) => held.has(id) && [...heads.values()].some((h) => h.id === id && h.state === 'waiting'))
  if (toWait.length) await sql`update event_deliveries set state = 'waiting', due_at = null where id = any(${ids(toWait)})`.execute(tx)
  // A waiting head has nothing left to wake it (its predecessor finished while it was being parked): it goes now.
  if (stuckHeads.length) await sql`update event_deliveries set state = 'new' where id = any(${ids(stuckHeads)}) and state = 'waiting'`.execute(tx)
  const take = cands.filter((c) => !blockedBy.has(c.id)).map((c) => c.id)
  if (!take.length) return []
  const res = await sql<ClaimedDelivery>`
    update event_deliveries d
    set state = 'pending', due_at = ${opts.leaseUntil.toISOString()}::timestamptz, attempts = d.attempts + 1
    from events e, apps a
    where d.id = any(${ids(take)}) and e.id = d.event_id and a.id = d.app_id
    returning d.id, d.handler_id, d.app_id, d.url, d.auth_user_id, d.order_key, d.attempts, d.retry_base,
      e.event_name, e.data, e.created_at as event_created_at, a.client_id, a.client_secret, a.application_token, a.scopes`.execute(tx)
  return res.rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id)
}

export interface Outcome {
  id: number
  handlerId: number
  orderKey: string | null
  state: 'delivered' | 'failed' | 'pending'
  dueAt: Date | null
  status: number | null
  error: string | null
  attempt: number
  startedAt: Date
  durationMs: number
  response: string
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** Writes the outcomes of finished attempts, records each attempt, and wakes the next delivery of each finished chat. */
export async function completeDeliveries(tx: Executor, outcomes: Outcome[], now: Date): Promise<void> {
  if (!outcomes.length) return
  const col = <T,>(f: (o: Outcome) => T) => outcomes.map(f)
  await sql`
    update event_deliveries d
    set state = v.state, due_at = v.due_at,
        finished_at = case when v.state = 'pending' then null else ${now.toISOString()}::timestamptz end,
        last_status = v.status, last_error = v.error
    from unnest(${col((o) => o.id)}::bigint[], ${col((o) => o.state)}::text[], ${col((o) => iso(o.dueAt))}::timestamptz[],
                ${col((o) => o.status)}::int[], ${col((o) => o.error)}::text[]) as v(id, state, due_at, status, error)
    where d.id = v.id`.execute(tx)
  await sql`
    insert into event_delivery_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error, response)
    select * from unnest(${col((o) => o.id)}::bigint[], ${col((o) => o.attempt)}::int[], ${col((o) => o.startedAt.toISOString())}::timestamptz[],
                         ${col((o) => o.durationMs)}::int[], ${col((o) => o.status)}::int[], ${col((o) => o.error)}::text[],
                         ${col((o) => o.response)}::text[])`.execute(tx)
  const finished = outcomes.filter((o) => o.state !== 'pending' && o.orderKey !== null)
  if (!finished.length) return
  await sql`
    update event_deliveries set state = 'new'
    where state = 'waiting' and id in (
      select x.id from unnest(${finished.map((o) => o.handlerId)}::int[], ${finished.map((o) => o.orderKey)}::text[]) as k(h, k)
      cross join lateral (
        select id, state from event_deliveries
        where handler_id = k.h and order_key = k.k and state in ('new', 'pending', 'waiting')
        order by id limit 1
      ) x where x.state = 'waiting')`.execute(tx)
}

/** Retention: finished deliveries (with their attempts) and then events nobody still needs, a batch at a time. */
export async function pruneDelivered(tx: Executor, opts: { deliveredBefore: Date; failedBefore: Date; limit: number }): Promise<number> {
  const gone = await sql`
    delete from event_deliveries where id in (
      select id from event_deliveries
      where (state = 'delivered' and finished_at < ${opts.deliveredBefore.toISOString()}::timestamptz)
         or (state = 'failed' and finished_at < ${opts.failedBefore.toISOString()}::timestamptz)
      limit ${opts.limit})`.execute(tx)
  const events = await sql`
    delete from events where id in (
      select e.id from events e
      where e.created_at < ${opts.deliveredBefore.toISOString()}::timestamptz
        and not exists (select 1 from event_deliveries d where d.event_id = e.id)
      order by e.created_at limit ${opts.limit})`.execute(tx)
  await sql`delete from event_offline where id in (
      select id from event_offline where process_id <> '' and reserved_at < ${opts.failedBefore.toISOString()}::timestamptz limit ${opts.limit})`.execute(tx)
  return Number(gone.numAffectedRows ?? 0n) + Number(events.numAffectedRows ?? 0n)
}
