import type { Ids } from '../platform/ids.js'
import type { Clock } from '../platform/clock.js'
import { toBitrixDate } from '../platform/dates.js'
import type { Actor } from '../rest/actor.js'
import { pageRequest, toPage } from '../rest/paging.js'
import type { Executor } from '../storage/db.js'
import { eventErrors } from './events.errors.js'
import * as repo from './offline.repo.js'

type Fields = Record<string, unknown>

const COLUMNS: Record<string, repo.Condition['column']> = {
  ID: 'id', TIMESTAMP_X: 'timestamp_x', EVENT_NAME: 'event_name', MESSAGE_ID: 'message_id', PROCESS_ID: 'process_id', ERROR: 'error',
}
const GET_FIELDS = ['ID', 'TIMESTAMP_X', 'EVENT_NAME', 'MESSAGE_ID']
const LIST_FIELDS = [...GET_FIELDS, 'PROCESS_ID', 'ERROR']
const OPS: Record<string, repo.Condition['op']> = { '': '=', '=': '=', '!': '<>', '!=': '<>', '>': '>', '<': '<', '>=': '>=', '<=': '<=' }
const MAX_LIMIT = 1000

/** Bitrix filter keys carry their operation before the field name (`>=ID`); unknown fields are ignored, as upstream does. */
function conditions(filter: unknown, allowed: string[]): repo.Condition[] {
  if (!filter || typeof filter !== 'object') return []
  const out: repo.Condition[] = []
  for (const [key, raw] of Object.entries(filter as Fields)) {
    const m = /^(>=|<=|!=|[=!<>]?)([A-Z_]+)$/i.exec(key)
    if (!m || !allowed.includes(m[2].toUpperCase())) continue
    const column = COLUMNS[m[2].toUpperCase()]
    out.push({ column, op: OPS[m[1]], value: valueFor(column, raw) })
  }
  return out
}

function valueFor(column: repo.Condition['column'], raw: unknown): string | number | boolean | Date {
  const text = String(raw ?? '')
  if (column === 'id') {
    if (!/^\d+$/.test(text)) throw eventErrors.argument('Filter ID must be an integer')
    return Number(text)
  }
  if (column === 'error') return ['1', 'y', 'true'].includes(text.toLowerCase())
  if (column === 'timestamp_x') {
    const d = new Date(text)
    if (Number.isNaN(d.getTime())) throw eventErrors.argument('Filter TIMESTAMP_X must be a date')
    return d
  }
  return column === 'event_name' ? text.toUpperCase() : text
}

function sorting(order: unknown, allowed: string[], fallback: repo.Sort): repo.Sort[] {
  if (!order || typeof order !== 'object') return [fallback]
  const out: repo.Sort[] = []
  for (const [key, dir] of Object.entries(order as Fields)) {
    if (allowed.includes(key.toUpperCase())) out.push({ column: COLUMNS[key.toUpperCase()], desc: String(dir).toUpperCase() === 'DESC' })
  }
  return out.length ? out : [fallback]
}

function scopeOf(actor: Actor): repo.QueueScope {
  if (!actor.isAdmin || actor.appId === null) throw eventErrors.adminOnly()
  return { appId: actor.appId, authConnector: actor.authConnector ?? '' }
}

function parsed(text: string | null): unknown {
  if (text === null) return false
  const v: unknown = JSON.parse(text)
  return v && typeof v === 'object' && Object.keys(v).length === 0 ? false : v
}

function shape(r: repo.OfflineRow, withProcess: boolean): Fields {
  return {
    ID: String(r.id),
    TIMESTAMP_X: toBitrixDate(r.timestamp_x),
    EVENT_NAME: r.event_name,
    EVENT_DATA: parsed(r.event_data),
    EVENT_ADDITIONAL: parsed(r.event_additional),
    MESSAGE_ID: r.message_id,
    ...(withProcess ? { PROCESS_ID: r.process_id, ERROR: r.error ? '1' : '0' } : {}),
  }
}

function flag(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback
  return Number.parseInt(String(value), 10) || 0
}

export function createOfflineService(deps: { ids: Ids; clock: Clock }) {
  return {
    /** event.offline.get: reserves (or re-reads) a batch, and with clear=1 (the default) deletes it. */
    async get(tx: Executor, actor: Actor, p: Fields) {
      const scope = scopeOf(actor)
      const clearAfter = flag(p.clear, 1) !== 0
      const limit = p.limit === undefined ? 50 : Number.parseInt(String(p.limit), 10)
      if (!Number.isFinite(limit) || limit <= 0) throw eventErrors.argument('Value must be positive integer')
      const conds = [...conditions(p.filter, GET_FIELDS), { column: 'error' as const, op: '=' as const, value: flag(p.error, 0) === 1 }]
      const sorts = sorting(p.order, GET_FIELDS, { column: 'timestamp_x', desc: false })
      const given = typeof p.process_id === 'string' && p.process_id.trim() !== '' ? p.process_id.trim() : null
      const processId = given ?? deps.ids.secret(32)
      if (!given) await repo.reserve(tx, scope, conds, sorts, Math.min(limit, MAX_LIMIT), processId, deps.clock.now())
      const rows = await repo.select(tx, scope, [...conds, { column: 'process_id', op: '=', value: processId }], sorts, Math.min(limit, MAX_LIMIT))
      if (clearAfter && rows.length) await repo.clear(tx, scope, processId)
      return { process_id: given || !clearAfter ? processId : null, events: rows.map((r) => shape(r, false)) }
    },

    /** event.offline.list: the queue as it is, 50 a page, without reserving anything. */
    async list(tx: Executor, actor: Actor, p: Fields, start: number) {
      const scope = scopeOf(actor)
      const conds = conditions(p.filter, LIST_FIELDS)
      const sorts = sorting(p.order, LIST_FIELDS, { column: 'id', desc: false })
      const page = pageRequest(start)
      const rows = await repo.select(tx, scope, conds, sorts, page.limit, page.offset)
      const total = page.withTotal ? await repo.count(tx, scope, conds) : null
      return toPage(rows.map((r) => shape(r, true)), total, page)
    },

    /** event.offline.clear: deletes a process's records, or only those named by id or message_id. */
    async clear(tx: Executor, actor: Actor, p: Fields): Promise<true> {
      const scope = scopeOf(actor)
      const processId = typeof p.process_id === 'string' ? p.process_id.trim() : ''
      if (!processId) throw eventErrors.nullArgument('PROCESS_ID')
      if (p.message_id !== undefined) {
        await repo.clear(tx, scope, processId, { messageIds: messageIds(p.message_id) })
        return true
      }
      if (p.id !== undefined) {
        const list = arrayOf(p.id, 'Value must be array of integers').map((v) => Number.parseInt(String(v), 10))
        if (list.some((n) => !Number.isFinite(n) || n <= 0)) throw eventErrors.argument('Value must be array of integers')
        await repo.clear(tx, scope, processId, { ids: list })
        return true
      }
      await repo.clear(tx, scope, processId)
      return true
    },

    /** event.offline.error: marks records of a process as failed to process. */
    async error(tx: Executor, actor: Actor, p: Fields): Promise<true> {
      const scope = scopeOf(actor)
      const processId = typeof p.process_id === 'string' ? p.process_id.trim() : ''
      if (!processId) throw eventErrors.nullArgument('PROCESS_ID')
      const list = messageIds(p.message_id)
      if (list.length) await repo.markError(tx, scope, processId, list)
      return true
    },
  }
}

function arrayOf(value: unknown, why: string): unknown[] {
  if (Array.isArray(value)) return value
  // Form encoding turns `id[0]=1` into an object keyed by index.
  if (value && typeof value === 'object') return Object.values(value)
  throw eventErrors.argument(why)
}

function messageIds(value: unknown): string[] {
  const why = 'Value must be array of MESSAGE_ID values'
  const list = arrayOf(value, why).map((v) => String(v).trim())
  if (list.some((v) => v.length !== 32)) throw eventErrors.argument(why)
  return list
}

export type OfflineService = ReturnType<typeof createOfflineService>
