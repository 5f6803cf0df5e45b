import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { Executor } from '../storage/db.js'
import { SETTING_KEYS, snake, type LineRow } from './lines.repo.js'
import type { QueueEntity } from './lines.types.js'

/** config.list.get's query: filters, order and page over the lines a caller may see. */


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
  const column = COLUMNS[f.key] ?? ((SETTING_KEYS as readonly string[]).includes(f.key) ? snake(f.key) : null)
  if (!column) throw new Error(`not a line field: ${f.key}`)
  const ref = sql.ref(`lines.${column}`)
  // For ids "0" and "none" are the same thing.
  return f.type === 'ref' ? sql`coalesce(${ref}, 0)` : ref
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

export type ListedLineRow = LineRow & { queue: QueueEntity[] }

/** A lines row as row_to_json spells it: timestamps arrive as ISO strings. */
function fromJson(line: string, queue: string): ListedLineRow {
  const row = JSON.parse(line) as Omit<LineRow, 'created_at' | 'modified_at' | 'deleted_at'> & Record<'created_at' | 'modified_at' | 'deleted_at', string | null>
  return Object.assign(row, {
    queue: JSON.parse(queue) as QueueEntity[],
    created_at: new Date(row.created_at!),
    modified_at: new Date(row.modified_at!),
    deleted_at: row.deleted_at === null ? null : new Date(row.deleted_at),
  })
}

/**
 * One round trip: the page is chosen on narrow rows (id and sort keys) and
 * only its lines are read whole, each with its configured queue. Rows come
 * back as one JSON text each: decoding ~90 columns one by one cost PGlite
 * about twice as much (measured: 5.4 against 2.8 ms of CPU for 50 lines).
 */
export async function listLines(db: Executor, q: LineListQuery): Promise<ListedLineRow[]> {
  // The sort keys travel with the page's ids (o0, o1, ...) so the outer query can keep their order.
  const keys = q.order.map((t, i) => ({ alias: `o${i}`, expr: fieldExpr(t.field), dir: t.desc ? ('desc' as const) : ('asc' as const) }))
  let page = db
    .selectFrom('lines')
    .select(['lines.id', ...keys.map((k) => k.expr.as(k.alias))])
    .where('deleted_at', 'is', null)
    .where(scopeCondition(q.scope))
  for (const c of q.filters) page = page.where(condition(c))
  for (const k of keys) page = page.orderBy(k.expr, k.dir)
  const queue = sql`(select coalesce(json_agg(json_build_object('type', q.entity_type, 'id', q.entity_id) order by q.sort), '[]') from line_queue q where q.line_id = lines.id)`
  let outer = db
    .selectFrom(page.limit(q.limit).offset(q.offset).as('page'))
    .innerJoin('lines', 'lines.id', 'page.id')
    .select([sql<string>`row_to_json(lines)::text`.as('line'), sql<string>`${queue}::text`.as('queue')])
  for (const k of keys) outer = outer.orderBy(sql.ref(`page.${k.alias}`), k.dir)
  return (await outer.execute()).map((r) => fromJson(r.line, r.queue))
}
