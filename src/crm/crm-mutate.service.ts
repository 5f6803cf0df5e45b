import type { Executor } from '../storage/db.js'
import type { CommChange, CommEntry, CommType, CrmInput, CrmSettings, CrmViewer, EntityDef } from './crm.types.js'
import { COMM_TYPES } from './crm.types.js'
import { ENTITY_DEFS, columnFields, columnOf } from './entities.schemas.js'
import { deleteRow, existingIds, insertRow, updateRow, type Row } from './crm.repo.js'
import { deleteComms, deleteLinksOf, insertComms, loadComms, loadLinks, replaceLinks, updateComm, type CommRow } from './crm-links.repo.js'
import { insertUserFields, loadUserFields } from './crm-meta.repo.js'
import { commFlags, DEFAULT_VALUE_TYPE, normalizeComm } from './crm-comms.service.js'
import { deriveColumns, returnCustomerFlag, type DeriveContext } from './crm-derive.service.js'
import { planUserFields, type UfValue } from './crm-userfields.service.js'
import { prepareWrite, type LinkWrite, type WriteContext } from './crm-write.service.js'
import { userFieldMap } from './crm-read.service.js'
import type { SqlValue } from './crm-values.service.js'

/**
 * Creating, changing and deleting objects with everything that hangs off
 * them: multi-value fields, links, user fields. Rights are checked by the
 * caller; here only links are filtered to objects the writer may read.
 */

export interface WriteEnv {
  viewer: CrmViewer
  settings: CrmSettings
  now: Date
  today: string
  inAWeek: string
}

const hasComms = (def: EntityDef) => def.fields.some((f) => f.storage.kind === 'comm')

function visibleTo(env: WriteEnv): number | null {
  return env.viewer.isAdmin || env.settings.readAll ? null : env.viewer.userId
}

/**
 * Links to objects that do not exist or that the writer may not read are
 * dropped, as an app cannot link what it cannot see; the rest keep their order.
 */
async function keepReadable(tx: Executor, def: EntityDef, ids: number[], env: WriteEnv): Promise<number[]> {
  const found = new Set(await existingIds(tx, def, ids, visibleTo(env)))
  return ids.filter((id) => found.has(id))
}

async function resolveLinks(tx: Executor, links: LinkWrite[], env: WriteEnv): Promise<LinkWrite[]> {
  const out: LinkWrite[] = []
  for (const l of links) {
    const other = l.spec.side === 'owner' ? l.spec.target : l.spec.owner
    out.push({ spec: l.spec, ids: await keepReadable(tx, ENTITY_DEFS[other], l.ids, env) })
  }
  return out
}

/** COMPANY_ID and LEAD_ID columns follow the same rule as link sets. */
async function checkLinkColumns(tx: Executor, def: EntityDef, cols: Record<string, SqlValue>, env: WriteEnv): Promise<void> {
  const targets = { crm_company: ENTITY_DEFS.company, crm_lead: ENTITY_DEFS.lead } as const
  for (const f of columnFields(def)) {
    const target = f.type === 'crm_company' || f.type === 'crm_lead' ? targets[f.type] : null
    const value = cols[columnOf(f)]
    if (target && typeof value === 'number' && !(await keepReadable(tx, target, [value], env)).length) cols[columnOf(f)] = null
  }
}

function commRow(type: CommType, c: CommChange): CommRow {
  const value = c.value ?? ''
  return { type, valueType: c.valueType ?? DEFAULT_VALUE_TYPE[type], value, norm: normalizeComm(type, value) }
}

/** Applies add/change/delete entries; returns the values the object has afterwards. */
async function applyComms(tx: Executor, def: EntityDef, id: number, changes: Partial<Record<CommType, CommChange[]>>, current: CommEntry[]): Promise<CommEntry[]> {
  const result = [...current]
  const added: CommRow[] = []
  const removed: number[] = []
  for (const type of COMM_TYPES) {
    for (const c of changes[type] ?? []) {
      const i = c.id === undefined ? -1 : result.findIndex((e) => e.id === c.id && e.type === type)
      if (c.id !== undefined && i < 0) continue // another object's value, or one already gone
      if (c.delete) {
        removed.push(result[i].id)
        result.splice(i, 1)
      } else if (i >= 0) {
        const row = commRow(type, { ...c, valueType: c.valueType ?? result[i].valueType })
        await updateComm(tx, result[i].id, row)
        result[i] = { ...result[i], value: row.value, valueType: row.valueType }
      } else added.push(commRow(type, c))
    }
  }
  await deleteComms(tx, def.typeId, id, removed)
  await insertComms(tx, def.typeId, id, added)
  return [...result, ...added.map((r) => ({ id: 0, type: r.type, valueType: r.valueType, value: r.value }))]
}

async function planUf(tx: Executor, def: EntityDef, given: Record<string, unknown>): Promise<Record<string, UfValue>> {
  if (!Object.keys(given).length) return {}
  const plan = planUserFields(def.type, given, userFieldMap(await loadUserFields(tx, def.type)))
  await insertUserFields(tx, plan.create)
  return plan.values
}

function deriveContext(env: WriteEnv, current: Row | null): DeriveContext {
  return { actorId: env.viewer.userId, now: env.now, baseCurrency: env.settings.baseCurrency, current, today: env.today, inAWeek: env.inAWeek }
}

function contactCount(links: LinkWrite[]): number | undefined {
  return links.find((l) => l.spec.target === 'contact' && l.spec.side === 'owner')?.ids.length
}

/** The values a new object starts with: every change without an id that is not a removal. */
function newEntries(changes: Partial<Record<CommType, CommChange[]>>): CommEntry[] {
  return COMM_TYPES.flatMap((type) => (changes[type] ?? []).filter((c) => c.id === undefined && !c.delete).map((c) => ({ id: 0, type, valueType: '', value: c.value ?? '' })))
}

export async function createObject(tx: Executor, def: EntityDef, input: CrmInput, ctx: Omit<WriteContext, 'mode'>, env: WriteEnv): Promise<number> {
  const prepared = prepareWrite(def, input, { ...ctx, mode: 'add' })
  const cols = deriveColumns(def, prepared.columns, deriveContext(env, null))
  await checkLinkColumns(tx, def, cols, env)
  const links = await resolveLinks(tx, prepared.links, env)
  Object.assign(cols, returnCustomerFlag(def, cols.company_id, contactCount(links) ?? 0))
  if (hasComms(def)) Object.assign(cols, commFlags(newEntries(prepared.comms)))
  const id = await insertRow(tx, def, cols, await planUf(tx, def, prepared.userFields))
  if (def.titleTemplate && !cols.title) await updateRow(tx, def, id, { title: `${def.titleTemplate}${id}` }, {})
  if (hasComms(def)) await applyComms(tx, def, id, prepared.comms, [])
  for (const l of links) await replaceLinks(tx, l.spec, id, l.ids)
  return id
}

/** A lead's returning-customer flag after an update that touches its company or contacts. */
async function returnCustomerAfter(tx: Executor, def: EntityDef, row: Row, cols: Record<string, SqlValue>, links: LinkWrite[]): Promise<Record<string, SqlValue>> {
  const contacts = contactCount(links)
  if (def.type !== 'lead' || (!('company_id' in cols) && contacts === undefined)) return {}
  const id = Number(row.id)
  const count = contacts ?? (await loadLinks(tx, { owner: 'lead', target: 'contact', side: 'owner' }, [id])).get(id)?.length ?? 0
  return returnCustomerFlag(def, 'company_id' in cols ? cols.company_id : row.company_id, count)
}

export async function updateObject(tx: Executor, def: EntityDef, row: Row, input: CrmInput, env: WriteEnv): Promise<void> {
  const id = Number(row.id)
  const prepared = prepareWrite(def, input, { mode: 'update', importMode: false, internal: false })
  const cols = deriveColumns(def, prepared.columns, deriveContext(env, row))
  await checkLinkColumns(tx, def, cols, env)
  const links = await resolveLinks(tx, prepared.links, env)
  Object.assign(cols, await returnCustomerAfter(tx, def, row, cols, links))
  if (hasComms(def) && Object.keys(prepared.comms).length) {
    const entries = await applyComms(tx, def, id, prepared.comms, await loadComms(tx, def.typeId, [id]))
    Object.assign(cols, commFlags(entries))
  }
  await updateRow(tx, def, id, cols, await planUf(tx, def, prepared.userFields))
  for (const l of links) await replaceLinks(tx, l.spec, id, l.ids)
}

export async function deleteObject(tx: Executor, def: EntityDef, id: number): Promise<void> {
  await deleteComms(tx, def.typeId, id)
  await deleteLinksOf(tx, def.typeId, id)
  await deleteRow(tx, def, id)
}
