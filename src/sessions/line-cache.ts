import type { Clock } from '../platform/clock.js'
import type { Executor } from '../storage/db.js'
import type { LineReader } from './line-port.js'

/** One kept value per line: when its read began, and whether a refresh is under way. */
interface Kept<T> { value: T; readAt: number; refreshing: boolean }

/**
 * Line settings and expanded queues, kept for a moment per process, for the
 * paths that run on every message and every hand-out (routing, the
 * one-statement message path). A change to a line reaches them within
 * `ttlMs`; requests that act on a line by its settings read it fresh.
 *
 * Given `pool`, a value past half its life is read again in the background
 * (outside the caller's transaction) while the kept one is still served, so
 * a busy line's hand-outs do not stop every `ttlMs` to re-read a queue of a
 * thousand operators. A value is never served past `ttlMs` from its read.
 */
export function cachedLineReader(inner: LineReader, clock: Clock, ttlMs: number, pool?: Executor): LineReader {
  const lines = new Map<number, Kept<Awaited<ReturnType<LineReader['getLine']>>>>()
  const queues = new Map<number, Kept<number[]>>()

  async function through<T>(kept: Map<number, Kept<T>>, db: Executor, id: number, read: (db: Executor) => Promise<T>, keep: (v: T) => boolean): Promise<T> {
    const now = clock.monotonic()
    const seen = kept.get(id)
    if (seen && now - seen.readAt < ttlMs) {
      if (pool && !seen.refreshing && now - seen.readAt >= ttlMs / 2) {
        seen.refreshing = true
        read(pool).then(
          (value) => { if (keep(value)) kept.set(id, { value, readAt: now, refreshing: false }); else kept.delete(id) },
          // A failed refresh leaves the kept value to expire; the next caller past ttlMs reads it in its own transaction.
          () => { seen.refreshing = false },
        )
      }
      return seen.value
    }
    const value = await read(db)
    if (keep(value)) kept.set(id, { value, readAt: now, refreshing: false })
    else kept.delete(id)
    return value
  }

  return {
    getLine: (db, id) => through(lines, db, id, (ex) => inner.getLine(ex, id), (v) => v !== null),
    queueUserIds: (db, lineId) => through(queues, db, lineId, (ex) => inner.queueUserIds(ex, lineId), () => true),
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
