import { sql } from 'kysely'
import type { Executor } from '../storage/db.js'
import { knownTotal } from './user-list.repo.js'
import { isStorableId } from './users.repo.js'

export interface DepartmentRecord {
  id: number
  name: string
  sort: number
  parentId: number | null
  headId: number | null
}

export type DepartmentColumn = 'id' | 'name' | 'sort' | 'parent_id' | 'head_id'

export type DepartmentOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte'

export interface DepartmentCondition {
  column: DepartmentColumn
  op: DepartmentOp
  /** eq: any of them (none: nothing matches); ne: none of them; comparisons: the first. */
  values: Array<number | string>
}

export interface DepartmentListQuery {
  where: DepartmentCondition[]
  sort: { column: DepartmentColumn; desc: boolean }
  offset: number
  limit: number
  withTotal: boolean
}

function selectDepartments(db: Executor) {
  return db.selectFrom('departments').select(['id', 'name', 'sort', 'parent_id', 'head_id'])
}

type Row = { id: number; name: string; sort: number; parent_id: number | null; head_id: number | null }

function toRecord(r: Row): DepartmentRecord {
  return { id: r.id, name: r.name, sort: r.sort, parentId: r.parent_id, headId: r.head_id }
}

export async function listDepartments(db: Executor, q: DepartmentListQuery): Promise<{ items: DepartmentRecord[]; total: number | null }> {
  let list = selectDepartments(db)
  let count = db.selectFrom('departments').select((eb) => eb.fn.countAll<number>().as('n'))
  for (const c of q.where) {
    const cond = conditionSql(c)
    list = list.where(cond)
    count = count.where(cond)
  }
  // Plain order on the never-null id, so its primary key serves the page (as for users).
  const dir = q.sort.column === 'id' ? (q.sort.desc ? sql`desc` : sql`asc`) : q.sort.desc ? sql`desc nulls last` : sql`asc nulls first`
  const rows = await list
    .orderBy(sql`${sql.ref(q.sort.column)} ${dir}`)
    .orderBy('id')
    .offset(q.offset)
    .limit(q.limit)
    .execute()
  const total = q.withTotal ? (knownTotal(q.offset, q.limit, rows.length) ?? Number((await count.executeTakeFirstOrThrow()).n)) : null
  return { items: rows.map(toRecord), total }
}

const COMPARE = { gt: sql`>`, gte: sql`>=`, lt: sql`<`, lte: sql`<=` } as const

function conditionSql({ column, op, values }: DepartmentCondition) {
  const col = sql.ref(column)
  const array = column === 'name' ? sql`${values.map(String)}::text[]` : sql`${values.map(Number)}::int[]`
  if (op === 'eq') return sql<boolean>`${col} = any(${array})`
  // An empty PARENT or UF_HEAD is unequal to every id.
  if (op === 'ne') return sql<boolean>`not coalesce(${col} = any(${array}), false)`
  if (values.length === 0) return sql<boolean>`false`
  return sql<boolean>`${col} ${COMPARE[op]} ${values[0]}`
}

export async function findDepartment(db: Executor, id: number): Promise<DepartmentRecord | null> {
  if (!isStorableId(id)) return null
  const row = await selectDepartments(db).where('id', '=', id).executeTakeFirst()
  return row ? toRecord(row) : null
}

export async function findRootDepartment(db: Executor): Promise<DepartmentRecord | null> {
  const row = await selectDepartments(db).where('parent_id', 'is', null).orderBy('id').executeTakeFirst()
  return row ? toRecord(row) : null
}

export async function insertDepartment(db: Executor, d: Omit<DepartmentRecord, 'id'>): Promise<number> {
  const row = await db
    .insertInto('departments')
    .values({ name: d.name, sort: d.sort, parent_id: d.parentId, head_id: d.headId })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateDepartment(db: Executor, id: number, d: Partial<Omit<DepartmentRecord, 'id'>>): Promise<void> {
  await db
    .updateTable('departments')
    .set({ name: d.name, sort: d.sort, parent_id: d.parentId, head_id: d.headId })
    .where('id', '=', id)
    .execute()
}

export async function deleteDepartment(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('departments').where('id', '=', id).execute()
}

export async function hasSubDepartments(db: Executor, id: number): Promise<boolean> {
  return Boolean(await db.selectFrom('departments').select('id').where('parent_id', '=', id).executeTakeFirst())
}

export async function hasActiveMembers(db: Executor, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('active', '=', true)
    .where(sql<boolean>`departments @> array[${id}]::int[]`)
    .executeTakeFirst()
  return Boolean(row)
}

/** Dismissed users keep their departments; a deleted one is taken off their list. */
export async function forgetDepartment(db: Executor, id: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ departments: sql<number[]>`array_remove(departments, ${id})` })
    .where(sql<boolean>`departments @> array[${id}]::int[]`)
    .execute()
}

/** Is `candidate` the department `id` itself or one of its sub-departments (at any depth)? */
export async function isWithin(db: Executor, candidate: number, id: number): Promise<boolean> {
  if (!isStorableId(candidate) || !isStorableId(id)) return false
  const result = await sql<{ hit: boolean }>`
    with recursive up(id, parent_id) as (
      select id, parent_id from departments where id = ${candidate}
      union
      select d.id, d.parent_id from departments d join up on d.id = up.parent_id
    )
    select exists (select 1 from up where id = ${id}) as hit`.execute(db)
  return Boolean(result.rows[0]?.hit)
}

/** The ids among `ids` that name no department. */
export async function missingDepartments(db: Executor, ids: number[]): Promise<number[]> {
  const wanted = ids.filter(isStorableId)
  const rows = wanted.length ? await db.selectFrom('departments').select('id').where(sql<boolean>`id = any(${wanted}::int[])`).execute() : []
  const found = new Set(rows.map((r) => r.id))
  return ids.filter((id) => !found.has(id))
}

/** The departments and every department above them, up to the top. */
export async function withAncestors(db: Executor, ids: number[]): Promise<number[]> {
  const wanted = ids.filter(isStorableId)
  if (wanted.length === 0) return []
  const result = await sql<{ id: number }>`
    with recursive up(id, parent_id) as (
      select id, parent_id from departments where id = any(${wanted}::int[])
      union
      select d.id, d.parent_id from departments d join up on d.id = up.parent_id
    )
    select id from up order by id`.execute(db)
  return result.rows.map((r) => Number(r.id))
}

export async function departmentNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
  const wanted = ids.filter(isStorableId)
  if (wanted.length === 0) return new Map()
  const rows = await db.selectFrom('departments').select(['id', 'name']).where(sql<boolean>`id = any(${wanted}::int[])`).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}
