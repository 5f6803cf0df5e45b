import { yes } from '../rest/flags.js'
import { FIELD_BY_API, fieldDef, LINE_FIELD_KEYS, LINE_FIELDS } from './line-fields.schemas.js'
import { lineErrors } from './lines.errors.js'
import { isStorableText } from './line-values.schemas.js'
import type { LineListQuery, ListField, FilterCond, FilterOp, FilterValue, OrderTerm, SqlType } from './line-list.repo.js'
import type { LineAction } from './line-access.service.js'

/**
 * config.list.get's PARAMS (select, order, filter, limit, offset) and OPTIONS,
 * read as the page describes, with its INVALID_FORMAT messages.
 */

export interface SelectItem {
  /** Key in the answer: the field name or its alias. */
  out: string
  field: string
}

export interface ListRequest {
  query: Omit<LineListQuery, 'scope'>
  select: SelectItem[]
  withQueue: boolean
  withConfigQueue: boolean
  permission: LineAction
}

export const LIST_DEFAULT_LIMIT = 50
export const LIST_MAX_LIMIT = 200

/** Fields that are not settings but are listed, filtered and ordered. */
const META_FIELDS: Record<string, ListField> = {
  ID: { key: 'id', type: 'int' },
  DATE_CREATE: { key: 'createdAt', type: 'timestamp' },
  DATE_MODIFY: { key: 'modifiedAt', type: 'timestamp' },
  MODIFY_USER_ID: { key: 'modifyUserId', type: 'int' },
  VERSION: { key: 'version', type: 'int' },
}

function sqlTypeOf(api: string): SqlType | null {
  const key = FIELD_BY_API.get(api)
  if (!key) return null
  const kind = fieldDef(key).kind
  switch (kind.type) {
    case 'flag':
      return 'bool'
    case 'int':
      return 'int'
    case 'botRef':
    case 'idRef':
      return 'ref'
    case 'text':
    case 'nullableText':
    case 'enum':
    case 'time':
    case 'timezone':
    case 'language':
      return 'text'
    default:
      // lists and objects are returned but cannot be compared
      return null
  }
}

/** Every field list.get returns, in answer order. */
export const LIST_FIELDS: readonly string[] = ['ID', ...LINE_FIELD_KEYS.map((k) => LINE_FIELDS[k].api), 'DATE_CREATE', 'DATE_MODIFY', 'MODIFY_USER_ID', 'VERSION']
const KNOWN = new Set(LIST_FIELDS)
const NAME = /^[A-Z][A-Z0-9_]*$/

function comparable(name: string, where: 'order' | 'filter'): ListField {
  if (!NAME.test(name)) throw lineErrors.invalidFormat(`A wrong field name is passed in the PARAMS field '${where}'`)
  if (!KNOWN.has(name)) throw lineErrors.invalidFormat(`An unknown field '${name}' is passed in the PARAMS field '${where}'`)
  const meta = META_FIELDS[name]
  if (meta) return meta
  const type = sqlTypeOf(name)
  if (!type) throw lineErrors.invalidFormat(`The field '${name}' cannot be used in the PARAMS field '${where}'`)
  return { key: FIELD_BY_API.get(name)!, type }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return Boolean(v) && typeof v === 'object' && !Array.isArray(v)
}

function parseSelect(raw: unknown): SelectItem[] {
  if (raw === undefined || raw === '') return LIST_FIELDS.map((f) => ({ out: f, field: f }))
  if (!Array.isArray(raw) && !isPlainObject(raw)) throw lineErrors.invalidFormat("A wrong format for the PARAMS field 'select' is passed")
  const items: SelectItem[] = []
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string' || !(NAME.test(value.toUpperCase()) || value === '*')) {
      throw lineErrors.invalidFormat("A wrong field name is passed in the PARAMS field 'select'")
    }
    const field = value.toUpperCase()
    if (field === '*') {
      items.push(...LIST_FIELDS.map((f) => ({ out: f, field: f })))
      continue
    }
    if (!KNOWN.has(field)) throw lineErrors.invalidFormat(`An unknown field '${value}' is passed in the PARAMS field 'select'`)
    const aliased = !/^\d+$/.test(key)
    if (aliased && !NAME.test(key.toUpperCase())) throw lineErrors.invalidFormat("A wrong field alias is passed in the PARAMS field 'select'")
    if (aliased && KNOWN.has(key.toUpperCase())) throw lineErrors.invalidFormat(`The alias '${key}' matches an existing field in the PARAMS field 'select'`)
    items.push({ out: aliased ? key : field, field })
  }
  return items.length ? items : LIST_FIELDS.map((f) => ({ out: f, field: f }))
}

function parseOrder(raw: unknown): OrderTerm[] {
  if (raw === undefined || raw === '') return [{ field: META_FIELDS.ID, desc: false }]
  if (!isPlainObject(raw)) throw lineErrors.invalidFormat("A wrong format for the PARAMS field 'order' is passed")
  const terms: OrderTerm[] = []
  for (const [name, dir] of Object.entries(raw)) {
    const field = comparable(name.toUpperCase(), 'order')
    const d = typeof dir === 'string' ? dir.toUpperCase() : ''
    if (d !== 'ASC' && d !== 'DESC') throw lineErrors.invalidFormat("A wrong sorting direction is passed in the PARAMS field 'order'")
    terms.push({ field, desc: d === 'DESC' })
  }
  // The id breaks ties so that offset pages never repeat or skip a line.
  if (!terms.some((t) => t.field.key === 'id')) terms.push({ field: META_FIELDS.ID, desc: false })
  return terms
}

/** Longest prefixes first, as Bitrix's ORM reads them. */
const PREFIXES: Array<[string, FilterOp]> = [
  ['!@', 'notIn'], ['!%', 'notLike'], ['!=', 'ne'], ['>=', 'ge'], ['<=', 'le'],
  ['=', 'eq'], ['!', 'ne'], ['%', 'like'], ['>', 'gt'], ['<', 'lt'], ['@', 'in'],
]

function filterValue(field: ListField, raw: unknown, name: string): FilterValue {
  const wrong = () => lineErrors.invalidFormat(`A wrong value for the field '${name}' is passed in the PARAMS field 'filter'`)
  if (raw === null) return null
  switch (field.type) {
    case 'int':
    case 'ref': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN
      if (!Number.isSafeInteger(n)) throw wrong()
      return n
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw
      if (typeof raw === 'string' && /^[yn]$/i.test(raw)) return raw.toUpperCase() === 'Y'
      throw wrong()
    case 'text':
      if (typeof raw === 'string' && isStorableText(raw)) return raw
      if (typeof raw === 'number') return String(raw)
      throw wrong()
    case 'timestamp': {
      const d = typeof raw === 'number' ? new Date(raw * 1000) : typeof raw === 'string' ? new Date(raw) : new Date(NaN)
      if (Number.isNaN(d.getTime())) throw wrong()
      return d
    }
  }
}

function parseFilterEntry(key: string, raw: unknown): FilterCond {
  const prefix = PREFIXES.find(([p]) => key.startsWith(p))
  const name = (prefix ? key.slice(prefix[0].length) : key).toUpperCase()
  const field = comparable(name, 'filter')
  let op: FilterOp = prefix ? prefix[1] : 'eq'
  const list = Array.isArray(raw) ? raw : isPlainObject(raw) ? null : [raw]
  if (!list) throw lineErrors.invalidFormat("A wrong format for the PARAMS field 'filter' is passed")
  if (Array.isArray(raw)) op = op === 'eq' ? 'in' : op === 'ne' ? 'notIn' : op
  if (!['in', 'notIn'].includes(op) && list.length !== 1) throw lineErrors.invalidFormat("A wrong format for the PARAMS field 'filter' is passed")
  const values = list.map((v) => filterValue(field, v, name))
  const nullable = ['eq', 'ne'].includes(op)
  if (values.includes(null) && !nullable) throw lineErrors.invalidFormat(`A wrong value for the field '${name}' is passed in the PARAMS field 'filter'`)
  const textual = ['like', 'notLike'].includes(op)
  const ordered = ['gt', 'lt', 'ge', 'le'].includes(op)
  if ((textual && field.type !== 'text') || (ordered && field.type === 'bool')) {
    throw lineErrors.invalidFormat(`The operation '${key}' does not apply to the field '${name}' in the PARAMS field 'filter'`)
  }
  return { field, op, values }
}

function parseFilter(raw: unknown): FilterCond[] {
  if (raw === undefined || raw === '') return []
  if (!isPlainObject(raw) && !(Array.isArray(raw) && raw.length === 0)) throw lineErrors.invalidFormat("A wrong format for the PARAMS field 'filter' is passed")
  return Object.entries(raw).map(([k, v]) => parseFilterEntry(k, v))
}

function nonNegative(raw: unknown, name: 'limit' | 'offset'): number | null {
  if (raw === undefined || raw === '') return null
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN
  if (!Number.isSafeInteger(n) || n < 0) throw lineErrors.invalidFormat(`A non-negative integer is expected in the PARAMS field '${name}'`)
  return n
}

const PARAMS_KEYS = ['select', 'order', 'filter', 'limit', 'offset']
const OPTIONS_KEYS = ['QUEUE', 'CONFIG_QUEUE', 'CHECK_PERMISSION']

function scalarOption(raw: unknown, name: string): boolean {
  if (raw !== undefined && raw !== null && typeof raw === 'object') throw lineErrors.invalidFormat(`A wrong format for the OPTIONS field '${name}' is passed`)
  return yes(raw)
}

function parseOptions(raw: unknown): Pick<ListRequest, 'withQueue' | 'withConfigQueue' | 'permission'> {
  const opts = raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0) ? {} : raw
  if (!isPlainObject(opts)) throw lineErrors.invalidFormat('A wrong format for OPTIONS is passed')
  const extra = Object.keys(opts).filter((k) => !OPTIONS_KEYS.includes(k))
  if (extra.length) throw lineErrors.invalidFormat(`Unsupported OPTIONS fields are passed: ${extra.join(', ')}`)
  const check = opts.CHECK_PERMISSION
  const action = check === undefined || check === '' ? 'VIEW' : typeof check === 'string' ? check.toUpperCase() : ''
  if (action !== 'VIEW' && action !== 'MODIFY') throw lineErrors.invalidFormat("An unknown value for the OPTIONS field 'CHECK_PERMISSION' is passed")
  return {
    withQueue: scalarOption(opts.QUEUE, 'QUEUE'),
    withConfigQueue: scalarOption(opts.CONFIG_QUEUE, 'CONFIG_QUEUE'),
    permission: action === 'MODIFY' ? 'modify' : 'view',
  }
}

export function parseListRequest(params: unknown, options: unknown): ListRequest {
  const p = params === undefined || params === '' || (Array.isArray(params) && params.length === 0) ? {} : params
  if (!isPlainObject(p)) throw lineErrors.invalidFormat('A wrong format for PARAMS is passed')
  const extra = Object.keys(p).filter((k) => !PARAMS_KEYS.includes(k))
  if (extra.length) throw lineErrors.invalidFormat(`Unsupported PARAMS fields are passed: ${extra.join(', ')}`)
  const limit = nonNegative(p.limit, 'limit')
  // limit 0 means "no limit" in Bitrix's ORM; here every page is capped at 200.
  const capped = limit === null ? LIST_DEFAULT_LIMIT : limit === 0 ? LIST_MAX_LIMIT : Math.min(limit, LIST_MAX_LIMIT)
  return {
    query: { filters: parseFilter(p.filter), order: parseOrder(p.order), limit: capped, offset: nonNegative(p.offset, 'offset') ?? 0 },
    select: parseSelect(p.select),
    ...parseOptions(options),
  }
}
