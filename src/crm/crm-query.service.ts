import { crmErrors } from './crm.errors.js'
import type { CommType, EntityDef, FieldDef, LinkSpec, UserFieldDef } from './crm.types.js'
import { columnOf, fieldByName, USER_FIELD_NAME } from './entities.schemas.js'
import { normalizeComm } from './crm-comms.service.js'
import { coerce, type SqlValue } from './crm-values.service.js'
import { normalizeUserValue } from './crm-userfields.service.js'

/**
 * select / filter / order of crm.*.list, read into a plan the repository
 * turns into SQL. Filter keys carry the documented prefixes (=, !, !=, >, >=,
 * <, <=, @, !@, %, !%, =%, %=, !=%, !%=); unknown fields are ignored, as on
 * Bitrix24, and a value that cannot be one of the field's values matches nothing.
 */

export type CmpOp = '=' | '!=' | '>' | '>=' | '<' | '<='

export type Condition =
  | { kind: 'cmp'; column: string; op: CmpOp; value: SqlValue; text: boolean }
  | { kind: 'in'; column: string; values: SqlValue[]; negate: boolean }
  | { kind: 'like'; column: string; pattern: string; negate: boolean }
  | { kind: 'comm'; comm: CommType; values: string[]; negate: boolean }
  | { kind: 'commLike'; comm: CommType; pattern: string; negate: boolean }
  | { kind: 'link'; link: LinkSpec; ids: number[]; negate: boolean }
  | { kind: 'uf'; name: string; op: CmpOp | 'like'; value: SqlValue; numeric: boolean; negate: boolean }
  | { kind: 'ufIn'; name: string; values: SqlValue[]; negate: boolean }
  | { kind: 'const'; value: boolean }

export interface Selection {
  fields: FieldDef[]
  comms: CommType[]
  userFields: string[]
}

export interface OrderBy {
  column: string
  desc: boolean
}

type Op = { base: 'eq' | 'cmp' | 'in' | 'contains' | 'pattern'; cmp?: CmpOp; negate: boolean }

const PREFIXES: Array<[string, Op]> = [
  ['!%=', { base: 'pattern', negate: true }],
  ['!=%', { base: 'pattern', negate: true }],
  ['!@', { base: 'in', negate: true }],
  ['!%', { base: 'contains', negate: true }],
  ['!=', { base: 'eq', negate: true }],
  ['>=', { base: 'cmp', cmp: '>=', negate: false }],
  ['<=', { base: 'cmp', cmp: '<=', negate: false }],
  ['=%', { base: 'pattern', negate: false }],
  ['%=', { base: 'pattern', negate: false }],
  ['!', { base: 'eq', negate: true }],
  ['>', { base: 'cmp', cmp: '>', negate: false }],
  ['<', { base: 'cmp', cmp: '<', negate: false }],
  ['@', { base: 'in', negate: false }],
  ['%', { base: 'contains', negate: false }],
  ['=', { base: 'eq', negate: false }],
]

function splitKey(key: string): { op: Op; name: string } {
  for (const [prefix, op] of PREFIXES) if (key.startsWith(prefix)) return { op, name: key.slice(prefix.length).toUpperCase() }
  return { op: { base: 'eq', negate: false }, name: key.toUpperCase() }
}

const listOf = (raw: unknown): unknown[] =>
  Array.isArray(raw) ? raw : raw !== null && typeof raw === 'object' ? Object.values(raw) : [raw]

/** `%v%` for a substring, or the caller's own pattern; `_` stays literal either way. */
function likePattern(raw: unknown, contains: boolean): string {
  const text = String(raw).replace(/[\\_]/g, (c) => `\\${c}`)
  return contains ? `%${text.replace(/%/g, '\\%')}%` : text
}

const TEXT_TYPES = new Set(['string'])

function columnCondition(f: FieldDef, op: Op, raw: unknown): Condition {
  const column = columnOf(f)
  const nothing: Condition = { kind: 'const', value: op.negate }
  if ((op.base === 'contains' || op.base === 'pattern') && TEXT_TYPES.has(f.type)) {
    return { kind: 'like', column, pattern: likePattern(raw, op.base === 'contains'), negate: op.negate }
  }
  if (op.base === 'in' || (op.base === 'eq' && Array.isArray(raw))) {
    const values = listOf(raw).map((v) => coerce(f, v))
    if (values.some((v) => !v.ok)) return nothing
    return { kind: 'in', column, values: values.map((v) => (v.ok ? v.value : null)), negate: op.negate }
  }
  const value = coerce(f, raw)
  if (!value.ok) return nothing
  const cmp: CmpOp = op.base === 'cmp' && op.cmp ? op.cmp : op.negate ? '!=' : '='
  return { kind: 'cmp', column, op: cmp, value: value.value, text: TEXT_TYPES.has(f.type) }
}

function linkCondition(link: LinkSpec, op: Op, raw: unknown): Condition {
  const ids = listOf(raw).map((v) => Number(v)).filter((n) => Number.isInteger(n) && n > 0)
  return { kind: 'link', link: { ...link, primary: false }, ids, negate: op.negate }
}

function userFieldCondition(def: UserFieldDef, op: Op, raw: unknown): Condition {
  const numeric = def.userTypeId === 'double' || def.userTypeId === 'integer'
  const one = { ...def, multiple: false }
  try {
    if (op.base === 'in' || (op.base === 'eq' && Array.isArray(raw))) {
      return { kind: 'ufIn', name: def.fieldName, values: listOf(raw).map((v) => normalizeUserValue(one, v) as SqlValue), negate: op.negate }
    }
    if (op.base === 'contains' || op.base === 'pattern') {
      return { kind: 'uf', name: def.fieldName, op: 'like', value: likePattern(raw, op.base === 'contains'), numeric: false, negate: op.negate }
    }
    const value = normalizeUserValue(one, raw) as SqlValue
    const cmp: CmpOp = op.base === 'cmp' && op.cmp ? op.cmp : '='
    return { kind: 'uf', name: def.fieldName, op: cmp, value, numeric, negate: op.negate }
  } catch {
    return { kind: 'const', value: op.negate }
  }
}

/**
 * PHONE, EMAIL, WEB, IM: equality compares normalized values (a phone's
 * digits, an address in lower case); `%` and `=%` search them the same way,
 * each part of a pattern normalized on its own.
 */
function commCondition(comm: CommType, op: Op, raw: unknown): Condition {
  if (op.base === 'contains' || op.base === 'pattern') {
    const parts = (op.base === 'contains' ? [String(raw)] : String(raw).split('%')).map((p) => likePattern(normalizeComm(comm, p), false))
    const pattern = op.base === 'contains' ? `%${parts[0]}%` : parts.join('%')
    return { kind: 'commLike', comm, pattern, negate: op.negate }
  }
  return { kind: 'comm', comm, values: listOf(raw).map((v) => normalizeComm(comm, String(v))), negate: op.negate }
}

export function parseFilter(def: EntityDef, raw: unknown, userFields: ReadonlyMap<string, UserFieldDef>): Condition[] {
  if (raw === undefined || raw === null || raw === '') return []
  if (typeof raw !== 'object') throw crmErrors.mustBeArray('filter')
  const out: Condition[] = []
  for (const [key, value] of Object.entries(raw)) {
    const { op, name } = splitKey(key)
    const f = fieldByName(def, name)
    const uf = USER_FIELD_NAME.test(name) ? userFields.get(name) : undefined
    if (uf) out.push(userFieldCondition(uf, op, value))
    if (!f) continue
    const storage = f.storage
    if (storage.kind === 'column') out.push(columnCondition(f, op, value))
    else if (storage.kind === 'comm') out.push(commCondition(storage.comm, op, value))
    else if (storage.link.primary || storage.link.side === 'target') out.push(linkCondition(storage.link, op, value))
  }
  return out
}

export function parseOrder(def: EntityDef, raw: unknown): OrderBy[] {
  if (raw === undefined || raw === null || raw === '') return [{ column: 'id', desc: false }]
  if (typeof raw !== 'object') throw crmErrors.mustBeArray('order')
  const order: OrderBy[] = []
  for (const [key, dir] of Object.entries(raw)) {
    const f = fieldByName(def, key.toUpperCase())
    if (!f || f.storage.kind !== 'column' || order.some((o) => o.column === columnOf(f))) continue
    order.push({ column: columnOf(f), desc: String(dir).toUpperCase() === 'DESC' })
  }
  // id last keeps pages stable when the other keys tie.
  if (!order.some((o) => o.column === 'id')) order.push({ column: 'id', desc: order[0]?.desc ?? false })
  return order
}

/** `*` is every plain field, `UF_*` every single-valued user field; multi-value fields only by name. */
export function parseSelect(def: EntityDef, raw: unknown, userFields: ReadonlyMap<string, UserFieldDef>): Selection {
  const names = raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)
    ? ['*', 'UF_*']
    : listOf(raw).map((v) => String(v).toUpperCase())
  const fields = new Set<FieldDef>([def.fields[0]])
  const comms = new Set<CommType>()
  const ufs = new Set<string>()
  for (const name of names) {
    if (name === '*') def.fields.filter((f) => f.inStar).forEach((f) => fields.add(f))
    else if (name === 'UF_*') [...userFields.values()].filter((u) => !u.multiple).forEach((u) => ufs.add(u.fieldName))
    else if (userFields.has(name)) ufs.add(name)
    else {
      const f = fieldByName(def, name)
      if (f?.storage.kind === 'comm') comms.add(f.storage.comm)
      else if (f?.inStar) fields.add(f)
    }
  }
  return { fields: def.fields.filter((f) => fields.has(f)), comms: [...comms], userFields: [...ufs] }
}
