import type { Logger } from 'pino'
import { parseAnnouncement, wakesWorker } from '../events/index.js'
import { afterCommit } from '../storage/commit-hooks.js'
import type { Executor, Store } from '../storage/db.js'
import type { Hub } from './hub.js'
import { currentSchema, eventsByIds, notifyAll, notifySignal, notifySignalAtCommit } from './realtime.repo.js'

export interface RealtimeFeed {
  /** LISTENs for committed outbox rows and signals; idempotent. */
  start(): Promise<void>
  stop(): Promise<void>
  /**
   * A passing state (typing) for a channel, heard by every process's sockets.
   * Given a transaction, it is heard when that transaction commits (never if it rolls back).
   */
  signal(channel: string, name: string, data: unknown, tx?: Executor): Promise<void>
  /** The same as `signal` with a transaction. */
  signalAtCommit(tx: Executor, channel: string, name: string, data: unknown): Promise<void>
  /**
   * Committed outbox rows and signals, told to every process's feed (this
   * one's too) in one NOTIFY statement per tick, outside any transaction.
   */
  announce(kind: string, values: unknown[]): void
}

/** The commit-hook kind under which a transaction's signals wait for its commit. */
export const SIGNAL_AT_COMMIT = 'realtime.signal'

/** NOTIFY payloads are limited to 8000 bytes; signals stay far below. */
const MAX_SIGNAL = 7000
/** Bytes of comma-separated announcements per NOTIFY payload (the limit is 8000). */
const NOTIFY_BYTES = 7000

function signalPayload(channel: string, name: string, data: unknown): string {
  const payload = JSON.stringify({ channel, name, data })
  if (payload.length > MAX_SIGNAL) throw new Error('realtime signal too large')
  return payload
}

/**
 * Feeds the hub from the store: after a transaction that wrote outbox rows
 * commits, its process announces their ids (batched, see `announce`) to every
 * process's feed; each feed reads those rows (coalesced per tick) and
 * publishes them to `chat:<id>`. On PGlite the same LISTEN works within the process.
 */
export function createRealtimeFeed(d: { store: Store; hub: Hub; logger: Logger; onEvents?: () => void }): RealtimeFeed {
  let stops: Array<() => Promise<void>> = []
  let starting: Promise<void> | null = null
  let pending: number[] = []
  let scheduled = false
  let signalChannel = ''
  let eventChannel = ''
  let named: Promise<void> | null = null
  let stopped = false
  let outEvents: string[] = []
  let outSignals: string[] = []
  let sending = false

  /** What committed since the last send, in one statement; the next batch waits for this one. */
  async function send(): Promise<void> {
    await channelNames()
    while (!stopped && (outEvents.length || outSignals.length)) {
      const events = outEvents
      const signals = outSignals
      outEvents = []
      outSignals = []
      const channels: string[] = []
      const payloads: string[] = []
      let batch = ''
      for (const e of events) {
        if (batch.length + e.length + 1 > NOTIFY_BYTES) {
          channels.push(eventChannel)
          payloads.push(batch)
          batch = ''
        }
        batch = batch ? `${batch},${e}` : e
      }
      if (batch) {
        channels.push(eventChannel)
        payloads.push(batch)
      }
      for (const p of signals) {
        channels.push(signalChannel)
        payloads.push(p)
      }
      await notifyAll(d.store.db, channels, payloads)
    }
  }

  function announce(kind: string, values: unknown[]): void {
    if (kind === 'event') for (const v of values) outEvents.push(String(v))
    else if (kind === SIGNAL_AT_COMMIT) for (const v of values) outSignals.push(String(v))
    else return
    scheduleSend()
  }

  function scheduleSend(): void {
    if (sending) return
    sending = true
    setImmediate(() => {
      void send()
        .catch((err: unknown) => d.logger.error({ err }, 'realtime announce failed'))
        .finally(() => {
          sending = false
          if (outEvents.length || outSignals.length) scheduleSend()
        })
    })
  }

  function start(): Promise<void> {
    stopped = false
    starting ??= begin()
    return starting
  }

  /** The channels name the schema, so that stores sharing one PostgreSQL (tests, several installations) do not wake each other. */
  function channelNames(): Promise<void> {
    named ??= currentSchema(d.store.db).then((schema) => {
      signalChannel = `ols_${schema}`
      eventChannel = `ol_${schema}`
    })
    return named
  }

  async function flush(): Promise<void> {
    scheduled = false
    const ids = pending
    pending = []
    for (const row of await eventsByIds(d.store.db, ids)) {
      const data: unknown = typeof row.data === 'string' ? JSON.parse(row.data) : row.data
      d.hub.publish({ type: 'event', channel: `chat:${row.chat_id}`, id: Number(row.id), name: row.event_name, data })
    }
  }

  /**
   * A NOTIFY of committed outbox rows (tokens: events/announcement.ts). Only
   * rows of chats a socket here listens on are read (a token that does not
   * name its chat is read to learn it); workers wake when a row got deliveries.
   */
  function onEvent(payload: string): void {
    let wake = false
    for (const token of payload.split(',')) {
      const a = parseAnnouncement(token)
      if (!a) continue
      wake ||= wakesWorker(a)
      if (a.chatId === undefined || (a.chatId !== null && d.hub.watched(`chat:${a.chatId}`))) pending.push(a.id)
    }
    if (wake) d.onEvents?.()
    if (!pending.length) return
    if (scheduled) return
    scheduled = true
    setImmediate(() => void flush().catch((err: unknown) => d.logger.error({ err }, 'realtime feed read failed')))
  }

  function onSignal(payload: string): void {
    try {
      const m = JSON.parse(payload) as { channel: string; name: string; data: unknown }
      d.hub.publish({ type: 'signal', channel: m.channel, id: 0, name: m.name, data: m.data })
    } catch (err) {
      d.logger.warn({ err }, 'realtime signal dropped')
    }
  }

  async function begin(): Promise<void> {
    await channelNames()
    stops = [await d.store.listen(eventChannel, onEvent), await d.store.listen(signalChannel, onSignal)]
  }

  return {
    start,
    announce,
    async stop() {
      stopped = true
      const s = stops
      stops = []
      starting = null
      for (const stop of s) await stop()
    },
    async signal(channel, name, data, tx) {
      if (tx) return this.signalAtCommit(tx, channel, name, data)
      await channelNames()
      await notifySignal(d.store.db, signalChannel, signalPayload(channel, name, data))
    },
    async signalAtCommit(tx, channel, name, data) {
      const payload = signalPayload(channel, name, data)
      if (afterCommit(tx, SIGNAL_AT_COMMIT, payload)) return
      await notifySignalAtCommit(tx, payload)
    },
  }
}
