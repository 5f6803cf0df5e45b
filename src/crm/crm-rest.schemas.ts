import { toBitrixDate } from '../platform/dates.js'
import type { CrmEntity, CrmInput, CrmScalar, EntityDef, FieldDef, UserFieldDef } from './crm.types.js'
import { fieldByName, fieldKey, USER_FIELD_NAME } from './entities.schemas.js'
import type { Selection } from './crm-query.service.js'

/**
 * The edge between Bitrix24's UPPER_SNAKE field names and the domain: what
 * crm.*.add/update read, and the shapes get, list and fields return. As the
 * pages' examples show, ids and numbers go out as strings, flags as Y/N,
 * dates as ISO 8601 with the server offset ("" when empty), amounts as decimal text.
 */

type ApiObject = Record<string, unknown>

/** Upper-cases the top-level parameter names: Bitrix24 reads `id`, `ID`, `fields`, `FIELDS` alike. */
export function upperKeys(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(params)) if (!(k.toUpperCase() in out)) out[k.toUpperCase()] = v
  return out
}

function camelEntries(raw: unknown): unknown {
  const map = (e: unknown) =>
    e && typeof e === 'object' && !Array.isArray(e) ? Object.fromEntries(Object.entries(e).map(([k, v]) => [fieldKey(k.toUpperCase()), v])) : e
  if (Array.isArray(raw)) return raw.map(map)
  if (raw && typeof raw === 'object') return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, map(v)]))
  return raw
}

/** FIELDS of add/update in the domain's names; unknown names are left out (the pages: "will be ignored"). */
export function readApiFields(def: EntityDef, fields: Record<string, unknown>): CrmInput {
  const input: CrmInput = {}
  for (const [name, value] of Object.entries(fields)) {
    const upper = name.toUpperCase()
    if (USER_FIELD_NAME.test(upper)) input[upper] = value
    const f = fieldByName(def, upper)
    if (f) input[fieldKey(f.name)] = f.storage.kind === 'comm' ? camelEntries(value) : value
  }
  return input
}

function localMidnight(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return toBitrixDate(new Date(y, m - 1, d))
}

function formatValue(f: FieldDef, v: CrmScalar): unknown {
  if (f.type === 'datetime') return v instanceof Date ? toBitrixDate(v) : ''
  if (f.type === 'date') return typeof v === 'string' ? localMidnight(v) : ''
  if (v === null) return null
  if (f.type === 'char') return v === true ? 'Y' : 'N'
  return String(v)
}

function formatField(f: FieldDef, e: CrmEntity): unknown {
  if (f.storage.kind === 'link') {
    const first = e.links[fieldKey(f.name)]?.[0]
    return first === undefined ? null : String(first)
  }
  return formatValue(f, e.values[fieldKey(f.name)] ?? null)
}

/**
 * One object as get and list return it: the selected plain fields, user
 * fields, and multi-value fields only when they hold values (contact-get note).
 */
export function toApiObject(e: CrmEntity, selection: Selection): ApiObject {
  const out: ApiObject = {}
  for (const f of selection.fields) out[f.name] = formatField(f, e)
  for (const name of selection.userFields) out[name] = e.userFields[name] ?? null
  for (const comm of selection.comms) {
    const values = e.comms[comm]
    if (values.length) out[comm] = values.map((c) => ({ ID: String(c.id), VALUE_TYPE: c.valueType, VALUE: c.value, TYPE_ID: c.type }))
  }
  return out
}

/** What get returns: every plain field, every user field, the multi-value fields that hold values. */
export function fullSelection(def: EntityDef, userFields: UserFieldDef[]): Selection {
  return {
    fields: def.fields.filter((f) => f.inStar),
    comms: def.fields.flatMap((f) => (f.storage.kind === 'comm' ? [f.storage.comm] : [])),
    userFields: userFields.map((u) => u.fieldName),
  }
}

function describe(f: FieldDef): ApiObject {
  return {
    type: f.type,
    isRequired: f.required,
    isReadOnly: f.readOnly,
    isImmutable: f.immutable,
    isMultiple: f.multiple,
    isDynamic: false,
    ...(f.deprecated ? { isDeprecated: true } : {}),
    ...(f.statusType ? { statusType: f.statusType } : {}),
    title: f.title,
    ...(f.parentEntityTypeId ? { settings: { parentEntityTypeId: f.parentEntityTypeId } } : {}),
  }
}

function describeUserField(u: UserFieldDef): ApiObject {
  const label = u.label || u.fieldName
  return {
    type: u.userTypeId,
    isRequired: u.mandatory,
    isReadOnly: false,
    isImmutable: false,
    isMultiple: u.multiple,
    isDynamic: true,
    title: u.fieldName,
    listLabel: label,
    formLabel: label,
    filterLabel: label,
    settings: u.settings,
  }
}

/** crm.*.fields: the standard fields, then the user fields (crm_rest_field_description). */
export function toApiFields(def: EntityDef, userFields: UserFieldDef[]): ApiObject {
  const out: ApiObject = {}
  for (const f of def.fields) out[f.name] = describe(f)
  for (const u of userFields) out[u.fieldName] = describeUserField(u)
  return out
}
