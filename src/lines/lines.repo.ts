import { sql, type ColumnType, type Generated, type RawBuilder, type Selectable, type SqlBool } from 'kysely'
import type { Executor } from '../storage/db.js'
import type { LineSettings, QueueEntity, QueueUserFields } from './lines.types.js'

export interface LinesTable {
  id: Generated<number>
  active: boolean
  line_name: string
  xml_id: string | null
  /** Read as an object; written as JSON text. */
  settings: ColumnType<Partial<LineSettings>, string, string>
  queue_users_fields: ColumnType<Record<string, QueueUserFields>, string, string>
  version: Generated<number>
  created_at: Date
  modified_at: Date
  modify_user_id: number | null
  deleted_at: Date | null
  deleted_by: number | null
}

export interface LineQueueTable {
  id: Generated<number>
  line_id: number
  sort: number
  entity_type: 'user' | 'department'
  entity_id: number
}

export interface LineGrantsTable {
  id: Generated<number>
  user_id: number
  line_id: number | null
  role: 'manager' | 'supervisor'
  granted_by: number
  granted_at: Date
}

declare module '../storage/schema.js' {
  interface Database {
    lines: LinesTable
    line_queue: LineQueueTable
    line_grants: LineGrantsTable
  }
}

export type LineRow = Selectable<LinesTable>

export interface LineWrite {
  active: boolean
  lineName: string
  xmlId: string | null
  settings: LineSettings
  queueUsersFields: Record<string, QueueUserFields>
  at: Date
  userId: number
}

export async function insertLine(tx: Executor, w: LineWrite): Promise<number> {
  const row = await tx
    .insertInto('lines')
    .values({
      active: w.active,
      line_name: w.lineName,
      xml_id: w.xmlId,
      settings: JSON.stringify(w.settings),
      queue_users_fields: JSON.stringify(w.queueUsersFields),
      created_at: w.at,
      modified_at: w.at,
      modify_user_id: w.userId,
      deleted_at: null,
      deleted_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A live line; `forUpdate` locks it until the transaction ends, so changes to one line queue up. */
export function findLine(db: Executor, id: number, opts: { forUpdate?: boolean } = {}): Promise<LineRow | undefined> {
  const q = db.selectFrom('lines').selectAll().where('id', '=', id).where('deleted_at', 'is', null)
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst()
}

/** Writes a whole new state and raises the version. */
export async function updateLine(tx: Executor, id: number, w: LineWrite): Promise<void> {
  await tx
    .updateTable('lines')
    .set((eb) => ({
      active: w.active,
      line_name: w.lineName,
      xml_id: w.xmlId,
      settings: JSON.stringify(w.settings),
      queue_users_fields: JSON.stringify(w.queueUsersFields),
      modified_at: w.at,
      modify_user_id: w.userId,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute()
}

export async function renameLine(tx: Executor, id: number, lineName: string, settings: LineSettings): Promise<void> {
  await tx.updateTable('lines').set({ line_name: lineName, settings: JSON.stringify(settings) }).where('id', '=', id).execute()
}

/** The row stays (dialogue history names its line); its queue goes, so nobody is routed to it. */
export async function markLineDeleted(tx: Executor, id: number, at: Date, userId: number): Promise<void> {
  await tx.updateTable('lines').set((eb) => ({ deleted_at: at, deleted_by: userId, modified_at: at, modify_user_id: userId, version: eb('version', '+', 1) })).where('id', '=', id).execute()
  await tx.deleteFrom('line_queue').where('line_id', '=', id).execute()
}

export async function replaceQueue(tx: Executor, lineId: number, queue: readonly QueueEntity[]): Promise<void> {
  await tx.deleteFrom('line_queue').where('line_id', '=', lineId).execute()
  if (!queue.length) return
  await tx
    .insertInto('line_queue')
    .values(queue.map((e, sort) => ({ line_id: lineId, sort, entity_type: e.type, entity_id: e.id })))
    .execute()
}

export function queueEntries(db: Executor, lineIds: readonly number[]) {
  if (!lineIds.length) return Promise.resolve([])
  return db
    .selectFrom('line_queue')
    .select(['id', 'line_id', 'sort', 'entity_type', 'entity_id'])
    .where('line_id', 'in', lineIds)
    .orderBy('line_id')
    .orderBy('sort')
    .execute()
}

// ---- config.list.get ----

export type SqlType = 'int' | 'ref' | 'bool' | 'text' | 'timestamp'
/** A comparable field: a domain key (column or settings key) and how to compare it. */
export interface ListField {
  key: string
  type: SqlType
}
export type FilterOp = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'like' | 'notLike' | 'in' | 'notIn'
export type FilterValue = string | number | boolean | Date | null
export interface FilterCond {
  field: ListField
  op: FilterOp
  values: FilterValue[]
}
export interface OrderTerm {
  field: ListField
  desc: boolean
}
/** Which lines the caller may see: all, or those granted to them plus those whose queue holds them. */
export type LineScope =
  | { kind: 'all' }
  | { kind: 'some'; lineIds: number[]; queued: { userId: number; departmentIds: number[] } | null }
export interface LineListQuery {
  filters: FilterCond[]
  order: OrderTerm[]
  limit: number
  offset: number
  scope: LineScope
}

const COLUMNS: Record<string, string> = {
  id: 'id',
  active: 'active',
  lineName: 'line_name',
  xmlId: 'xml_id',
  createdAt: 'created_at',
  modifiedAt: 'modified_at',
  modifyUserId: 'modify_user_id',
  version: 'version',
}

function fieldExpr(f: ListField): RawBuilder<unknown> {
  const column = COLUMNS[f.key]
  if (column) return sql.ref(`lines.${column}`)
  const json = sql`(lines.settings->>${sql.lit(f.key)})`
  switch (f.type) {
    case 'int':
      return sql`${json}::integer`
    case 'ref':
      return sql`coalesce(${json}::integer, 0)`
    case 'bool':
      return sql`${json}::boolean`
    case 'timestamp':
      return sql`${json}::timestamptz`
    case 'text':
      return json
  }
}

function likePattern(value: FilterValue): string {
  return `%${String(value).replace(/[\\%_]/g, '\\$&')}%`
}

function condition(c: FilterCond): RawBuilder<SqlBool> {
  const e = fieldExpr(c.field)
  // For ids "0" and "none" are the same thing.
  const vals = c.values.map((v) => (c.field.type === 'ref' && v === null ? 0 : v))
  const v = vals[0]
  switch (c.op) {
    case 'eq':
      return v === null ? sql<SqlBool>`${e} is null` : sql<SqlBool>`${e} = ${v}`
    case 'ne':
      return v === null ? sql<SqlBool>`${e} is not null` : sql<SqlBool>`${e} is distinct from ${v}`
    case 'gt':
      return sql<SqlBool>`${e} > ${v}`
    case 'lt':
      return sql<SqlBool>`${e} < ${v}`
    case 'ge':
      return sql<SqlBool>`${e} >= ${v}`
    case 'le':
      return sql<SqlBool>`${e} <= ${v}`
    case 'like':
      return sql<SqlBool>`${e} ilike ${likePattern(v)}`
    case 'notLike':
      return sql<SqlBool>`(${e} is null or ${e} not ilike ${likePattern(v)})`
    case 'in':
      return vals.length ? sql<SqlBool>`${e} in (${sql.join(vals)})` : sql<SqlBool>`false`
    case 'notIn':
      return vals.length ? sql<SqlBool>`(${e} is null or ${e} not in (${sql.join(vals)}))` : sql<SqlBool>`true`
  }
}

function scopeCondition(scope: LineScope): RawBuilder<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`true`
  const parts: RawBuilder<SqlBool>[] = []
  if (scope.lineIds.length) parts.push(sql<SqlBool>`lines.id in (${sql.join(scope.lineIds)})`)
  if (scope.queued) {
    const { userId, departmentIds } = scope.queued
    const viaDepartment = departmentIds.length
      ? sql`or (q.entity_type = 'department' and q.entity_id in (${sql.join(departmentIds)}))`
      : sql``
    parts.push(sql<SqlBool>`exists (select 1 from line_queue q where q.line_id = lines.id and ((q.entity_type = 'user' and q.entity_id = ${userId}) ${viaDepartment}))`)
  }
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : sql<SqlBool>`false`
}

export function listLines(db: Executor, q: LineListQuery): Promise<LineRow[]> {
  let query = db.selectFrom('lines').selectAll().where('deleted_at', 'is', null).where(scopeCondition(q.scope))
  for (const c of q.filters) query = query.where(condition(c))
  for (const t of q.order) query = query.orderBy(fieldExpr(t.field), t.desc ? 'desc' : 'asc')
  return query.limit(q.limit).offset(q.offset).execute()
}
