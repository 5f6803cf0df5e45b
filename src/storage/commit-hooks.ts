import { TransactionBuilder } from 'kysely'
import type { Db, Executor } from './db.js'

/**
 * Work that must wait until a transaction's changes are visible: waking the
 * other processes' realtime feeds and delivery workers about new outbox rows.
 *
 * Why not NOTIFY inside the transaction: PostgreSQL makes every committing
 * transaction that sent a NOTIFY take turns on one lock for the whole
 * database, held through its commit record's flush, so writers that notify
 * commit one at a time (about 1,100 commits/s on this machine, whatever the
 * pool size). Collecting what to announce and sending it after commit, batched,
 * from a statement that writes nothing, keeps commits parallel.
 *
 * A value is kept under a kind ("event", "signal") and handed to the sink once
 * the transaction commits; a rolled-back transaction hands over nothing.
 */
export type CommitSink = (kind: string, values: unknown[]) => void

interface Scope { pending: Map<string, unknown[]> }

const scopes = new WeakMap<object, Scope>()
const sinks = new WeakMap<object, CommitSink>()

/**
 * The same database handle, whose transactions collect `afterCommit` values
 * and hand them to `sink` after COMMIT. Statements run on the handle itself
 * (no transaction) hand them over at once: they are already committed.
 */
export function withCommitHooks(db: Db, sink: CommitSink): Db {
  const begin = db.transaction.bind(db)
  db.transaction = () => hooked(begin(), sink)
  sinks.set(db, sink)
  return db
}

function hooked<T extends object>(builder: T, sink: CommitSink): T {
  return new Proxy(builder, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target)
      if (typeof value !== 'function') return value
      if (prop === 'execute') {
        return async (work: (trx: Executor) => Promise<unknown>) => {
          const scope: Scope = { pending: new Map() }
          const result: unknown = await (value as (w: typeof work) => Promise<unknown>).call(target, (trx) => {
            scopes.set(trx, scope)
            return work(trx)
          })
          for (const [kind, values] of scope.pending) sink(kind, values)
          return result
        }
      }
      // setIsolationLevel() and the like return a new builder: it collects too.
      return (...args: unknown[]) => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args)
        return out instanceof TransactionBuilder ? hooked(out, sink) : out
      }
    },
  })
}

/**
 * Keeps `value` for after the commit of `ex`'s transaction. Returns false when
 * `ex` did not come from a hooked handle; the caller then does the work inside
 * the transaction instead (NOTIFY still waits for the commit there).
 */
export function afterCommit(ex: Executor, kind: string, value: unknown): boolean {
  const scope = scopes.get(ex)
  if (scope) {
    const list = scope.pending.get(kind)
    if (list) list.push(value)
    else scope.pending.set(kind, [value])
    return true
  }
  const sink = ex.isTransaction ? undefined : sinks.get(ex)
  if (!sink) return false
  sink(kind, [value])
  return true
}
