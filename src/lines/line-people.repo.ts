import { sql } from 'kysely'
import type { Executor } from '../storage/db.js'

/**
 * The few questions lines ask of users and departments (tables of the users
 * domain, migration 0001). Kept here so that lines need nothing but the tables.
 */

/** Active employees among `ids`: who may stand in a queue or receive KPI alerts. */
export async function activeEmployeeIds(db: Executor, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set()
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', ids)
    .where('active', '=', true)
    .where('user_type', '=', 'employee')
    .execute()
  return new Set(rows.map((r) => r.id))
}

/** Chat-bots among `ids` (bots are users of type bot). */
export async function botIds(db: Executor, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set()
  const rows = await db.selectFrom('users').select('id').where('id', 'in', ids).where('user_type', '=', 'bot').execute()
  return new Set(rows.map((r) => r.id))
}

export async function departmentIds(db: Executor, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set()
  const rows = await db.selectFrom('departments').select('id').where('id', 'in', ids).execute()
  return new Set(rows.map((r) => r.id))
}

/** Each root department with all its sub-departments (`union` stops on a cycle). */
export async function departmentSubtrees(db: Executor, rootIds: readonly number[]): Promise<Array<{ root: number; id: number }>> {
  if (!rootIds.length) return []
  const result = await sql<{ root: number; id: number }>`
    with recursive tree(root, id) as (
      select id, id from departments where id in (${sql.join(rootIds)})
      union
      select tree.root, d.id from departments d join tree on d.parent_id = tree.id
    )
    select root, id from tree`.execute(db)
  return result.rows
}

/** The departments given and every department above them. */
export async function departmentsWithAncestors(db: Executor, ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return []
  const result = await sql<{ id: number }>`
    with recursive up(id, parent_id) as (
      select id, parent_id from departments where id in (${sql.join(ids)})
      union
      select d.id, d.parent_id from departments d join up on d.id = up.parent_id
    )
    select id from up`.execute(db)
  return result.rows.map((r) => r.id)
}

export interface QueueUserRow {
  id: number
  departments: number[]
  is_online: boolean
}

/** Active employees of any of the departments, by id. */
export async function activeEmployeesOf(db: Executor, deptIds: readonly number[]): Promise<QueueUserRow[]> {
  if (!deptIds.length) return []
  return db
    .selectFrom('users')
    .select(['id', 'departments', 'is_online'])
    .where('active', '=', true)
    .where('user_type', '=', 'employee')
    .where(sql<boolean>`departments && array[${sql.join(deptIds)}]::integer[]`)
    .orderBy('id')
    .execute()
}

/** Users named directly in a queue; inactive ones are left out (they cannot take dialogues). */
export async function activeUsersByIds(db: Executor, ids: readonly number[]): Promise<QueueUserRow[]> {
  if (!ids.length) return []
  return db.selectFrom('users').select(['id', 'departments', 'is_online']).where('id', 'in', ids).where('active', '=', true).execute()
}

export async function userForAccess(db: Executor, id: number) {
  return db.selectFrom('users').select(['id', 'active', 'is_admin', 'departments']).where('id', '=', id).executeTakeFirst()
}
