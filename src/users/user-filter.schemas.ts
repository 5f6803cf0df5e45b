import { systemErrors } from '../rest/system-errors.js'
import { yes } from '../rest/flags.js'
import { userField, visibleAt, type AccessLevel, type UserField } from './user-fields.schemas.js'
import { MAX_ID } from './users.repo.js'

/**
 * The filter language of user.get / user.search (user-get.md "FILTER"): a key
 * is a field name with an optional operator prefix, a value is a scalar or a
 * list. Keys the caller's scope version may not see, and keys that name no
 * field, are skipped without an error, as Bitrix24 does.
 */
export type FilterOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'notContains' | 'like' | 'notLike' | 'prefix'

/** `null` stands for "empty" (UF_DEPARTMENT: false means "in no department"). */
export type FilterValue = string | number | boolean | Date | null

export interface Condition {
  field: UserField
  op: FilterOp
  /** Positive operators match any of them; negative ones match none of them. */
  values: FilterValue[]
}

export interface UserFilter {
  conditions: Condition[]
  /** FIND / NAME_SEARCH: every word must start a name, last name, middle name, job title or department name. */
  words: string[]
  /** UF_DEPARTMENT_NAME of user.search: a department name starts with it. */
  departmentPrefix: string | null
  /** HAS_DEPARTAMENT=Y (Bitrix24's own spelling). */
  hasDepartment: boolean
  /** Whether USER_TYPE was filtered on (then the default "employees only" does not apply). */
  mentionsType: boolean
}

const PREFIXES: ReadonlyArray<[string, FilterOp]> = [
  ['!=%', 'notLike'], ['!%=', 'notLike'],
  ['>=', 'gte'], ['<=', 'lte'], ['!@', 'ne'], ['=%', 'like'], ['%=', 'like'], ['!%', 'notContains'], ['!=', 'ne'],
  ['>', 'gt'], ['<', 'lt'], ['@', 'eq'], ['%', 'contains'], ['=', 'eq'], ['!', 'ne'],
]

export const NEGATIVE_OPS: ReadonlySet<FilterOp> = new Set(['ne', 'notContains', 'notLike'])
const TEXT_OPS: ReadonlySet<FilterOp> = new Set(['contains', 'notContains', 'like', 'notLike', 'prefix'])
const ORDER_OPS: ReadonlySet<FilterOp> = new Set(['gt', 'gte', 'lt', 'lte'])

export function splitKey(key: string): { op: FilterOp; code: string; bare: boolean } {
  for (const [prefix, op] of PREFIXES) {
    if (key.startsWith(prefix) && key.length > prefix.length) return { op, code: key.slice(prefix.length).toUpperCase(), bare: false }
  }
  return { op: 'eq', code: key.toUpperCase(), bare: true }
}

/** The filter keys: FILTER when it is an object, else the top-level parameters (user-get.md's cURL example). */
export function filterSource(params: Record<string, unknown>): Record<string, unknown> {
  const key = Object.keys(params).find((k) => k.toUpperCase() === 'FILTER')
  const nested = key === undefined ? undefined : params[key]
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) return nested as Record<string, unknown>
  return params
}

const SEARCH_FIELDS = new Set(['NAME', 'LAST_NAME', 'SECOND_NAME', 'WORK_POSITION'])

/** Bounds that keep one call's query a reasonable size; beyond them the call is refused, not truncated. */
export const MAX_FILTER_VALUES = 10_000
export const MAX_SEARCH_WORDS = 20

export function parseUserFilter(raw: Record<string, unknown>, opts: { level: AccessLevel; search: boolean }): UserFilter {
  const out: UserFilter = { conditions: [], words: [], departmentPrefix: null, hasDepartment: false, mentionsType: false }
  const find = Object.entries(raw).find(([k]) => ['NAME_SEARCH', ...(opts.search ? ['FIND'] : [])].includes(k.toUpperCase()))
  if (find) out.words = wordsOf(find[1])
  if (out.words.length > MAX_SEARCH_WORDS) throw systemErrors.argument(find?.[0] ?? 'FIND', `at most ${MAX_SEARCH_WORDS} words`)
  for (const [key, value] of Object.entries(raw)) {
    const { op, code, bare } = splitKey(key)
    if (code === 'HAS_DEPARTAMENT') out.hasDepartment = value === 'Y'
    if (opts.search && code === 'UF_DEPARTMENT_NAME' && !find) out.departmentPrefix = textOf(value)
    const field = userField(code)
    if (!field || !visibleAt(field, opts.level)) continue
    // user.search matches personal data from the start of the word ("right LIKE"); with FIND those keys give way to it.
    const searchKey = opts.search && bare && SEARCH_FIELDS.has(code)
    if (searchKey && find) continue
    const cond = condition(field, searchKey ? 'prefix' : op, value)
    if (!cond) continue
    if (code === 'USER_TYPE') out.mentionsType = true
    out.conditions.push(cond)
  }
  if (out.conditions.reduce((n, c) => n + c.values.length, 0) > MAX_FILTER_VALUES) {
    throw systemErrors.argument('FILTER', `at most ${MAX_FILTER_VALUES} values`)
  }
  return out
}

function wordsOf(value: unknown): string[] {
  const text = textOf(value)
  return text ? text.split(/\s+/).filter(Boolean) : []
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null
  if (typeof value === 'number') return String(value)
  return null
}

function condition(field: UserField, op: FilterOp, value: unknown): Condition | null {
  if (TEXT_OPS.has(op) && !['text', 'extra', 'id'].includes(field.kind)) return null
  if (ORDER_OPS.has(op) && ['flag', 'yn', 'departments'].includes(field.kind)) return null
  const list = Array.isArray(value) ? value : [value]
  if (field.kind === 'departments') return { field, op, values: departmentValues(list) }
  const values = list.map((v) => normalise(field, v)).filter((v): v is Exclude<FilterValue, null> => v !== null)
  return { field, op, values }
}

function departmentValues(list: unknown[]): FilterValue[] {
  if (list.length === 0 || list.every((v) => v === false || v === '' || v === 0 || v === '0' || v === null)) return [null]
  return list.map((v) => Number(v)).filter((n) => Number.isInteger(n) && n > 0 && n <= MAX_ID)
}

/** The value as the stored column compares it, or null when it cannot match anything. */
function normalise(field: UserField, v: unknown): FilterValue {
  if (v === null || v === undefined || typeof v === 'object') return null
  switch (field.kind) {
    case 'id': {
      // Out of the integer range no id matches, and such a number must not reach the query.
      const n = Number(v)
      return Number.isInteger(n) && Math.abs(n) <= MAX_ID ? n : null
    }
    case 'flag':
    case 'yn':
      return yes(v)
    case 'day':
      return field.prop === 'personalBirthday' ? dayOf(String(v)) : momentOf(String(v))
    case 'datetime':
      return momentOf(String(v))
    case 'text':
    case 'extra':
    case 'departments':
      return String(v)
  }
}

/** YYYY-MM-DD from ISO 8601 or the dd.mm.yyyy form; null when it is not a date. */
export function dayOf(s: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s.trim())
  if (iso) return validDay(+iso[1], +iso[2], +iso[3])
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s.trim())
  return dotted ? validDay(+dotted[3], +dotted[2], +dotted[1]) : null
}

function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function momentOf(s: string): Date | null {
  const text = s.trim()
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const day = dayOf(text)
    return day ? localMidnight(day) : null
  }
  const date = new Date(text.length === 10 ? `${text}T00:00:00` : text)
  return Number.isNaN(date.getTime()) ? null : date
}

/** Midnight of a calendar day in the server's time zone, as Bitrix24 reads a bare date. */
export function localMidnight(day: string): Date {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y, m - 1, d)
}
