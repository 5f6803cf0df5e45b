import { sql, type Generated, type RawBuilder } from 'kysely'
import type { Executor } from '../storage/db.js'
import type { EntityDef } from './crm.types.js'
import { ENTITY_TYPE_ID } from './crm.types.js'
import { columnFields, columnOf } from './entities.schemas.js'
import type { Condition, OrderBy } from './crm-query.service.js'
import type { SqlValue } from './crm-values.service.js'

/**
 * Rows of the four object tables. The SQL is built from the entity
 * definitions (trusted names, never caller input), so one repository serves
 * every type; values always travel as parameters.
 */

/** The columns every object table shares; the rest are listed by its definition. */
export interface CrmObjectTable {
  id: Generated<number>
  assigned_by_id: number
  created_by_id: number
  modify_by_id: number
  date_create: Date
  date_modify: Date
  opened: boolean
  uf: Record<string, unknown>
}

declare module '../storage/schema.js' {
  interface Database {
    crm_leads: CrmObjectTable
    crm_deals: CrmObjectTable
    crm_contacts: CrmObjectTable
    crm_companies: CrmObjectTable
    crm_counts: CrmCountsTable
  }
}

/** Objects by responsible, "available to everyone" flag and stage (migration 0310). */
export interface CrmCountsTable {
  entity_type: number
  assigned_by_id: number
  opened: boolean
  stage: string
  n: number
}

export type Row = Record<string, unknown>

/** Dates and amounts are read as text: a date has no time zone, an amount keeps its scale ("0.00"). */
const AS_TEXT = new Set(['date', 'double'])

const selectLists = new Map<EntityDef, RawBuilder<unknown>>()
function selectList(def: EntityDef): RawBuilder<unknown> {
  let list = selectLists.get(def)
  if (!list) {
    const cols = columnFields(def).map((f) =>
      AS_TEXT.has(f.type) ? sql`${sql.ref(columnOf(f))}::text as ${sql.ref(columnOf(f))}` : sql.ref(columnOf(f)),
    )
    list = sql.join([...cols, sql.ref('uf')])
    selectLists.set(def, list)
  }
  return list
}

const table = (def: EntityDef) => sql.table(def.table)

export async function insertRow(tx: Executor, def: EntityDef, cols: Record<string, SqlValue>, uf: Record<string, unknown>): Promise<number> {
  const names = Object.keys(cols)
  const res = await sql<{ id: number }>`insert into ${table(def)} (${sql.join([...names.map((n) => sql.ref(n)), sql.ref('uf')])})
    values (${sql.join([...names.map((n) => sql`${cols[n]}`), sql`${JSON.stringify(uf)}::jsonb`])}) returning id`.execute(tx)
  return res.rows[0].id
}

export async function updateRow(tx: Executor, def: EntityDef, id: number, cols: Record<string, SqlValue>, ufPatch: Record<string, unknown>): Promise<void> {
  const sets = Object.entries(cols).map(([n, v]) => sql`${sql.ref(n)} = ${v}`)
  if (Object.keys(ufPatch).length) sets.push(sql`uf = uf || ${JSON.stringify(ufPatch)}::jsonb`)
  if (!sets.length) return
  await sql`update ${table(def)} set ${sql.join(sets)} where id = ${id}`.execute(tx)
}

/** One object, locked for the rest of the transaction when it is about to change. */
export async function findRow(tx: Executor, def: EntityDef, id: number, lock = false): Promise<Row | undefined> {
  const res = await sql<Row>`select ${selectList(def)} from ${table(def)} where id = ${id} ${lock ? sql`for update` : sql``}`.execute(tx)
  return res.rows[0]
}

export async function deleteRow(tx: Executor, def: EntityDef, id: number): Promise<void> {
  await sql`delete from ${table(def)} where id = ${id}`.execute(tx)
}

/** Of these ids, those that exist (and that the viewer may read, when restricted). */
export async function existingIds(tx: Executor, def: EntityDef, ids: number[], visibleTo: number | null): Promise<number[]> {
  if (!ids.length) return []
  const res = await sql<{ id: number }>`select id from ${table(def)} where id in (${sql.join(ids)}) ${visibleTo === null ? sql`` : sql`and ${visible(visibleTo)}`}`.execute(tx)
  return res.rows.map((r) => r.id)
}

function visible(userId: number): RawBuilder<unknown> {
  return sql`(assigned_by_id = ${userId} or opened)`
}

const OPS: Record<string, string> = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' }

function cmp(c: Extract<Condition, { kind: 'cmp' }>): RawBuilder<unknown> {
  const col = sql.ref(c.column)
  if (c.value === null || (c.text && c.value === '')) {
    const empty = c.text ? sql`(${col} is null or ${col} = '')` : sql`${col} is null`
    return c.op === '=' ? empty : c.op === '!=' ? sql`not ${empty}` : sql`false`
  }
  return sql`${col} ${sql.raw(OPS[c.op])} ${c.value}`
}

function inList(col: RawBuilder<unknown>, values: SqlValue[], negate: boolean): RawBuilder<unknown> {
  const present = values.filter((v) => v !== null)
  const parts: RawBuilder<unknown>[] = []
  if (present.length) parts.push(sql`${col} in (${sql.join(present)})`)
  if (present.length < values.length) parts.push(sql`${col} is null`)
  const any = parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`
  return negate ? sql`not coalesce(${any}, false)` : any
}

function linked(def: EntityDef, c: Extract<Condition, { kind: 'link' }>): RawBuilder<unknown> {
  if (!c.ids.length) return sql`${sql.raw(c.negate ? 'true' : 'false')}`
  const ids = sql.join(c.ids)
  const sub = c.link.side === 'owner'
    ? sql`select owner_id from crm_links where owner_type = ${def.typeId} and target_type = ${ENTITY_TYPE_ID[c.link.target]} and target_id in (${ids})`
    : sql`select target_id from crm_links where target_type = ${def.typeId} and owner_type = ${ENTITY_TYPE_ID[c.link.owner]} and owner_id in (${ids})`
  return sql`id ${sql.raw(c.negate ? 'not in' : 'in')} (${sub})`
}

function ufCondition(c: Extract<Condition, { kind: 'uf' }>): RawBuilder<unknown> {
  const text = sql`(uf ->> ${c.name})`
  let cond: RawBuilder<unknown>
  if (c.op === 'like') cond = sql`coalesce(${text}, '') ilike ${c.value}`
  else if (c.value === null) cond = c.op === '=' ? sql`${text} is null` : sql`false`
  else if (c.op === '=') cond = sql`(uf @> ${JSON.stringify({ [c.name]: c.value })}::jsonb or uf @> ${JSON.stringify({ [c.name]: [c.value] })}::jsonb)`
  else cond = c.numeric ? sql`${text}::numeric ${sql.raw(OPS[c.op])} ${c.value}` : sql`${text} ${sql.raw(OPS[c.op])} ${c.value}`
  return c.negate ? sql`not coalesce(${cond}, false)` : cond
}

function compile(def: EntityDef, c: Condition): RawBuilder<unknown> {
  switch (c.kind) {
    case 'cmp': return cmp(c)
    case 'in': return inList(sql.ref(c.column), c.values, c.negate)
    case 'like': {
      const cond = sql`coalesce(${sql.ref(c.column)}, '') ilike ${c.pattern}`
      return c.negate ? sql`not ${cond}` : cond
    }
    case 'comm': {
      const sub = c.values.length
        ? sql`select element_id from crm_multifields where entity_type = ${def.typeId} and type_id = ${c.comm} and value_norm in (${sql.join(c.values)})`
        : sql`select null::integer where false`
      return sql`id ${sql.raw(c.negate ? 'not in' : 'in')} (${sub})`
    }
    case 'commLike': {
      const sub = sql`select element_id from crm_multifields where entity_type = ${def.typeId} and type_id = ${c.comm} and value_norm like ${c.pattern}`
      return sql`id ${sql.raw(c.negate ? 'not in' : 'in')} (${sub})`
    }
    case 'link': return linked(def, c)
    case 'uf': return ufCondition(c)
    case 'ufIn': {
      const any = c.values.map((v) => ufCondition({ kind: 'uf', name: c.name, op: '=', value: v, numeric: false, negate: false }))
      const cond = any.length ? sql`(${sql.join(any, sql` or `)})` : sql`false`
      return c.negate ? sql`not ${cond}` : cond
    }
    case 'const': return sql`${sql.raw(c.value ? 'true' : 'false')}`
    default: {
      const never: never = c
      return never
    }
  }
}

export interface ListQuery {
  conditions: Condition[]
  /** Restricts to the objects this user may read (own or opened); null for everyone's. */
  visibleTo: number | null
  order: OrderBy[]
  offset: number
  limit: number
}

function whereOf(def: EntityDef, q: Pick<ListQuery, 'conditions' | 'visibleTo'>): RawBuilder<unknown> {
  const parts = q.conditions.map((c) => compile(def, c))
  if (q.visibleTo !== null) parts.push(visible(q.visibleTo))
  return parts.length ? sql`where ${sql.join(parts, sql` and `)}` : sql``
}

/**
 * One page. With `fewMatches` the page is cut from the ids of all matches,
 * gathered through the filter's own indexes (index-only where they end in
 * id); otherwise PostgreSQL walks the order's index, which is what it prefers
 * for LIMIT queries but which reads most of the table when the matches lie
 * far along that order (a recent date range ordered by id).
 */
export async function listRows(tx: Executor, def: EntityDef, q: ListQuery, fewMatches: boolean): Promise<Row[]> {
  const order = sql.join(q.order.map((o) => sql`${sql.ref(o.column)} ${sql.raw(o.desc ? 'desc' : 'asc')}`))
  const page = sql`order by ${order} limit ${q.limit} offset ${q.offset}`
  if (!fewMatches) return (await sql<Row>`select ${selectList(def)} from ${table(def)} ${whereOf(def, q)} ${page}`.execute(tx)).rows
  const keys = sql.join([...new Set(['id', ...q.order.map((o) => o.column)])].map((c) => sql.ref(c)))
  const res = await sql<Row>`with m as materialized (select ${keys} from ${table(def)} ${whereOf(def, q)}),
    p as (select id from m ${page})
    select ${selectList(def)} from ${table(def)} where id in (select id from p) order by ${order}`.execute(tx)
  return res.rows
}

/**
 * A page and the number of matches from one pass over them, when there are
 * at most `cap`; null when there are more (the caller then counts and walks).
 */
export async function listAndCountFew(tx: Executor, def: EntityDef, q: ListQuery, cap: number): Promise<{ rows: Row[]; total: number } | null> {
  const order = sql.join(q.order.map((o) => sql`${sql.ref(o.column)} ${sql.raw(o.desc ? 'desc' : 'asc')}`))
  const keys = sql.join([...new Set(['id', ...q.order.map((o) => o.column)])].map((c) => sql.ref(c)))
  const res = await sql<{ n: number; ids: number[] }>`with m as materialized (select ${keys} from ${table(def)} ${whereOf(def, q)} limit ${cap + 1})
    select (select count(*)::integer from m) as n, array(select id from m order by ${order} limit ${q.limit} offset ${q.offset}) as ids`.execute(tx)
  const { n, ids } = res.rows[0]
  if (n > cap) return null
  if (!ids.length) return { rows: [], total: n }
  const rows = await sql<Row>`select ${selectList(def)} from ${table(def)} where id in (${sql.join(ids)}) order by ${order}`.execute(tx)
  return { rows: rows.rows, total: n }
}

/**
 * A page filtered by a list of values (`@ASSIGNED_BY_ID`) that an index
 * would hand out in order for any one of them: each value's first
 * offset + limit entries, merged. The cost follows the values and the page,
 * not the matches.
 */
export async function listRowsByValues(tx: Executor, def: EntityDef, q: ListQuery, column: string, values: SqlValue[]): Promise<Row[]> {
  const order = sql.join(q.order.map((o) => sql`${sql.ref(o.column)} ${sql.raw(o.desc ? 'desc' : 'asc')}`))
  const keys = sql.join([...new Set(['id', ...q.order.map((o) => o.column)])].map((c) => sql.ref(c)))
  const rest = q.conditions.filter((c) => !(c.kind === 'in' && c.column === column))
  const branches = values.map((v) => {
    const one: Condition = { kind: 'cmp', column, op: '=', value: v, text: false }
    return sql`(select ${keys} from ${table(def)} ${whereOf(def, { conditions: [one, ...rest], visibleTo: q.visibleTo })} order by ${order} limit ${q.offset + q.limit})`
  })
  const res = await sql<Row>`select ${selectList(def)} from ${table(def)} where id in (
      select id from (${sql.join(branches, sql` union all `)}) u order by ${order} limit ${q.limit} offset ${q.offset})
    order by ${order}`.execute(tx)
  return res.rows
}

/**
 * The column of the one `@` (IN) condition that, taken as an equality, leaves
 * a page an index hands out in order; null when there is none.
 */
export function servedPerValue(def: EntityDef, q: Pick<ListQuery, 'conditions' | 'visibleTo' | 'order'>): { column: string; values: SqlValue[] } | null {
  const lists = q.conditions.filter((c): c is Extract<Condition, { kind: 'in' }> => c.kind === 'in')
  if (lists.length !== 1) return null
  const [list] = lists
  if (list.negate || list.values.length < 2 || list.values.length > 50 || list.values.some((v) => v === null)) return null
  const asEquality: Condition = { kind: 'cmp', column: list.column, op: '=', value: list.values[0], text: false }
  const conditions = q.conditions.map((c) => (c === list ? asEquality : c))
  return servedByIndex(def, { ...q, conditions }) ? { column: list.column, values: list.values } : null
}

/**
 * The B-tree indexes of the object tables whose last column is id (migrations
 * 0300 and 0310). A page filtered by equality on some of an index's leading
 * columns and ordered by the rest is read off that index in order.
 */
const ORDERED_INDEXES: Record<string, readonly string[][]> = {
  crm_leads: [
    ['status_id', 'id'], ['assigned_by_id', 'status_id', 'id'], ['source_id', 'id'], ['assigned_by_id', 'id'],
    ['date_create', 'id'], ['date_modify', 'id'], ['assigned_by_id', 'status_id', 'date_create', 'id'], ['status_id', 'date_create', 'id'],
  ],
  crm_deals: [
    ['stage_id', 'id'], ['assigned_by_id', 'stage_id', 'id'], ['category_id', 'stage_id', 'id'], ['source_id', 'id'], ['closedate', 'id'],
    ['assigned_by_id', 'id'], ['date_create', 'id'], ['date_modify', 'id'], ['assigned_by_id', 'stage_id', 'date_create', 'id'], ['stage_id', 'date_create', 'id'],
  ],
  crm_contacts: [['type_id', 'id'], ['source_id', 'id'], ['assigned_by_id', 'id'], ['date_create', 'id'], ['date_modify', 'id']],
  crm_companies: [['company_type', 'id'], ['assigned_by_id', 'id'], ['date_create', 'id'], ['date_modify', 'id']],
}

const RANGE_OPS = new Set(['>', '>=', '<', '<='])

/**
 * Whether an index hands out this page in order: every condition is an
 * equality on one of its leading columns or a range on the first order
 * column, and the order (one direction) is the rest of the index. Then
 * reading a page costs a page, wherever it lies.
 */
export function servedByIndex(def: EntityDef, q: Pick<ListQuery, 'conditions' | 'visibleTo' | 'order'>): boolean {
  if (q.visibleTo !== null || q.order.some((o) => o.desc !== q.order[0].desc)) return false
  const orderCols = q.order.map((o) => o.column)
  const eq = new Set<string>()
  for (const c of q.conditions) {
    if (c.kind !== 'cmp' || c.value === null || (c.text && c.value === '')) return false
    if (c.op === '=') eq.add(c.column)
    else if (!(RANGE_OPS.has(c.op) && c.column === orderCols[0])) return false
  }
  const indexes = [['id'], ...(ORDERED_INDEXES[def.table] ?? [])]
  return indexes.some((cols) => {
    const lead = cols.slice(0, cols.length - orderCols.length)
    return lead.length === eq.size && lead.every((c) => eq.has(c)) && cols.slice(lead.length).join() === orderCols.join()
  })
}

/** The counter columns (crm_counts) each object column maps to. */
function counterColumn(def: EntityDef, column: string): string | null {
  if (column === 'assigned_by_id' || column === 'opened') return column
  return def.stages && column === def.stages.field.toLowerCase() ? 'stage' : null
}

/** A condition as a condition on crm_counts, or null when the counters do not know its column. */
function counterCondition(def: EntityDef, c: Condition): RawBuilder<unknown> | null {
  if (c.kind === 'cmp' && c.value !== null && (c.op === '=' || c.op === '!=')) {
    const col = counterColumn(def, c.column)
    return col ? sql`${sql.ref(col)} ${sql.raw(OPS[c.op])} ${c.value}` : null
  }
  if (c.kind === 'in' && c.values.length && c.values.every((v) => v !== null)) {
    const col = counterColumn(def, c.column)
    return col ? sql`${sql.ref(col)} ${sql.raw(c.negate ? 'not in' : 'in')} (${sql.join(c.values)})` : null
  }
  return null
}

/**
 * How many objects match these conditions, from the counters alone; null when
 * a condition is not one they answer. With `upperBound`, conditions they do
 * not answer are left out, which can only count more.
 */
export async function countByCounters(
  tx: Executor, def: EntityDef, q: Pick<ListQuery, 'conditions' | 'visibleTo'>, upperBound = false,
): Promise<number | null> {
  const parts: RawBuilder<unknown>[] = [sql`entity_type = ${def.typeId}`]
  for (const c of q.conditions) {
    const part = counterCondition(def, c)
    if (part) parts.push(part)
    else if (c.kind === 'const' && !c.value) return 0
    else if (!upperBound && !(c.kind === 'const' && c.value)) return null
  }
  if (q.visibleTo !== null) parts.push(visible(q.visibleTo))
  const res = await sql<{ n: string }>`select coalesce(sum(n), 0)::text as n from crm_counts where ${sql.join(parts, sql` and `)}`.execute(tx)
  return Number(res.rows[0].n)
}

/** How many objects match, counting no further than `cap` when given. */
export async function countRows(tx: Executor, def: EntityDef, q: Pick<ListQuery, 'conditions' | 'visibleTo'>, cap?: number): Promise<number> {
  const res = cap === undefined
    ? await sql<{ n: number }>`select count(*)::integer as n from ${table(def)} ${whereOf(def, q)}`.execute(tx)
    : await sql<{ n: number }>`select count(*)::integer as n from (select 1 from ${table(def)} ${whereOf(def, q)} limit ${cap}) s`.execute(tx)
  return res.rows[0].n
}

/** Objects by id, most recently changed first. */
export async function rowsByIds(tx: Executor, def: EntityDef, ids: number[]): Promise<Row[]> {
  if (!ids.length) return []
  const res = await sql<Row>`select ${selectList(def)} from ${table(def)} where id in (${sql.join(ids)})
    order by date_modify desc, id desc`.execute(tx)
  return res.rows
}
