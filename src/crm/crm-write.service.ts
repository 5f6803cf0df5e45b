import { crmErrors } from './crm.errors.js'
import type { CommChange, CommType, CrmInput, EntityDef, FieldDef, LinkSpec } from './crm.types.js'
import { columnOf, fieldByKey, relationKey, USER_FIELD_NAME } from './entities.schemas.js'
import { parseCommChanges } from './crm-comms.service.js'
import { coerce, toId, type SqlValue } from './crm-values.service.js'

/**
 * Reads a caller's fields into what the repository writes. Unknown fields and
 * fields the caller may not set are ignored, as the pages say ("An incorrect
 * field in `fields` will be ignored"); a known field with a value of the wrong
 * type is refused, so nothing is half-written.
 */

export interface WriteContext {
  mode: 'add' | 'update'
  /** params IMPORT=Y: creation fields become writable (contacts, companies). */
  importMode: boolean
  /** Another domain writing through the public face: may set internal-writable fields (LEAD_ID). */
  internal: boolean
}

/** The new whole set of one relation's links, primary first. */
export interface LinkWrite {
  spec: LinkSpec
  ids: number[]
}

export interface PreparedWrite {
  columns: Record<string, SqlValue>
  comms: Partial<Record<CommType, CommChange[]>>
  links: LinkWrite[]
  userFields: Record<string, unknown>
}

/** Columns that cannot be emptied: an empty value leaves them as they are. */
const KEEP_ON_EMPTY = new Set(['ASSIGNED_BY_ID', 'CREATED_BY_ID', 'MODIFY_BY_ID', 'DATE_CREATE', 'DATE_MODIFY', 'CATEGORY_ID'])

function writable(f: FieldDef, ctx: WriteContext): boolean {
  if (f.immutable && ctx.mode === 'update') return false
  if (!f.readOnly) return true
  return (ctx.importMode && f.importOnly) || (ctx.internal && f.internalWritable)
}

function readIds(f: FieldDef, raw: unknown): number[] {
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : [raw]
  const ids: number[] = []
  for (const item of list) {
    const id = toId(item)
    if (!id.ok) throw crmErrors.invalidValue(f.title)
    if (typeof id.value === 'number' && !ids.includes(id.value)) ids.push(id.value)
  }
  return ids
}

/** Merges a primary link and a set given together: the primary goes first, the rest follow. */
function collectLinks(given: Array<{ spec: LinkSpec; ids: number[] }>): LinkWrite[] {
  const byRelation = new Map<string, { spec: LinkSpec; primary: number[] | null; set: number[] | null }>()
  for (const g of given) {
    const key = relationKey(g.spec)
    const entry = byRelation.get(key) ?? { spec: { ...g.spec, primary: false }, primary: null, set: null }
    if (g.spec.primary) entry.primary = g.ids.slice(0, 1)
    else entry.set = g.ids
    byRelation.set(key, entry)
  }
  return [...byRelation.values()].map((e) => ({
    spec: e.spec,
    ids: [...new Set([...(e.primary ?? []), ...(e.set ?? [])])],
  }))
}

export function prepareWrite(def: EntityDef, input: CrmInput, ctx: WriteContext): PreparedWrite {
  const out: PreparedWrite = { columns: {}, comms: {}, links: [], userFields: {} }
  const links: Array<{ spec: LinkSpec; ids: number[] }> = []
  for (const [key, raw] of Object.entries(input)) {
    if (USER_FIELD_NAME.test(key)) {
      out.userFields[key] = raw
      continue
    }
    const f = fieldByKey(def, key)
    if (!f || !writable(f, ctx) || raw === undefined) continue
    const storage = f.storage
    if (storage.kind === 'comm') out.comms[storage.comm] = parseCommChanges(f, storage.comm, raw)
    else if (storage.kind === 'link') links.push({ spec: storage.link, ids: readIds(f, raw) })
    else {
      const value = coerce(f, raw)
      if (!value.ok) throw crmErrors.invalidValue(f.title)
      if (value.value === null && KEEP_ON_EMPTY.has(f.name)) continue
      out.columns[columnOf(f)] = value.value
    }
  }
  out.links = collectLinks(links)
  return out
}
