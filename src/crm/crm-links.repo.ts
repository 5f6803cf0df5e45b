import type { Generated } from 'kysely'
import type { Executor } from '../storage/db.js'
import type { CommEntry, CommType, LinkSpec } from './crm.types.js'
import { ENTITY_TYPE_ID } from './crm.types.js'

/** Multi-value fields and links between objects: tables shared by every object type. */

export interface CrmMultifieldsTable {
  id: Generated<number>
  entity_type: number
  element_id: number
  type_id: string
  value_type: string
  value: string
  value_norm: string
}

export interface CrmLinksTable {
  owner_type: number
  owner_id: number
  target_type: number
  target_id: number
  sort: number
}

declare module '../storage/schema.js' {
  interface Database {
    crm_multifields: CrmMultifieldsTable
    crm_links: CrmLinksTable
  }
}

export interface StoredComm extends CommEntry {
  elementId: number
}

export async function loadComms(tx: Executor, typeId: number, ids: number[], types?: CommType[]): Promise<StoredComm[]> {
  if (!ids.length || types?.length === 0) return []
  let q = tx
    .selectFrom('crm_multifields')
    .select(['id', 'element_id', 'type_id', 'value_type', 'value'])
    .where('entity_type', '=', typeId)
    .where('element_id', 'in', ids)
  if (types) q = q.where('type_id', 'in', types)
  const rows = await q.orderBy('id').execute()
  return rows.map((r) => ({ id: r.id, elementId: r.element_id, type: r.type_id as CommType, valueType: r.value_type, value: r.value }))
}

export interface CommRow {
  type: CommType
  valueType: string
  value: string
  norm: string
}

export async function insertComms(tx: Executor, typeId: number, elementId: number, rows: CommRow[]): Promise<void> {
  if (!rows.length) return
  await tx
    .insertInto('crm_multifields')
    .values(rows.map((r) => ({ entity_type: typeId, element_id: elementId, type_id: r.type, value_type: r.valueType, value: r.value, value_norm: r.norm })))
    .execute()
}

export async function updateComm(tx: Executor, id: number, row: Omit<CommRow, 'type'>): Promise<void> {
  await tx.updateTable('crm_multifields').set({ value_type: row.valueType, value: row.value, value_norm: row.norm }).where('id', '=', id).execute()
}

export async function deleteComms(tx: Executor, typeId: number, elementId: number, ids?: number[]): Promise<void> {
  if (ids?.length === 0) return
  let q = tx.deleteFrom('crm_multifields').where('entity_type', '=', typeId).where('element_id', '=', elementId)
  if (ids) q = q.where('id', 'in', ids)
  await q.execute()
}

/** Objects holding one of these values (already normalized), newest value first. */
export async function findComms(tx: Executor, type: CommType, norms: string[]): Promise<Array<{ entityType: number; elementId: number }>> {
  if (!norms.length) return []
  const rows = await tx
    .selectFrom('crm_multifields')
    .select(['entity_type', 'element_id'])
    .distinct()
    .where('type_id', '=', type)
    .where('value_norm', 'in', norms)
    .execute()
  return rows.map((r) => ({ entityType: r.entity_type, elementId: r.element_id }))
}

const ends = (spec: LinkSpec) => ({ owner: ENTITY_TYPE_ID[spec.owner], target: ENTITY_TYPE_ID[spec.target] })

/** For each of these objects, its linked ids on the other end, primary first. */
export async function loadLinks(tx: Executor, spec: LinkSpec, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>()
  if (!ids.length) return out
  const t = ends(spec)
  const base = tx.selectFrom('crm_links').where('owner_type', '=', t.owner).where('target_type', '=', t.target)
  const rows = spec.side === 'owner'
    ? await base.select(['owner_id as self', 'target_id as other']).where('owner_id', 'in', ids).orderBy('sort').orderBy('target_id').execute()
    : await base.select(['target_id as self', 'owner_id as other']).where('target_id', 'in', ids).orderBy('owner_id').execute()
  for (const r of rows) out.set(r.self, [...(out.get(r.self) ?? []), r.other])
  return out
}

/** Makes `ids` the whole set of this object's links on one relation. */
export async function replaceLinks(tx: Executor, spec: LinkSpec, id: number, ids: number[]): Promise<void> {
  const t = ends(spec)
  const base = tx.deleteFrom('crm_links').where('owner_type', '=', t.owner).where('target_type', '=', t.target)
  if (spec.side === 'owner') {
    await base.where('owner_id', '=', id).execute()
    if (ids.length) {
      await tx.insertInto('crm_links')
        .values(ids.map((target, sort) => ({ owner_type: t.owner, owner_id: id, target_type: t.target, target_id: target, sort })))
        .execute()
    }
    return
  }
  await base.where('target_id', '=', id).execute()
  for (const owner of ids) {
    // Seen from the target (a company's contacts): each owner keeps its own order, the new link goes last.
    const last = await tx.selectFrom('crm_links').select((eb) => eb.fn.max('sort').as('m'))
      .where('owner_type', '=', t.owner).where('owner_id', '=', owner).where('target_type', '=', t.target).executeTakeFirst()
    const sort = last?.m === null || last?.m === undefined ? 0 : Number(last.m) + 1
    await tx.insertInto('crm_links').values({ owner_type: t.owner, owner_id: owner, target_type: t.target, target_id: id, sort }).execute()
  }
}

/** Removes every link to or from an object that is being deleted. */
export async function deleteLinksOf(tx: Executor, typeId: number, id: number): Promise<void> {
  await tx.deleteFrom('crm_links').where('owner_type', '=', typeId).where('owner_id', '=', id).execute()
  await tx.deleteFrom('crm_links').where('target_type', '=', typeId).where('target_id', '=', id).execute()
}
