import type { Logger } from 'pino'
import { Counter, type Registry } from 'prom-client'
import type { EventAuthIssuer } from '../apps/index.js'
import type { EventsConfig } from '../config.js'
import type { Clock } from '../platform/clock.js'
import { createPoller, type TickResult } from '../platform/poller.js'
import type { Db } from '../storage/db.js'
import { claimChains, completeDeliveries, type ClaimedDelivery, type Outcome } from './delivery.repo.js'
import { eventSpec } from './event-catalogue.js'
import { createSender, type SendResult, type Sender } from './http-sender.js'
import {
  DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, authBlock, fillSlots, httpBuildQuery, sign, slotBlock, slotUsers,
} from './payload.js'

export interface DrainResult {
  claimed: number
  delivered: number
  retried: number
  failed: number
}

export interface DeliveryWorker {
  start(): void
  /** Stops claiming, lets the deliveries in flight finish and records them. */
  stop(): Promise<void>
  /** One round: claims what is due by the clock, delivers it, records every outcome. For tests and tools. */
  drainOnce(): Promise<DrainResult>
  /** Rounds until nothing is due (or `maxRounds`). */
  drain(maxRounds?: number): Promise<DrainResult>
  wake(): void
}

export interface WorkerDeps {
  db: Db
  clock: Clock
  logger: Logger
  config: EventsConfig
  auth: EventAuthIssuer
  registry?: Registry
  /** Jitter source; tests pass a fixed one. */
  random?: () => number
  sender?: Sender
}

const BATCH = 200
/**
 * Deliveries of one handler and chat that one claim takes together and sends
 * one after the other: a busy chat does not wait for a claim per event.
 */
const CHAIN = 32
/** An attempt may take timeoutMs; its lease runs out well after that, then another worker may take it. */
const leaseMs = (timeoutMs: number) => timeoutMs * 2 + 1000
/** A chain sends its next delivery only if a whole attempt still ends this long before the lease does. */
const LEASE_MARGIN_MS = 500
const FLUSH_AFTER_MS = 5
const USER_AGENT = 'openlines-events/1 (Bitrix24 Webhook Engine compatible)'

/**
 * Posts queued deliveries to handlers. Retries network errors, timeouts,
 * 5xx, 408 and 429 with exponential backoff and jitter, up to maxAttempts
 * tries, then parks the delivery as failed. Every attempt is recorded.
 */
export function createDeliveryWorker(deps: WorkerDeps): DeliveryWorker {
  const { config, clock } = deps
  const random = deps.random ?? Math.random
  const sender = deps.sender ?? createSender({
    timeoutMs: config.timeoutMs, allowPrivate: config.allowPrivateHandlers, maxSockets: config.perHandlerConcurrency,
    now: () => clock.now().getTime(),
  })
  const outcomes = deps.registry ? deliveryCounter(deps.registry) : null
  const perHandler = new Map<number, number>()
  const inFlight = new Set<Promise<void>>()
  let buffer: Outcome[] = []
  let flushing: Promise<void> = Promise.resolve()
  let flushTimer: NodeJS.Timeout | null = null
  let stopping = false

  const poller = createPoller({
    intervalMs: config.pollMs,
    settleMs: config.wakeSettleMs,
    tick: () => cycle(),
    onError: (err) => deps.logger.error({ err }, 'event delivery: claim failed'),
  })

  interface Claimed { chains: ClaimedDelivery[][]; leaseUntil: number }

  async function claim(maxChains: number): Promise<Claimed & { heldBack: number }> {
    const now = clock.now()
    const saturated = [...perHandler].filter(([, n]) => n >= config.perHandlerConcurrency).map(([id]) => id)
    const leaseUntil = new Date(now.getTime() + leaseMs(config.timeoutMs))
    let heldBack = 0
    const chains = await deps.db.transaction().execute((tx) => claimChains(tx, {
      now, limit: BATCH, leaseUntil, excludeHandlers: saturated, maxChains, chainLength: CHAIN,
      room: (handlerId) => config.perHandlerConcurrency - (perHandler.get(handlerId) ?? 0),
      onHeldBack: (n) => (heldBack = n),
    }))
    return { chains, leaseUntil: leaseUntil.getTime(), heldBack }
  }

  /** Sends a chain in order; what it cannot send (a retry ahead of it, the lease running out, stopping) is released. */
  function launch(chain: ClaimedDelivery[], leaseUntil: number, tally: DrainResult | null): Promise<void> {
    const handlerId = chain[0].handler_id
    perHandler.set(handlerId, (perHandler.get(handlerId) ?? 0) + 1)
    const note = (o: Outcome) => {
      buffer.push(o)
      if (!tally) scheduleFlush()
    }
    const release = (rest: ClaimedDelivery[], state: 'new' | 'waiting') => {
      for (const d of rest) {
        note({
          id: d.id, handlerId: d.handler_id, orderKey: d.order_key, state, dueAt: null, status: null, error: null,
          attempt: d.attempts, startedAt: clock.now(), durationMs: 0, response: '',
        })
      }
    }
    const run = async () => {
      for (let i = 0; i < chain.length; i++) {
        if (i > 0 && (stopping || clock.now().getTime() + config.timeoutMs + LEASE_MARGIN_MS > leaseUntil)) return release(chain.slice(i), 'new')
        const o = await deliver(chain[i])
        const kind = o.state === 'pending' ? 'retried' : (o.state as 'delivered' | 'failed')
        if (tally) tally[kind] += 1
        outcomes?.inc({ outcome: kind })
        note(o)
        // The chat's next deliveries wait behind this one's retry.
        if (o.state === 'pending') return release(chain.slice(i + 1), 'waiting')
      }
    }
    const p: Promise<void> = run().finally(() => {
      const n = (perHandler.get(handlerId) ?? 1) - 1
      if (n > 0) perHandler.set(handlerId, n)
      else perHandler.delete(handlerId)
      inFlight.delete(p)
    })
    inFlight.add(p)
    return p
  }

  /**
   * One claim. A claim that could only set rows waiting behind their chats'
   * first deliveries, while this worker has nothing in flight (so those are
   * retries waiting for their time, or other processes' work), says 'held':
   * the wakes that follow (one per new event: with a handler down, each would
   * cost a claim that parks one row) are served together, wakeSettleMs later.
   * While its own deliveries are in flight, their completions free what waits
   * and a new event's wake claims at once, so a busy chat's lag stays short.
   */
  async function cycle(): Promise<TickResult> {
    const free = config.concurrency - inFlight.size
    if (free <= 0) return false
    const { chains, leaseUntil, heldBack } = await claim(free)
    for (const chain of chains) void launch(chain, leaseUntil, null)
    if (chains.length > 0) return inFlight.size < config.concurrency
    return heldBack > 0 && inFlight.size === 0 ? 'held' : false
  }

  function scheduleFlush(): void {
    if (buffer.length >= BATCH) return void flush()
    if (!flushTimer) flushTimer = setTimeout(() => void flush(), FLUSH_AFTER_MS)
  }

  function flush(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer)
    flushTimer = null
    flushing = flushing.then(async () => {
      const batch = buffer
      buffer = []
      if (!batch.length) return
      try {
        await deps.db.transaction().execute((tx) => completeDeliveries(tx, batch, clock.now()))
      } catch (err) {
        // Unrecorded outcomes are not lost: their leases run out and the deliveries go out again.
        deps.logger.error({ err, count: batch.length }, 'event delivery: recording outcomes failed')
      }
      // At once: finished deliveries set the rows waiting behind them free, and those are what a held claim was waiting for.
      poller.wake('now')
    })
    return flushing
  }

  async function deliver(d: ClaimedDelivery): Promise<Outcome> {
    const startedAt = clock.now()
    let result: SendResult
    try {
      const { body, headers } = await request(d)
      result = await sender.post(d.url, body, headers)
    } catch (err) {
      result = { status: null, error: `could not prepare the request: ${(err as Error).message}`, response: '', durationMs: 0, retryAfterMs: null, retriable: true }
    }
    return outcomeOf(d, result, startedAt)
  }

  async function request(d: ClaimedDelivery): Promise<{ body: string; headers: Record<string, string> }> {
    const spec = eventSpec(d.event_name)
    const info = await deps.auth.serverInfo()
    const keys = { clientId: d.client_id, applicationToken: d.application_token, scopes: d.scopes }
    // An outgoing webhook gets what local-webhooks.md lists: where it came from and the token to check, no OAuth tokens.
    const bare = spec?.tokens === 'none' || d.app_kind === 'webhook'
    const tokens = !bare && d.auth_user_id
      ? await deps.auth.tokensFor(d.app_id, d.auth_user_id, spec?.tokens === 'refresh')
      : null
    let data: unknown = JSON.parse(d.data)
    const slots = slotUsers(data)
    if (slots.size && bare) data = fillSlots(data, () => ({}))
    else if (slots.size) {
      const blocks = new Map<number, Record<string, unknown>>()
      for (const userId of slots) blocks.set(userId, slotBlock(info, keys, await deps.auth.tokensFor(d.app_id, userId, true)))
      data = fillSlots(data, (userId) => blocks.get(userId) ?? {})
    }
    const body = httpBuildQuery({
      event: d.event_name,
      event_handler_id: d.handler_id,
      data,
      ts: Math.floor(d.event_created_at.getTime() / 1000),
      auth: authBlock(info, keys, tokens, bare),
    })
    const timestamp = Math.floor(clock.now().getTime() / 1000)
    const headers = {
      'user-agent': USER_AGENT,
      [DELIVERY_HEADER]: String(d.id),
      'x-openlines-event': d.event_name,
      'x-openlines-attempt': String(d.attempts),
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: sign(d.client_secret, timestamp, body),
    }
    return { body, headers }
  }

  function outcomeOf(d: ClaimedDelivery, r: SendResult, startedAt: Date): Outcome {
    const base = {
      id: d.id, handlerId: d.handler_id, orderKey: d.order_key, status: r.status, error: r.error, attempt: d.attempts,
      startedAt, durationMs: r.durationMs, response: r.response,
    }
    if (r.status !== null && r.status >= 200 && r.status < 300) return { ...base, state: 'delivered', dueAt: null }
    const transient = r.status === null ? r.retriable : r.status >= 500 || r.status === 429 || r.status === 408
    const tries = d.attempts - d.retry_base
    if (!transient || tries >= config.maxAttempts) {
      deps.logger.warn({ delivery: d.id, event: d.event_name, handler: d.handler_id, status: r.status, error: r.error, tries }, 'event delivery parked as failed')
      return { ...base, state: 'failed', dueAt: null }
    }
    const backoff = Math.min(config.retryCapMs, config.retryBaseMs * 2 ** (tries - 1))
    const delay = Math.max(r.retryAfterMs ?? 0, backoff / 2 + (backoff / 2) * random())
    return { ...base, state: 'pending', dueAt: new Date(clock.now().getTime() + Math.min(delay, config.retryCapMs)) }
  }

  async function drainOnce(): Promise<DrainResult> {
    const tally: DrainResult = { claimed: 0, delivered: 0, retried: 0, failed: 0 }
    const { chains, leaseUntil } = await claim(config.concurrency)
    tally.claimed = chains.reduce((n, c) => n + c.length, 0)
    await Promise.all(chains.map((c) => launch(c, leaseUntil, tally)))
    await flush()
    return tally
  }

  return {
    start: () => {
      stopping = false
      poller.start()
    },
    async stop() {
      stopping = true
      await poller.stop()
      await Promise.allSettled([...inFlight])
      await flush()
      sender.close()
    },
    drainOnce,
    async drain(maxRounds = 100) {
      const total: DrainResult = { claimed: 0, delivered: 0, retried: 0, failed: 0 }
      for (let i = 0; i < maxRounds; i++) {
        const r = await drainOnce()
        for (const k of Object.keys(total) as Array<keyof DrainResult>) total[k] += r[k]
        if (r.claimed === 0) break
      }
      return total
    },
    wake: () => poller.wake(),
  }
}

function deliveryCounter(registry: Registry): Counter<'outcome'> {
  const existing = registry.getSingleMetric('openlines_event_deliveries_total')
  if (existing) return existing as Counter<'outcome'>
  return new Counter({
    name: 'openlines_event_deliveries_total',
    help: 'Event delivery attempts by outcome (delivered, retried, failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  })
}
