import { sql } from 'kysely'
import type { Executor } from '../storage/db.js'
import type { LineGrantsTable } from './lines.repo.js'

export type GrantRole = LineGrantsTable['role']

/** A user's grants: for one line, or for every line (line_id null). */
export function grantsOf(db: Executor, userId: number) {
  return db.selectFrom('line_grants').select(['line_id', 'role']).where('user_id', '=', userId).execute()
}

/** Whether the line's queue names the user or one of the departments. */
export async function isQueuedOn(db: Executor, lineId: number, userId: number, departmentIds: readonly number[]): Promise<boolean> {
  const row = await db
    .selectFrom('line_queue')
    .select('id')
    .where('line_id', '=', lineId)
    .where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', 'user'), eb('entity_id', '=', userId)]),
        ...(departmentIds.length ? [eb.and([eb('entity_type', '=', 'department'), eb('entity_id', 'in', departmentIds)])] : []),
      ]),
    )
    .limit(1)
    .executeTakeFirst()
  return Boolean(row)
}

/** One grant per user and line (or per user for every line); setting it again replaces the role. */
export async function putGrant(tx: Executor, g: { userId: number; lineId: number | null; role: GrantRole; by: number; at: Date }): Promise<void> {
  await removeGrant(tx, g.userId, g.lineId)
  await tx.insertInto('line_grants').values({ user_id: g.userId, line_id: g.lineId, role: g.role, granted_by: g.by, granted_at: g.at }).execute()
}

export async function removeGrant(tx: Executor, userId: number, lineId: number | null): Promise<boolean> {
  const res = await tx
    .deleteFrom('line_grants')
    .where('user_id', '=', userId)
    .where(sql<boolean>`coalesce(line_id, 0) = ${lineId ?? 0}`)
    .executeTakeFirst()
  return Number(res.numDeletedRows) > 0
}

export function listGrants(db: Executor, filter: { userId?: number; lineId?: number }) {
  let q = db.selectFrom('line_grants').select(['id', 'user_id', 'line_id', 'role', 'granted_by', 'granted_at'])
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId)
  if (filter.lineId !== undefined) q = q.where('line_id', '=', filter.lineId)
  return q.orderBy('id').execute()
}
