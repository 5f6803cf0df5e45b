import type { Clock } from '../platform/clock.js'
import type { Executor } from '../storage/db.js'
import type { Actor } from '../rest/actor.js'
import { pageRequest } from '../rest/paging.js'
import type { CrmDeletedListener, CrmEntity, CrmInput, CrmSettings, CrmType, CrmViewer, EntityDef, UserFieldDef } from './crm.types.js'
import { crmErrors } from './crm.errors.js'
import { ENTITY_DEFS } from './entities.schemas.js'
import { findRow } from './crm.repo.js'
import { getUser } from '../users/index.js'
import { loadSettings, loadUserFields, saveSettings } from './crm-meta.repo.js'
import { assertCrmUser, canChange, canRead, readScope } from './crm-rights.service.js'
import { createObject, deleteObject, updateObject, type WriteEnv } from './crm-mutate.service.js'
import { findByCommunication, readOne, readPage, userFieldMap, type CommQuery, type CrmMatches } from './crm-read.service.js'
import { parseFilter, parseOrder, parseSelect, type Selection } from './crm-query.service.js'
import { localDay } from './crm-values.service.js'

/** The raw list parameters of crm.*.list. */
export interface ListParams {
  select?: unknown
  filter?: unknown
  order?: unknown
}

export interface ListResult {
  entities: CrmEntity[]
  selection: Selection
  total: number | null
}

/**
 * The CRM domain. The REST methods call the first group, which checks the
 * caller's rights; other domains (the chat side) use the second group through
 * src/crm/index.ts, acting as the system on behalf of a user.
 */
export interface CrmService {
  viewerOf(tx: Executor, actor: Actor): Promise<CrmViewer>
  add(tx: Executor, type: CrmType, input: CrmInput, viewer: CrmViewer, opts?: { importMode?: boolean }): Promise<number>
  update(tx: Executor, type: CrmType, id: number, input: CrmInput, viewer: CrmViewer): Promise<void>
  remove(tx: Executor, type: CrmType, id: number, viewer: CrmViewer): Promise<void>
  get(tx: Executor, type: CrmType, id: number, viewer: CrmViewer): Promise<CrmEntity>
  list(tx: Executor, type: CrmType, params: ListParams, start: number, viewer: CrmViewer): Promise<ListResult>
  userFields(tx: Executor, type: CrmType, viewer: CrmViewer): Promise<UserFieldDef[]>

  /** Contacts, companies and leads that hold a phone, an e-mail or an open-line identity (IM value). */
  findByCommunication(tx: Executor, query: CommQuery): Promise<CrmMatches>
  /** Creates an object as `actorUserId` (its creator and, unless given, responsible) without rights checks. */
  create(tx: Executor, type: CrmType, fields: CrmInput, actorUserId: number): Promise<number>
  createLead(tx: Executor, fields: CrmInput, actorUserId: number): Promise<number>
  createDeal(tx: Executor, fields: CrmInput, actorUserId: number): Promise<number>
  createContact(tx: Executor, fields: CrmInput, actorUserId: number): Promise<number>
  createCompany(tx: Executor, fields: CrmInput, actorUserId: number): Promise<number>
  /** An object as stored, or null; no rights checks. */
  getEntity(tx: Executor, type: CrmType, id: number): Promise<CrmEntity | null>
  /** Registers a listener called in the deleting transaction; returns a function that removes it. */
  onEntityDeleted(listener: CrmDeletedListener): () => void
  getSettings(tx: Executor): Promise<CrmSettings>
  updateSettings(tx: Executor, patch: Partial<CrmSettings>): Promise<void>
}

export function createCrmService(deps: { clock: Clock }): CrmService {
  const listeners = new Set<CrmDeletedListener>()

  async function env(tx: Executor, viewer: CrmViewer): Promise<WriteEnv> {
    return { viewer, settings: await loadSettings(tx), now: deps.clock.now(), today: localDay(deps.clock), inAWeek: localDay(deps.clock, 7) }
  }

  async function lockedRow(tx: Executor, def: EntityDef, id: number, op: 'update' | 'delete', viewer: CrmViewer) {
    const row = await findRow(tx, def, id, true)
    if (!row) throw crmErrors.notFound(def.notFound[op])
    if (!canChange(viewer, row)) throw crmErrors.accessDenied()
    return row
  }

  async function removeObject(tx: Executor, def: EntityDef, id: number): Promise<void> {
    await deleteObject(tx, def, id)
    for (const listener of listeners) await listener(tx, { type: def.type, id })
  }

  async function create(tx: Executor, type: CrmType, fields: CrmInput, actorUserId: number): Promise<number> {
    const system: CrmViewer = { userId: actorUserId, isAdmin: true, isEmployee: true }
    return createObject(tx, ENTITY_DEFS[type], fields, { importMode: false, internal: true }, await env(tx, system))
  }

  return {
    async viewerOf(tx, actor) {
      const user = await getUser(tx, actor.userId)
      return { userId: actor.userId, isAdmin: actor.isAdmin, isEmployee: Boolean(user?.active && user.userType === 'employee') }
    },
    async add(tx, type, input, viewer, opts = {}) {
      assertCrmUser(viewer)
      return createObject(tx, ENTITY_DEFS[type], input, { importMode: opts.importMode ?? false, internal: false }, await env(tx, viewer))
    },
    async update(tx, type, id, input, viewer) {
      const def = ENTITY_DEFS[type]
      const row = await lockedRow(tx, def, id, 'update', viewer)
      await updateObject(tx, def, row, input, await env(tx, viewer))
    },
    async remove(tx, type, id, viewer) {
      const def = ENTITY_DEFS[type]
      await lockedRow(tx, def, id, 'delete', viewer)
      await removeObject(tx, def, id)
    },
    async get(tx, type, id, viewer) {
      const def = ENTITY_DEFS[type]
      const found = await readOne(tx, def, id)
      if (!found) throw crmErrors.notFound(def.notFound.get)
      if (!canRead(viewer, await loadSettings(tx), found.row)) throw crmErrors.accessDenied()
      return found.entity
    },
    async list(tx, type, params, start, viewer) {
      const def = ENTITY_DEFS[type]
      const visibleTo = readScope(viewer, await loadSettings(tx))
      const ufs = userFieldMap(await loadUserFields(tx, type))
      const conditions = parseFilter(def, params.filter, ufs)
      const order = parseOrder(def, params.order)
      const selection = parseSelect(def, params.select, ufs)
      const page = pageRequest(start)
      const wanted = { comms: selection.comms, links: selection.fields.some((f) => f.storage.kind === 'link') }
      const q = { conditions, visibleTo, order, offset: page.offset, limit: page.limit }
      const { entities, total } = await readPage(tx, def, q, wanted, page.withTotal)
      return { entities, selection, total }
    },
    async userFields(tx, type, viewer) {
      assertCrmUser(viewer)
      return loadUserFields(tx, type)
    },

    findByCommunication: (tx, query) => findByCommunication(tx, query),
    create,
    createLead: (tx, fields, actorUserId) => create(tx, 'lead', fields, actorUserId),
    createDeal: (tx, fields, actorUserId) => create(tx, 'deal', fields, actorUserId),
    createContact: (tx, fields, actorUserId) => create(tx, 'contact', fields, actorUserId),
    createCompany: (tx, fields, actorUserId) => create(tx, 'company', fields, actorUserId),
    async getEntity(tx, type, id) {
      return (await readOne(tx, ENTITY_DEFS[type], id))?.entity ?? null
    },
    onEntityDeleted(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSettings: (tx) => loadSettings(tx),
    updateSettings: (tx, patch) => saveSettings(tx, patch),
  }
}
