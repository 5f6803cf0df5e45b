import { companyDef } from './company.schemas.js'
import { contactDef } from './contact.schemas.js'
import { dealDef } from './deal.schemas.js'
import { leadDef } from './lead.schemas.js'
import type { CrmType, EntityDef, FieldDef, LinkSpec } from './crm.types.js'

export const ENTITY_DEFS: Record<CrmType, EntityDef> = { lead: leadDef, deal: dealDef, contact: contactDef, company: companyDef }

const keys = new Map<string, string>()

/** ASSIGNED_BY_ID → assignedById: the domain's name for an API field (memoized: it runs for every field of every row). */
export function fieldKey(apiName: string): string {
  let key = keys.get(apiName)
  if (key === undefined) {
    key = apiName.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
    if (keys.size < 10_000) keys.set(apiName, key)
  }
  return key
}

/** ASSIGNED_BY_ID → assigned_by_id: the column that stores it. */
export function columnOf(f: FieldDef): string {
  return f.name.toLowerCase()
}

const byName = new Map<EntityDef, Map<string, FieldDef>>()
const byKey = new Map<EntityDef, Map<string, FieldDef>>()
for (const def of Object.values(ENTITY_DEFS)) {
  byName.set(def, new Map(def.fields.map((f) => [f.name, f])))
  byKey.set(def, new Map(def.fields.map((f) => [fieldKey(f.name), f])))
}

export function fieldByName(def: EntityDef, name: string): FieldDef | undefined {
  return byName.get(def)?.get(name)
}

export function fieldByKey(def: EntityDef, key: string): FieldDef | undefined {
  return byKey.get(def)?.get(key)
}

export function columnFields(def: EntityDef): FieldDef[] {
  return def.fields.filter((f) => f.storage.kind === 'column')
}

/** User field names as Bitrix24 makes them: UF_CRM_ and up to 50 characters in all. */
export const USER_FIELD_NAME = /^UF_CRM_[A-Z0-9_]{1,43}$/

/** Names a relation between two types as seen from one side; a primary link and its set share it. */
export const relationKey = (s: LinkSpec): string => `${s.owner}>${s.target}:${s.side}`
