import type { Generated } from 'kysely'
import type { Executor } from '../storage/db.js'
import type { CrmSettings, CrmType, UserFieldDef } from './crm.types.js'
import { CRM_TYPES, ENTITY_TYPE_ID } from './crm.types.js'

/** The CRM permission setting and user field definitions. */

export interface CrmSettingsTable {
  id: Generated<boolean>
  read_all: boolean
  base_currency: string
}

export interface CrmUserFieldsTable {
  id: Generated<number>
  entity_type: number
  field_name: string
  user_type_id: string
  multiple: boolean
  mandatory: boolean
  label: string
  settings: Record<string, unknown>
  sort: Generated<number>
}

declare module '../storage/schema.js' {
  interface Database {
    crm_settings: CrmSettingsTable
    crm_user_fields: CrmUserFieldsTable
  }
}

export async function loadSettings(tx: Executor): Promise<CrmSettings> {
  const row = await tx.selectFrom('crm_settings').select(['read_all', 'base_currency']).executeTakeFirstOrThrow()
  return { readAll: row.read_all, baseCurrency: row.base_currency }
}

export async function saveSettings(tx: Executor, patch: Partial<CrmSettings>): Promise<void> {
  const set: Partial<{ read_all: boolean; base_currency: string }> = {}
  if (patch.readAll !== undefined) set.read_all = patch.readAll
  if (patch.baseCurrency !== undefined) set.base_currency = patch.baseCurrency
  if (Object.keys(set).length) await tx.updateTable('crm_settings').set(set).execute()
}

const typeById = new Map(CRM_TYPES.map((t) => [ENTITY_TYPE_ID[t], t]))

export async function loadUserFields(tx: Executor, type: CrmType): Promise<UserFieldDef[]> {
  const rows = await tx.selectFrom('crm_user_fields').selectAll().where('entity_type', '=', ENTITY_TYPE_ID[type]).orderBy('sort').orderBy('id').execute()
  return rows.map((r) => ({
    entityType: typeById.get(r.entity_type) ?? type,
    fieldName: r.field_name,
    userTypeId: r.user_type_id,
    multiple: r.multiple,
    mandatory: r.mandatory,
    label: r.label,
    settings: r.settings,
  }))
}

/** Adds definitions; one that another call created meanwhile is kept as it is. */
export async function insertUserFields(tx: Executor, defs: UserFieldDef[]): Promise<void> {
  if (!defs.length) return
  await tx
    .insertInto('crm_user_fields')
    .values(defs.map((d) => ({
      entity_type: ENTITY_TYPE_ID[d.entityType],
      field_name: d.fieldName,
      user_type_id: d.userTypeId,
      multiple: d.multiple,
      mandatory: d.mandatory,
      label: d.label,
      settings: d.settings,
    })))
    .onConflict((oc) => oc.columns(['entity_type', 'field_name']).doNothing())
    .execute()
}
