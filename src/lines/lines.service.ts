import type { Clock } from '../platform/clock.js'
import type { Actor } from '../rest/actor.js'
import { systemErrors } from '../rest/system-errors.js'
import type { Executor } from '../storage/db.js'
import { listGrants, putGrant, removeGrant, type GrantRole } from './line-access.repo.js'
import { lineAccess, lineScope, type LineAction } from './line-access.service.js'
import { defaultLineFields } from './line-fields.schemas.js'
import type { LinePatch, RefCheck } from './line-params.schemas.js'
import { activeEmployeeIds, botIds, departmentIds } from './line-people.repo.js'
import { expandQueues } from './line-queue.service.js'
import { listLines, type LineListQuery } from './line-list.repo.js'
import { findLine, insertLine, markLineDeleted, queueEntries, renameLine, replaceQueue, rowSettings, updateLine, type LineRow } from './lines.repo.js'
import { lineErrors } from './lines.errors.js'
import type { LineConfig, LineFields, LineSettings, QueueEntity, QueueMember } from './lines.types.js'

/**
 * Runs inside config.delete's transaction before the line is marked deleted.
 * The dialogue domain closes the line's open dialogues here (keeping their
 * history); the connector domain unbinds its connectors and returns their ids,
 * which go to LineEvents.lineDeleted (OnImConnectorLineDelete). A listener
 * that throws aborts the deletion.
 */
export type LineDeletingListener = (tx: Executor, lineId: number) => Promise<{ connectors?: readonly string[] } | void>

/** Where line events are recorded; the events domain provides the outbox-backed one. */
export interface LineEvents {
  /** In config.delete's transaction: the line is deleted; `connectors` were active on it. */
  lineDeleted(tx: Executor, lineId: number, connectors: readonly string[]): Promise<void>
}

export const noLineEvents: LineEvents = { lineDeleted: async () => {} }

export interface LineView {
  line: LineConfig
  /** The expanded queue, when asked for. */
  members: QueueMember[] | null
}

export interface LineService {
  add(actor: Actor, patch: LinePatch, tx: Executor): Promise<number>
  /** false when there is no such line; `version` (when given) must be the stored one. */
  update(actor: Actor, id: number, patch: LinePatch, version: number | null, tx: Executor): Promise<boolean>
  remove(actor: Actor, id: number, tx: Executor): Promise<boolean>
  /** null when there is no such line; ACCESS_DENIED when the caller may not see it. */
  get(actor: Actor, id: number, opts: { withQueue: boolean }, tx: Executor): Promise<LineView | null>
  list(actor: Actor, q: Omit<LineListQuery, 'scope'>, opts: { permission: LineAction; withQueue: boolean }, tx: Executor): Promise<LineView[]>
  onLineDeleting(listener: LineDeletingListener): void
  /** Gives a user a role on one line (lineId) or on every line (null); 'none' takes it away. */
  grant(actor: Actor, g: { userId: number; lineId: number | null; role: GrantRole | 'none' }, tx: Executor): Promise<boolean>
  grants(filter: { userId?: number; lineId?: number }, tx: Executor): Promise<LineGrant[]>
}

export interface LineGrant {
  id: number
  userId: number
  lineId: number | null
  role: GrantRole
  grantedBy: number
  grantedAt: Date
}

const DEFAULT_NAME = 'Open Channel'

// Object.assign onto the fresh settings object: copying ~90 properties per line twice showed in list profiles.
function fieldsOf(row: LineRow): LineFields {
  return Object.assign(rowSettings(row), { active: row.active, lineName: row.line_name, xmlId: row.xml_id })
}

export function toLineConfig(row: LineRow, queue: QueueEntity[]): LineConfig {
  return Object.assign(fieldsOf(row), {
    id: row.id,
    queue,
    queueUsersFields: row.queue_users_fields,
    version: row.version,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    modifyUserId: row.modify_user_id,
  })
}

export async function loadQueues(db: Executor, lineIds: readonly number[]): Promise<Map<number, QueueEntity[]>> {
  const out = new Map<number, QueueEntity[]>(lineIds.map((id) => [id, []]))
  for (const e of await queueEntries(db, lineIds)) out.get(e.line_id)!.push({ type: e.entity_type, id: e.entity_id })
  return out
}

function splitFields(f: LineFields): { columns: Pick<LineFields, 'active' | 'lineName' | 'xmlId'>; settings: LineSettings } {
  const { active, lineName, xmlId, ...settings } = f
  return { columns: { active, lineName, xmlId }, settings }
}

const REF_NOUN: Record<RefCheck['kind'], string> = { bot: 'chat-bot', employee: 'active employee', department: 'department' }

/** Every id a patch names exists; one query per kind; the first missing id is reported under its field. */
async function checkRefs(tx: Executor, refs: readonly RefCheck[]): Promise<void> {
  const idsOf = (kind: RefCheck['kind']) => [...new Set(refs.filter((r) => r.kind === kind).flatMap((r) => r.ids))]
  const [bots, employees, departments] = await Promise.all([botIds(tx, idsOf('bot')), activeEmployeeIds(tx, idsOf('employee')), departmentIds(tx, idsOf('department'))])
  const found = { bot: bots, employee: employees, department: departments }
  for (const r of refs) {
    const missing = r.ids.find((id) => !found[r.kind].has(id))
    if (missing !== undefined) throw systemErrors.argument(r.field, `${missing} is not the id of an existing ${REF_NOUN[r.kind]}`)
  }
}

/** A queue written back unchanged keeps its entries (and their ids in QUEUE_FULL). */
function sameQueue(a: readonly QueueEntity[], b: readonly QueueEntity[]): boolean {
  return a.length === b.length && a.every((e, i) => e.type === b[i].type && e.id === b[i].id)
}

function isEmpty(p: LinePatch): boolean {
  return !Object.keys(p.fields).length && p.queue === undefined && p.queueUsersFields === undefined
}

export function createLineService(deps: { clock: Clock; events: LineEvents }): LineService {
  const deletingListeners: LineDeletingListener[] = []

  async function add(actor: Actor, patch: LinePatch, tx: Executor): Promise<number> {
    if (!(await lineAccess(tx, actor, null)).can('create')) throw lineErrors.wrongPermission()
    await checkRefs(tx, patch.refs)
    const fields: LineFields = { ...defaultLineFields(patch.fields.lineName ?? DEFAULT_NAME), ...patch.fields }
    const { columns, settings } = splitFields(fields)
    const at = deps.clock.now()
    const id = await insertLine(tx, { ...columns, settings, queueUsersFields: patch.queueUsersFields ?? {}, at, userId: actor.userId })
    if (patch.fields.lineName === undefined) {
      // Bitrix24 numbers unnamed lines; the number is only known once inserted.
      const named = defaultLineFields(`${DEFAULT_NAME} ${id}`)
      await renameLine(tx, id, named.lineName, patch.fields.welcomeMessageText ?? named.welcomeMessageText)
    }
    if (patch.queue?.length) await replaceQueue(tx, id, patch.queue)
    return id
  }

  async function update(actor: Actor, id: number, patch: LinePatch, version: number | null, tx: Executor): Promise<boolean> {
    const row = await findLine(tx, id, { forUpdate: true })
    if (!row) return false
    if (!(await lineAccess(tx, actor, id)).can('modify')) throw lineErrors.wrongPermission()
    if (version !== null && version !== row.version) throw lineErrors.versionConflict(id, row.version, version)
    if (isEmpty(patch)) return true
    await checkRefs(tx, patch.refs)
    const { columns, settings } = splitFields({ ...fieldsOf(row), ...patch.fields })
    const queueUsersFields = patch.queueUsersFields ?? row.queue_users_fields
    await updateLine(tx, id, { ...columns, settings, queueUsersFields, at: deps.clock.now(), userId: actor.userId })
    if (patch.queue && !sameQueue((await loadQueues(tx, [id])).get(id)!, patch.queue)) await replaceQueue(tx, id, patch.queue)
    return true
  }

  async function remove(actor: Actor, id: number, tx: Executor): Promise<boolean> {
    const row = await findLine(tx, id, { forUpdate: true })
    if (!row) return false
    if (!(await lineAccess(tx, actor, id)).can('modify')) throw lineErrors.wrongPermission()
    const connectors: string[] = []
    for (const listener of deletingListeners) {
      const res = await listener(tx, id)
      if (res?.connectors) connectors.push(...res.connectors)
    }
    await markLineDeleted(tx, id, deps.clock.now(), actor.userId)
    await deps.events.lineDeleted(tx, id, [...new Set(connectors)])
    return true
  }

  async function get(actor: Actor, id: number, opts: { withQueue: boolean }, tx: Executor): Promise<LineView | null> {
    const row = await findLine(tx, id)
    if (!row) return null
    if (!(await lineAccess(tx, actor, id)).can('view')) throw lineErrors.accessDenied(id)
    const queue = (await loadQueues(tx, [id])).get(id)!
    const members = opts.withQueue ? (await expandQueues(tx, [id])).get(id)! : null
    return { line: toLineConfig(row, queue), members }
  }

  async function list(actor: Actor, q: Omit<LineListQuery, 'scope'>, opts: { permission: LineAction; withQueue: boolean }, tx: Executor): Promise<LineView[]> {
    const scope = await lineScope(tx, actor, opts.permission)
    const rows = await listLines(tx, { ...q, scope })
    const members = opts.withQueue ? await expandQueues(tx, rows.map((r) => r.id)) : null
    return rows.map((r) => ({ line: toLineConfig(r, r.queue), members: members ? members.get(r.id)! : null }))
  }

  async function grant(actor: Actor, g: { userId: number; lineId: number | null; role: GrantRole | 'none' }, tx: Executor): Promise<boolean> {
    await checkRefs(tx, [{ field: 'USER_ID', kind: 'employee', ids: [g.userId] }])
    if (g.lineId !== null && !(await findLine(tx, g.lineId))) throw systemErrors.argument('CONFIG_ID', `${g.lineId} is not the id of an existing open line`)
    if (g.role === 'none') await removeGrant(tx, g.userId, g.lineId)
    else await putGrant(tx, { userId: g.userId, lineId: g.lineId, role: g.role, by: actor.userId, at: deps.clock.now() })
    return true
  }

  async function grants(filter: { userId?: number; lineId?: number }, tx: Executor): Promise<LineGrant[]> {
    const rows = await listGrants(tx, filter)
    return rows.map((r) => ({ id: r.id, userId: r.user_id, lineId: r.line_id, role: r.role, grantedBy: r.granted_by, grantedAt: r.granted_at }))
  }

  return { add, update, remove, get, list, grant, grants, onLineDeleting: (l) => void deletingListeners.push(l) }
}
