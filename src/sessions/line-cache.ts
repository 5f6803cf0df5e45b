import type { Clock } from '../platform/clock.js'
import type { LineReader } from './line-port.js'

/**
 * Line settings and expanded queues, kept for a moment per process, for the
 * paths that run on every message and every hand-out (routing, the
 * one-statement message path). A change to a line reaches them within
 * `ttlMs`; requests that act on a line by its settings read it fresh.
 */
export function cachedLineReader(inner: LineReader, clock: Clock, ttlMs: number): LineReader {
  const lines = new Map<number, { value: Awaited<ReturnType<LineReader['getLine']>>; until: number }>()
  const queues = new Map<number, { value: number[]; until: number }>()
  return {
    async getLine(db, id) {
      const now = clock.monotonic()
      const kept = lines.get(id)
      if (kept && kept.until > now) return kept.value
      const value = await inner.getLine(db, id)
      if (value) lines.set(id, { value, until: now + ttlMs })
      return value
    },
    async queueUserIds(db, lineId) {
      const now = clock.monotonic()
      const kept = queues.get(lineId)
      if (kept && kept.until > now) return kept.value
      const value = await inner.queueUserIds(db, lineId)
      queues.set(lineId, { value, until: now + ttlMs })
      return value
    },
    roleOf: (db, lineId, userId) => inner.roleOf(db, lineId, userId),
  }
}

/**
 * Line settings read once per transaction: one dialogue operation asks for
 * its line several times (load, route, effects), and within a transaction
 * the answer cannot change under it. Outside a transaction every read goes
 * to the store.
 */
export function perTransactionLineReader(inner: LineReader): LineReader {
  const lines = new WeakMap<object, Map<number, ReturnType<LineReader['getLine']>>>()
  const queues = new WeakMap<object, Map<number, ReturnType<LineReader['queueUserIds']>>>()
  function once<T>(seen: WeakMap<object, Map<number, Promise<T>>>, db: object, id: number, read: () => Promise<T>): Promise<T> {
    let kept = seen.get(db)
    if (!kept) seen.set(db, (kept = new Map()))
    let value = kept.get(id)
    if (!value) {
      value = read()
      kept.set(id, value)
      // A failed read is not kept: the caller's error decides what happens to the transaction.
      value.catch(() => kept.delete(id))
    }
    return value
  }
  return {
    getLine: (db, id) => (db.isTransaction ? once(lines, db, id, () => inner.getLine(db, id)) : inner.getLine(db, id)),
    queueUserIds: (db, id) => (db.isTransaction ? once(queues, db, id, () => inner.queueUserIds(db, id)) : inner.queueUserIds(db, id)),
    roleOf: (db, lineId, userId) => inner.roleOf(db, lineId, userId),
  }
}
