import { crmErrors } from './crm.errors.js'
import type { CrmType, UserFieldDef } from './crm.types.js'
import { coerce, toFlag } from './crm-values.service.js'
import { field } from './crm-fields.schemas.js'

/**
 * User fields (UF_CRM_*). Their values live in each object's jsonb `uf`
 * column, their definitions in crm_user_fields. This server has no
 * crm.*.userfield.* methods, so a field is defined the first time a value is
 * written to a well-formed UF_CRM_ name, with its type taken from that value
 * (a JSON boolean, number, array or string). Later writes must fit the type.
 */

export type UfValue = string | number | boolean | null | Array<string | number | boolean>

function inferType(raw: unknown): { userTypeId: string; multiple: boolean } | null {
  const sample = Array.isArray(raw) ? raw.find((v) => v !== null && v !== undefined) : raw
  const multiple = Array.isArray(raw)
  if (typeof sample === 'boolean') return { userTypeId: 'boolean', multiple }
  if (typeof sample === 'number') return { userTypeId: 'double', multiple }
  if (sample === undefined || sample === null || typeof sample === 'string') return { userTypeId: 'string', multiple }
  return null
}

function scalar(def: UserFieldDef, raw: unknown): string | number | boolean | null {
  const as = (type: Parameters<typeof field>[1]) => coerce(field(def.fieldName, type, def.fieldName), raw)
  const result =
    def.userTypeId === 'boolean' ? toFlag(raw ?? false)
    : def.userTypeId === 'double' ? as('double')
    : def.userTypeId === 'integer' ? as('integer')
    : def.userTypeId === 'date' ? as('date')
    : as('string')
  if (!result.ok) throw crmErrors.invalidValue(def.fieldName)
  const v = result.value
  return v instanceof Date ? v.toISOString() : v
}

/** The stored form of a value for this field; a wrong type is refused. */
export function normalizeUserValue(def: UserFieldDef, raw: unknown): UfValue {
  if (!def.multiple) {
    if (Array.isArray(raw) || (raw !== null && typeof raw === 'object')) throw crmErrors.invalidValue(def.fieldName)
    return scalar(def, raw)
  }
  const list = Array.isArray(raw) ? raw : raw === null || raw === undefined || raw === '' ? [] : typeof raw === 'object' ? Object.values(raw) : [raw]
  return list.map((v) => scalar(def, v)).filter((v): v is string | number | boolean => v !== null && v !== '')
}

/**
 * Splits the user field values of a write into the definitions to create
 * (first writes) and the normalized values to store.
 */
export function planUserFields(
  type: CrmType,
  given: Record<string, unknown>,
  known: ReadonlyMap<string, UserFieldDef>,
): { create: UserFieldDef[]; values: Record<string, UfValue> } {
  const create: UserFieldDef[] = []
  const values: Record<string, UfValue> = {}
  for (const [name, raw] of Object.entries(given)) {
    let def = known.get(name)
    if (!def) {
      const inferred = inferType(raw)
      if (!inferred) throw crmErrors.invalidValue(name)
      def = { entityType: type, fieldName: name, ...inferred, mandatory: false, label: '', settings: {} }
      create.push(def)
    }
    values[name] = normalizeUserValue(def, raw)
  }
  return { create, values }
}
