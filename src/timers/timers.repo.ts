import type { Generated, Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface TimersTable {
  id: Generated<number>
  kind: string
  subject_id: number
  due_at: Date
  payload: Generated<Record<string, unknown>>
  created_at: Date
}

declare module '../storage/schema.js' {
  interface Database {
    timers: TimersTable
  }
}

export type TimerRow = Selectable<TimersTable>

/** One timer per (kind, subject): setting it again moves its due time. */
export async function upsertTimer(db: Executor, t: { kind: string; subjectId: number; dueAt: Date; payload: Record<string, unknown>; at: Date }): Promise<void> {
  await db
    .insertInto('timers')
    .values({ kind: t.kind, subject_id: t.subjectId, due_at: t.dueAt, payload: JSON.stringify(t.payload) as unknown as Record<string, unknown>, created_at: t.at })
    .onConflict((oc) => oc.columns(['kind', 'subject_id']).doUpdateSet((eb) => ({ due_at: eb.ref('excluded.due_at'), payload: eb.ref('excluded.payload') })))
    .execute()
}

export async function deleteTimers(db: Executor, kinds: string[], subjectId: number): Promise<void> {
  if (!kinds.length) return
  await db.deleteFrom('timers').where('subject_id', '=', subjectId).where('kind', 'in', kinds).execute()
}

/** Due timers, oldest first, read without locks: each is claimed in its own transaction. */
export function dueTimers(db: Executor, now: Date, limit: number): Promise<TimerRow[]> {
  return db.selectFrom('timers').selectAll().where('due_at', '<=', now).orderBy('due_at').orderBy('id').limit(limit).execute()
}

/**
 * Takes a due timer for this transaction: FOR UPDATE SKIP LOCKED, so with
 * several processes exactly one gets it; deleted here, so it fires once.
 */
export async function claimTimer(db: Executor, id: number, now: Date): Promise<TimerRow | null> {
  const row = await db.selectFrom('timers').selectAll().where('id', '=', id).where('due_at', '<=', now).forUpdate().skipLocked().executeTakeFirst()
  if (!row) return null
  await db.deleteFrom('timers').where('id', '=', id).execute()
  return row
}

export function timersOf(db: Executor, subjectId: number, kinds: string[]): Promise<TimerRow[]> {
  return db.selectFrom('timers').selectAll().where('subject_id', '=', subjectId).where('kind', 'in', kinds).orderBy('due_at').execute()
}
