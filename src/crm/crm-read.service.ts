import type { Executor } from '../storage/db.js'
import type { CommEntry, CommType, CrmEntity, CrmScalar, CrmType, EntityDef, FieldDef, LinkSpec, UserFieldDef } from './crm.types.js'
import { COMM_TYPES, CRM_TYPES, ENTITY_TYPE_ID } from './crm.types.js'
import { columnFields, columnOf, ENTITY_DEFS, fieldKey, relationKey } from './entities.schemas.js'
import {
  countByCounters, countRows, findRow, listAndCountFew, listRows, listRowsByValues, rowsByIds, servedByIndex, servedPerValue, type ListQuery, type Row,
} from './crm.repo.js'
import { findComms, loadComms, loadLinks } from './crm-links.repo.js'
import { normalizeComm } from './crm-comms.service.js'

/**
 * Reading objects into their domain form: one query for the rows, one per
 * multi-value and link relation asked for, whatever the page size.
 */

export interface Wanted {
  comms: readonly CommType[]
  /** Load link fields (primary links and link sets). */
  links: boolean
}

export const EVERYTHING: Wanted = { comms: COMM_TYPES, links: true }

function scalarOf(v: unknown): CrmScalar {
  if (v === null || v === undefined) return null
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  return String(v)
}

function titleOf(def: EntityDef, row: Row): string {
  if (def.type !== 'contact') return typeof row.title === 'string' ? row.title : ''
  return [row.name, row.last_name].filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' ')
}

function emptyComms(): Record<CommType, CommEntry[]> {
  return { PHONE: [], EMAIL: [], WEB: [], IM: [], LINK: [] }
}

/** Link fields of a type and the relation each reads. */
function linkFields(def: EntityDef): Array<{ f: FieldDef; spec: LinkSpec }> {
  return def.fields.flatMap((f) => (f.storage.kind === 'link' ? [{ f, spec: f.storage.link }] : []))
}

type Related = { comms: Map<number, CommEntry[]>; links: Map<FieldDef, Map<number, number[]>> }

/** The multi-value fields and links of these objects, by object id. */
async function loadRelated(tx: Executor, def: EntityDef, ids: number[], wanted: Wanted): Promise<Related> {
  const comms = new Map<number, CommEntry[]>()
  for (const c of await loadComms(tx, def.typeId, ids, [...wanted.comms])) {
    comms.set(c.elementId, [...(comms.get(c.elementId) ?? []), { id: c.id, type: c.type, valueType: c.valueType, value: c.value }])
  }
  const links = new Map<FieldDef, Map<number, number[]>>()
  // A primary link and its set (CONTACT_ID, CONTACT_IDS) read the same relation: one query for both.
  const byRelation = new Map<string, Map<number, number[]>>()
  for (const { f, spec } of wanted.links ? linkFields(def) : []) {
    const key = relationKey(spec)
    if (!byRelation.has(key)) byRelation.set(key, await loadLinks(tx, { ...spec, primary: false }, ids))
    links.set(f, byRelation.get(key) ?? new Map())
  }
  return { comms, links }
}

function toEntity(def: EntityDef, row: Row, related: Related): CrmEntity {
  const id = Number(row.id)
  const values: Record<string, CrmScalar> = {}
  for (const f of columnFields(def)) values[fieldKey(f.name)] = scalarOf(row[columnOf(f)])
  const comms = emptyComms()
  for (const c of related.comms.get(id) ?? []) comms[c.type].push(c)
  const links: Record<string, number[]> = {}
  for (const [f, byId] of related.links) {
    const linked = byId.get(id) ?? []
    links[fieldKey(f.name)] = f.storage.kind === 'link' && f.storage.link.primary ? linked.slice(0, 1) : linked
  }
  const userFields = (row.uf as Record<string, unknown> | null) ?? {}
  return { type: def.type, id, title: titleOf(def, row), assignedById: Number(row.assigned_by_id), values, comms, links, userFields }
}

export async function hydrate(tx: Executor, def: EntityDef, rows: Row[], wanted: Wanted): Promise<CrmEntity[]> {
  const related = await loadRelated(tx, def, rows.map((r) => Number(r.id)), wanted)
  return rows.map((row) => toEntity(def, row, related))
}

export async function readOne(tx: Executor, def: EntityDef, id: number): Promise<{ row: Row; entity: CrmEntity } | null> {
  const row = await findRow(tx, def, id)
  if (!row) return null
  const [entity] = await hydrate(tx, def, [row], EVERYTHING)
  return { row, entity }
}

/**
 * Up to this many matches, a page is cut from all of them (a bounded cost of
 * reading their ids) rather than found by walking the order's index (a cost
 * that depends on where the matches lie along it).
 */
const FEW_MATCHES = 100_000

export async function readPage(
  tx: Executor,
  def: EntityDef,
  q: ListQuery,
  wanted: Wanted,
  withTotal: boolean,
): Promise<{ entities: CrmEntity[]; total: number | null }> {
  // Exact totals: from the counters when the filter names only what they count.
  let total = withTotal ? await countByCounters(tx, def, q) : null
  let rows: Row[] | null = null
  if (total === 0 || (total !== null && q.offset >= total)) return { entities: [], total }
  const perValue = servedPerValue(def, q)
  if (servedByIndex(def, q)) rows = await listRows(tx, def, q, false)
  else if (perValue && q.offset + q.limit <= PER_VALUE_DEPTH) rows = await listRowsByValues(tx, def, q, perValue.column, perValue.values)
  else if (withTotal && total === null) {
    // Few matches: the page and the total from one pass over them.
    const few = await listAndCountFew(tx, def, q, FEW_MATCHES)
    if (few) ({ rows, total } = few)
  }
  if (withTotal && total === null) total = await countRows(tx, def, q)
  rows ??= await listUnserved(tx, def, q, total)
  return { entities: await hydrate(tx, def, rows, wanted), total }
}

/** How deep a page read value by value may lie (each value reads up to this many entries). */
const PER_VALUE_DEPTH = 5_000

/**
 * A page no index hands out in order: cut from all matches when they are few
 * (a bounded cost), else found by walking the order's index. The counters
 * bound the matches from above without counting them when they can.
 */
async function listUnserved(tx: Executor, def: EntityDef, q: ListQuery, total: number | null): Promise<Row[]> {
  // Filters on id alone are ranges of the primary key: walking it is always right.
  const onlyId = q.visibleTo === null && q.conditions.every((c) => 'column' in c && c.column === 'id')
  if (onlyId) return listRows(tx, def, q, false)
  let matches = total ?? (await countByCounters(tx, def, q, true))
  if (matches === null || matches > FEW_MATCHES) matches = await countRows(tx, def, q, FEW_MATCHES + 1)
  if (matches === 0 || q.offset >= matches) return []
  return listRows(tx, def, q, matches <= FEW_MATCHES)
}

export interface CommQuery {
  phone?: string
  email?: string
  imCode?: string
}

export type CrmMatches = Record<'contacts' | 'companies' | 'leads', CrmEntity[]>

const MATCH_GROUP: Partial<Record<CrmType, keyof CrmMatches>> = { contact: 'contacts', company: 'companies', lead: 'leads' }

/** Contacts, companies and leads holding this phone, e-mail or open-line identity; most recently changed first. */
export async function findByCommunication(tx: Executor, q: CommQuery): Promise<CrmMatches> {
  const probes: Array<[CommType, string | undefined]> = [['PHONE', q.phone], ['EMAIL', q.email], ['IM', q.imCode]]
  const hits = new Map<number, Set<number>>()
  for (const [type, value] of probes) {
    const norm = value === undefined ? '' : normalizeComm(type, value)
    if (!norm) continue
    for (const h of await findComms(tx, type, [norm])) hits.set(h.entityType, (hits.get(h.entityType) ?? new Set()).add(h.elementId))
  }
  const out: CrmMatches = { contacts: [], companies: [], leads: [] }
  for (const type of CRM_TYPES) {
    const group = MATCH_GROUP[type]
    const ids = hits.get(ENTITY_TYPE_ID[type])
    if (!group || !ids) continue
    const def = ENTITY_DEFS[type]
    out[group] = await hydrate(tx, def, await rowsByIds(tx, def, [...ids]), EVERYTHING)
  }
  return out
}

/** The user fields a page shows: the definitions by name, for select and filters. */
export function userFieldMap(defs: UserFieldDef[]): Map<string, UserFieldDef> {
  return new Map(defs.map((d) => [d.fieldName, d]))
}
