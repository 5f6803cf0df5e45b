import { sql } from 'kysely'
import type { Executor } from '../storage/db.js'

export async function currentSchema(db: Executor): Promise<string> {
  const res = await sql<{ s: string }>`select current_schema() as s`.execute(db)
  return res.rows[0].s
}

/** Outbox rows of a chat, by id, in id order (the ids a NOTIFY named). */
export function eventsByIds(db: Executor, ids: number[]) {
  return db.selectFrom('events').select(['id', 'event_name', 'data', 'chat_id']).where('id', 'in', ids).where('chat_id', 'is not', null)
    .orderBy('id').execute()
}

/** A passing signal (typing) to every process; not part of any transaction. */
export async function notifySignal(db: Executor, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db)
}

/** The same inside a transaction: PostgreSQL delivers it at commit, and never for a rolled-back change. */
export async function notifySignalAtCommit(db: Executor, payload: string): Promise<void> {
  await sql`select pg_notify('ols_' || current_schema(), ${payload})`.execute(db)
}

/**
 * Several NOTIFYs in one statement outside any transaction: it writes no WAL,
 * so its commit does not wait for a flush (see storage/commit-hooks.ts).
 */
export async function notifyAll(db: Executor, channels: string[], payloads: string[]): Promise<void> {
  if (!channels.length) return
  await sql`select pg_notify(c, p) from unnest(${channels}::text[], ${payloads}::text[]) as n(c, p)`.execute(db)
}
