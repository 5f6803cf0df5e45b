import type { Logger } from 'pino'
import type { Executor, Store } from '../storage/db.js'
import type { Hub } from './hub.js'
import { currentSchema, eventsByIds, notifySignal, notifySignalAtCommit } from './realtime.repo.js'

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
}

/** NOTIFY payloads are limited to 8000 bytes; signals stay far below. */
const MAX_SIGNAL = 7000

function signalPayload(channel: string, name: string, data: unknown): string {
  const payload = JSON.stringify({ channel, name, data })
  if (payload.length > MAX_SIGNAL) throw new Error('realtime signal too large')
  return payload
}

/**
 * Feeds the hub from the store: the outbox trigger NOTIFYs each new event id
 * at commit, the feed reads those rows (coalesced per tick) and publishes
 * them to `chat:<id>`. On PGlite the same LISTEN works within the process.
 */
export function createRealtimeFeed(d: { store: Store; hub: Hub; logger: Logger }): RealtimeFeed {
  let stops: Array<() => Promise<void>> = []
  let starting: Promise<void> | null = null
  let pending: number[] = []
  let scheduled = false
  let signalChannel = ''

  async function flush(): Promise<void> {
    scheduled = false
    const ids = pending
    pending = []
    for (const row of await eventsByIds(d.store.db, ids)) {
      const data: unknown = typeof row.data === 'string' ? JSON.parse(row.data) : row.data
      d.hub.publish({ type: 'event', channel: `chat:${row.chat_id}`, id: Number(row.id), name: row.event_name, data })
    }
  }

  function onEvent(payload: string): void {
    const id = Number(payload)
    if (!Number.isInteger(id)) return
    pending.push(id)
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
    const schema = await currentSchema(d.store.db)
    signalChannel = `ols_${schema}`
    stops = [await d.store.listen(`ol_${schema}`, onEvent), await d.store.listen(signalChannel, onSignal)]
  }

  return {
    start() {
      starting ??= begin()
      return starting
    },
    async stop() {
      const s = stops
      stops = []
      starting = null
      for (const stop of s) await stop()
    },
    async signal(channel, name, data, tx) {
      await this.start()
      if (tx) await notifySignalAtCommit(tx, signalPayload(channel, name, data))
      else await notifySignal(d.store.db, signalChannel, signalPayload(channel, name, data))
    },
    async signalAtCommit(tx, channel, name, data) {
      await this.start()
      await notifySignalAtCommit(tx, signalPayload(channel, name, data))
    },
  }
}
