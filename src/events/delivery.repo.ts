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
  /** 'webhook': an outgoing webhook, whose requests carry no tokens. */
  app_kind: string
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

interface SeqRow { id: number; state: string; free: boolean }

/**
 * The first unfinished deliveries of each (handler, key), in id order, `depth`
 * of them (1 for a key that only needs its head): the first is the one that
 * may go out now, and those right behind it may follow it in the same chain.
 * `free`: not in flight and not waiting for a retry's time.
 */
async function sequencesOf(tx: Executor, keys: Array<{ handler_id: number; order_key: string; depth: number }>, now: Date): Promise<Map<string, SeqRow[]>> {
  const res = await sql<{ h: number; k: string; id: number; state: string; free: boolean }>`
    select k.h, k.k, x.id, x.state, x.state <> 'pending' or x.due_at <= ${now.toISOString()}::timestamptz as free
    from unnest(${keys.map((c) => c.handler_id)}::int[], ${keys.map((c) => c.order_key)}::text[], ${keys.map((c) => c.depth)}::int[]) as k(h, k, n)
    cross join lateral (
      select id, state, due_at from event_deliveries
      where handler_id = k.h and order_key = k.k and state in ('new', 'pending', 'waiting')
      order by id limit k.n
    ) x`.execute(tx)
  const out = new Map<string, SeqRow[]>()
  for (const r of res.rows) {
    const key = `${r.h}|${r.k}`
    const seq = out.get(key) ?? []
    seq.push({ id: Number(r.id), state: r.state, free: r.free })
    out.set(key, seq)
  }
  for (const seq of out.values()) seq.sort((a, b) => a.id - b.id)
  return out
}

export interface ClaimOptions {
  now: Date
  /** Deliveries looked at by the scan for due ones (new, and pending whose time came). */
  limit: number
  leaseUntil: Date
  excludeHandlers: number[]
  /** Chains handed out at most (free delivery slots of the worker); default: no cap. */
  maxChains?: number
  /** Deliveries of one (handler, chat) taken together, to go out one after the other; default 1. */
  chainLength?: number
  /** Chains a handler may still take in this claim (per-handler concurrency); default: no cap. */
  room?: (handlerId: number) => number
  /** Told how many due rows this claim set waiting behind their chat's first delivery (in flight or retrying). */
  onHeldBack?: (count: number) => void
}

/**
 * Takes due deliveries for this worker, in one transaction, as chains: each
 * chain is one delivery, or the first unfinished deliveries of one handler
 * and chat in id order, which the worker sends one after the other.
 *
 * Rows locked by other workers are skipped (FOR UPDATE SKIP LOCKED); a chat
 * whose first unfinished delivery is in flight or waiting for a retry gives
 * nothing; a due row behind an unfinished earlier one of its handler and chat
 * is set waiting (the earlier one wakes it when it finishes); what is taken is
 * leased until `leaseUntil`, after which another worker may take it again.
 */
export async function claimChains(tx: Executor, opts: ClaimOptions): Promise<ClaimedDelivery[][]> {
  const cands = (await candidates(tx, opts.now, opts.limit, opts.excludeHandlers)).map((c) => ({ ...c, id: Number(c.id) }))
  if (!cands.length) return []
  const depth = Math.max(1, opts.chainLength ?? 1)
  const mine = new Set(cands.map((c) => c.id))
  const ordered = cands.filter((c) => c.order_key !== null)
  // Whole chains are read only for the chats this claim may hand out (its caps); for the others, their heads.
  const keys = new Map<string, { handler_id: number; order_key: string; depth: number }>()
  const perHandler = new Map<number, number>()
  let room = opts.maxChains ?? Infinity
  for (const c of ordered) {
    const key = `${c.handler_id}|${c.order_key}`
    if (keys.has(key)) continue
    const used = perHandler.get(c.handler_id) ?? 0
    const fits = room > 0 && (opts.room ? opts.room(c.handler_id) - used > 0 : true)
    if (fits) {
      room--
      perHandler.set(c.handler_id, used + 1)
    }
    keys.set(key, { handler_id: c.handler_id, order_key: c.order_key as string, depth: fits ? depth : 1 })
  }
  const seqs = keys.size ? await sequencesOf(tx, [...keys.values()], opts.now) : new Map<string, SeqRow[]>()
  const free = (r: SeqRow) => r.free
  // The rows right behind each chat's first one join its chain if nobody else holds them.
  const wanted: number[] = []
  for (const seq of seqs.values()) {
    for (const r of seq) {
      if (!free(r)) break
      if (!mine.has(r.id)) wanted.push(r.id)
    }
  }
  const extra = wanted.length
    ? new Set((await sql<{ id: number }>`
        select id from event_deliveries
        where id = any(${ids(wanted)}) and (state in ('new', 'waiting') or (state = 'pending' and due_at <= ${opts.now.toISOString()}::timestamptz))
        for update skip locked`.execute(tx)).rows.map((r) => Number(r.id)))
    : new Set<number>()
  const locked = (id: number) => mine.has(id) || extra.has(id)

  const chainOf = new Map<string, SeqRow[]>()
  for (const [key, seq] of seqs) {
    const chain: SeqRow[] = []
    for (const r of seq) {
      if (!free(r) || !locked(r.id)) break
      chain.push(r)
    }
    if (chain.length) chainOf.set(key, chain)
  }
  const inChain = new Set<number>()
  for (const chain of chainOf.values()) for (const r of chain) inChain.add(r.id)

  // Due rows that are not at the front of their chat wait behind its first unfinished delivery.
  const blockedBy = new Map<number, number>()
  for (const c of ordered) {
    if (inChain.has(c.id)) continue
    const head = seqs.get(`${c.handler_id}|${c.order_key}`)?.[0]
    if (head && head.id !== c.id) blockedBy.set(c.id, head.id)
  }
  const foreignHeads = [...new Set(blockedBy.values())].filter((id) => !locked(id))
  // Holding the head while marking rows behind it waiting means its completion, which wakes them, runs after us and sees them.
  // A head that finished since the sequences were read has woken nobody: the rows behind it stay due.
  const held = foreignHeads.length
    ? new Set((await sql<{ id: number }>`
        select id from event_deliveries
        where id = any(${ids(foreignHeads)}) and state in ('new', 'pending', 'waiting')
        for share skip locked`.execute(tx)).rows.map((r) => Number(r.id)))
    : new Set<number>()
  const stateOf = new Map<number, string>()
  for (const seq of seqs.values()) for (const r of seq) stateOf.set(r.id, r.state)
  const toWait = [...blockedBy].filter(([, head]) => locked(head) || held.has(head)).map(([id]) => id)
  const stuck = new Set(foreignHeads.filter((id) => held.has(id) && stateOf.get(id) === 'waiting'))

  // Chains in the order the scan found them (due retries first, then the oldest new), within the caps.
  const chains: number[][] = []
  const seen = new Set<string>()
  const taken = new Map<number, number>()
  const maxChains = opts.maxChains ?? Infinity
  for (const c of cands) {
    if (blockedBy.has(c.id)) continue
    let chain: number[]
    if (c.order_key === null) chain = [c.id]
    else {
      const key = `${c.handler_id}|${c.order_key}`
      if (seen.has(key)) continue
      seen.add(key)
      const rows = chainOf.get(key)
      if (!rows) continue
      chain = rows.map((r) => r.id)
    }
    const room = opts.room ? opts.room(c.handler_id) - (taken.get(c.handler_id) ?? 0) : Infinity
    if (chains.length >= maxChains || room <= 0) {
      // Left for a later claim; a waiting first row has nothing else to wake it.
      if (stateOf.get(chain[0]) === 'waiting') stuck.add(chain[0])
      continue
    }
    taken.set(c.handler_id, (taken.get(c.handler_id) ?? 0) + 1)
    chains.push(chain)
  }
  if (toWait.length) await sql`update event_deliveries set state = 'waiting', due_at = null where id = any(${ids(toWait)})`.execute(tx)
  opts.onHeldBack?.(toWait.length)
  // A waiting head has nothing left to wake it (its predecessor finished while it was being parked): it goes now.
  if (stuck.size) await sql`update event_deliveries set state = 'new' where id = any(${ids([...stuck])}) and state = 'waiting'`.execute(tx)
  const take = chains.flat()
  if (!take.length) return []
  const res = await sql<ClaimedDelivery>`
    update event_deliveries d
    set state = 'pending', due_at = ${opts.leaseUntil.toISOString()}::timestamptz, attempts = d.attempts + 1
    from events e, apps a
    where d.id = any(${ids(take)}) and e.id = d.event_id and a.id = d.app_id
    returning d.id, d.handler_id, d.app_id, d.url, d.auth_user_id, d.order_key, d.attempts, d.retry_base,
      e.event_name, e.data, e.created_at as event_created_at, a.client_id, a.client_secret, a.application_token, a.scopes, a.kind as app_kind`.execute(tx)
  const byId = new Map(res.rows.map((r) => [Number(r.id), { ...r, id: Number(r.id) }]))
  return chains.map((chain) => chain.map((id) => byId.get(id)).filter((d): d is ClaimedDelivery => d !== undefined)).filter((c) => c.length > 0)
}

/** Claims single deliveries (chains of one), oldest first. */
export async function claimDeliveries(tx: Executor, opts: ClaimOptions): Promise<ClaimedDelivery[]> {
  return (await claimChains(tx, { ...opts, chainLength: 1 })).flat().sort((a, b) => a.id - b.id)
}

export interface Outcome {
  id: number
  handlerId: number
  orderKey: string | null
  /**
   * delivered, failed (parked), pending (a retry at dueAt); or, for a chain's
   * deliveries that were never sent, released: new (goes out with the next
   * claim) or waiting (behind its chat's first delivery, which goes again later).
   */
  state: 'delivered' | 'failed' | 'pending' | 'new' | 'waiting'
  dueAt: Date | null
  status: number | null
  error: string | null
  attempt: number
  startedAt: Date
  durationMs: number
  response: string
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)
const released = (o: Outcome) => o.state === 'new' || o.state === 'waiting'

/** Writes the outcomes of finished attempts, records each attempt, and wakes the next delivery of each finished chat. */
export async function completeDeliveries(tx: Executor, outcomes: Outcome[], now: Date): Promise<void> {
  if (!outcomes.length) return
  const col = <T,>(f: (o: Outcome) => T) => outcomes.map(f)
  await sql`
    update event_deliveries d
    set state = v.state, due_at = v.due_at,
        finished_at = case when v.state in ('delivered', 'failed') then ${now.toISOString()}::timestamptz else null end,
        attempts = case when v.state in ('new', 'waiting') then d.attempts - 1 else d.attempts end,
        last_status = case when v.state in ('new', 'waiting') then d.last_status else v.status end,
        last_error = case when v.state in ('new', 'waiting') then d.last_error else v.error end
    from unnest(${col((o) => o.id)}::bigint[], ${col((o) => o.state)}::text[], ${col((o) => iso(o.dueAt))}::timestamptz[],
                ${col((o) => o.status)}::int[], ${col((o) => o.error)}::text[]) as v(id, state, due_at, status, error)
    where d.id = v.id`.execute(tx)
  const tried = outcomes.filter((o) => !released(o))
  if (tried.length) {
    const t = <T,>(f: (o: Outcome) => T) => tried.map(f)
    await sql`
      insert into event_delivery_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error, response)
      select * from unnest(${t((o) => o.id)}::bigint[], ${t((o) => o.attempt)}::int[], ${t((o) => o.startedAt.toISOString())}::timestamptz[],
                           ${t((o) => o.durationMs)}::int[], ${t((o) => o.status)}::int[], ${t((o) => o.error)}::text[],
                           ${t((o) => o.response)}::text[])`.execute(tx)
  }
  const finished = outcomes.filter((o) => (o.state === 'delivered' || o.state === 'failed') && o.orderKey !== null)
  if (!finished.length) return
  const keys = new Map<string, { h: number; k: string }>()
  for (const o of finished) keys.set(`${o.handlerId}|${o.orderKey}`, { h: o.handlerId, k: o.orderKey as string })
  const list = [...keys.values()]
  await sql`
    update event_deliveries set state = 'new'
    where state = 'waiting' and id in (
      select x.id from unnest(${list.map((o) => o.h)}::int[], ${list.map((o) => o.k)}::text[]) as k(h, k)
      cross join lateral (
        select id, state from event_deliveries
        where handler_id = k.h and order_key = k.k and state in ('new', 'pending', 'waiting')
        order by id limit 1
      ) x where x.state = 'waiting')`.execute(tx)
}

/** Retention: finished deliveries (with their attempts) and then events nobody still needs, a batch at a time. */
export async function pruneDelivered(tx: Executor, opts: { deliveredBefore: Date; failedBefore: Date; limit: number }): Promise<number> {
  // The attempts go with their deliveries (no foreign key cascades them: migration 0940).
  const gone = await sql<{ n: number }>`
    with d as (
      delete from event_deliveries where id in (
        select id from event_deliveries
        where (state = 'delivered' and finished_at < ${opts.deliveredBefore.toISOString()}::timestamptz)
           or (state = 'failed' and finished_at < ${opts.failedBefore.toISOString()}::timestamptz)
        limit ${opts.limit})
      returning id
    ), a as (
      delete from event_delivery_attempts where delivery_id in (select id from d)
    )
    select count(*)::int as n from d`.execute(tx)
  const events = await sql`
    delete from events where id in (
      select e.id from events e
      where e.created_at < ${opts.deliveredBefore.toISOString()}::timestamptz
        and not exists (select 1 from event_deliveries d where d.event_id = e.id)
      order by e.created_at limit ${opts.limit})`.execute(tx)
  await sql`delete from event_offline where id in (
      select id from event_offline where process_id <> '' and reserved_at < ${opts.failedBefore.toISOString()}::timestamptz limit ${opts.limit})`.execute(tx)
  return Number(gone.rows[0]?.n ?? 0) + Number(events.numAffectedRows ?? 0n)
}
