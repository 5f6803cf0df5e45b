import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../storage/db.js'
import type { UserField, UserProp } from './user-fields.schemas.js'
import { NEGATIVE_OPS, type Condition, type FilterValue, type UserFilter } from './user-filter.schemas.js'
import { selectUsers, toRecord, type UserRecord } from './users.repo.js'

const COLUMN: Record<UserProp, string> = {
  id: 'id', xmlId: 'xml_id', active: 'active', name: 'name', lastName: 'last_name', secondName: 'second_name',
  email: 'email', lastLogin: 'last_login', dateRegister: 'date_register', timeZone: 'time_zone', isOnline: 'is_online',
  updatedAt: 'updated_at', lastActivity: 'last_activity', personalGender: 'personal_gender', personalWww: 'personal_www',
  personalBirthday: 'personal_birthday', personalPhoto: 'personal_photo', personalPhone: 'personal_phone',
  personalMobile: 'personal_mobile', personalCity: 'personal_city', workPhone: 'work_phone', workPosition: 'work_position',
  departments: 'departments', userType: 'user_type',
}

export interface UserListQuery {
  filter: UserFilter
  /** The user types the caller may list. */
  types: string[]
  /** The caller, when an extranet caller should see only themselves; null when they may see everyone. */
  viewer: number | null
  sort: { field: UserField; desc: boolean }
  offset: number
  limit: number
  withTotal: boolean
}

type Bool = RawBuilder<boolean>

function column(field: UserField): RawBuilder<unknown> {
  if (field.prop === null) return sql`coalesce(users.extra ->> ${field.code}, '')`
  return sql.ref(`users.${COLUMN[field.prop]}`)
}

const isText = (f: UserField) => f.kind === 'text' || f.kind === 'extra'

/** A LIKE pattern that matches `text` literally. */
function literal(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Equality on many values as one array parameter, so a long ID list is one bind, not thousands. */
function equalsAny(c: Condition): Bool | null {
  if (c.op !== 'eq' && c.op !== 'ne') return null
  const col = column(c.field)
  if (c.field.kind === 'id') return sql<boolean>`${col} = any(${c.values.map(Number)}::int[])`
  if (isText(c.field)) return sql<boolean>`lower(${col}) = any(${c.values.map((v) => String(v).toLowerCase())}::text[])`
  if (c.field.kind === 'departments' && !c.values.includes(null)) return sql<boolean>`users.departments && ${c.values.map(Number)}::int[]`
  return null
}

function matchOne(c: Condition, v: FilterValue): Bool {
  const col = column(c.field)
  if (c.field.kind === 'departments') {
    return v === null ? sql<boolean>`cardinality(users.departments) = 0` : sql<boolean>`users.departments @> array[${v}]::int[]`
  }
  const text = c.field.kind === 'id' ? sql`${col}::text` : col
  switch (c.op) {
    case 'eq':
    case 'ne':
      return isText(c.field) ? sql<boolean>`lower(${col}) = lower(${v})` : sql<boolean>`${col} = ${v}`
    case 'gt':
      return sql<boolean>`${col} > ${v}`
    case 'gte':
      return sql<boolean>`${col} >= ${v}`
    case 'lt':
      return sql<boolean>`${col} < ${v}`
    case 'lte':
      return sql<boolean>`${col} <= ${v}`
    case 'contains':
    case 'notContains':
      return sql<boolean>`${text} ilike ${`%${literal(String(v))}%`}`
    case 'like':
    case 'notLike':
      return sql<boolean>`${text} ilike ${String(v)}`
    case 'prefix':
      return sql<boolean>`${text} ilike ${`${literal(String(v))}%`}`
  }
}

function anyOf(parts: Bool[]): Bool {
  if (parts.length === 0) return sql<boolean>`false`
  return sql<boolean>`(${sql.join(parts, sql` or `)})`
}

function conditionSql(c: Condition): Bool {
  const any = (c.values.length > 1 ? equalsAny(c) : null) ?? anyOf(c.values.map((v) => matchOne(c, v)))
  return NEGATIVE_OPS.has(c.op) ? sql<boolean>`not ${any}` : any
}

/** Users of the departments whose name matches; the department list is found once, not per user. */
function inDepartmentsNamed(match: Bool): Bool {
  return sql<boolean>`users.departments && (select coalesce(array_agg(d.id), '{}') from departments d where ${match})`
}

/** A word starts one of the personal-data fields or a department's name (user.search, FIND). */
function wordSql(word: string): Bool {
  const start = `${literal(word)}%`
  const inside = `% ${literal(word)}%`
  const starts = (col: RawBuilder<unknown>) => sql<boolean>`(${col} ilike ${start} or ${col} ilike ${inside})`
  const fields = ['name', 'last_name', 'second_name', 'work_position'].map((col) => starts(sql.ref(`users.${col}`)))
  return anyOf([...fields, inDepartmentsNamed(starts(sql.ref('d.name')))])
}

function whereOf(q: UserListQuery): Bool {
  const parts: Bool[] = [sql<boolean>`users.user_type in (${sql.join(q.types)})`]
  // Decided inside the query (evaluated once), which spares a round trip on every list call.
  if (q.viewer !== null) {
    parts.push(sql<boolean>`(users.id = ${q.viewer} or not exists (select 1 from users me where me.id = ${q.viewer} and me.user_type = 'extranet'))`)
  }
  for (const c of q.filter.conditions) parts.push(conditionSql(c))
  for (const w of q.filter.words) parts.push(wordSql(w))
  if (q.filter.departmentPrefix !== null) {
    parts.push(inDepartmentsNamed(sql<boolean>`d.name ilike ${`${literal(q.filter.departmentPrefix)}%`}`))
  }
  if (q.filter.hasDepartment) parts.push(sql<boolean>`cardinality(users.departments) > 0`)
  return sql<boolean>`${sql.join(parts, sql` and `)}`
}

function orderOf(sort: UserListQuery['sort']): RawBuilder<unknown> {
  // The id is never null: ordered plainly, the primary key gives the page in order (NULLS FIRST made a sort of every match).
  if (sort.field.prop === 'id') return sort.desc ? sql`users.id desc` : sql`users.id asc`
  const dir = sort.desc ? sql`desc nulls last` : sql`asc nulls first`
  const key = isText(sort.field) ? sql`lower(${column(sort.field)})` : column(sort.field)
  return sql`${key} ${dir}, users.id asc`
}

/** One page of users and, unless skipped (`start=-1`), how many match in all. */
export async function listUsers(db: Executor, q: UserListQuery): Promise<{ items: UserRecord[]; total: number | null }> {
  const where = whereOf(q)
  const rows = await selectUsers(db).where(where).orderBy(orderOf(q.sort)).offset(q.offset).limit(q.limit).execute()
  let total: number | null = null
  if (q.withTotal) total = knownTotal(q.offset, q.limit, rows.length) ?? (await countUsers(db, where))
  return { items: rows.map(toRecord), total }
}

async function countUsers(db: Executor, where: Bool): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where(where).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A short page is the last one, so it tells the total without counting (an empty page past the end does not). */
export function knownTotal(offset: number, limit: number, got: number): number | null {
  return got < limit && (got > 0 || offset === 0) ? offset + got : null
}
