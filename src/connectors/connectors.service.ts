import { recordEvent } from '../events/index.js'
import { getLine, lineAccess } from '../lines/index.js'
import type { Clock } from '../platform/clock.js'
import { yes } from '../rest/flags.js'
import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { connectorErrors, registerFailure, type RegisterResult } from './connectors.errors.js'
import {
  allConnectors, connectorLine, deleteConnector, findConnector, setActive, setLineData, upsertConnector, type ConnectorFlags, type ConnectorRow,
} from './connectors.repo.js'

/** Connectors this server carries itself; apps cannot register these ids. */
export const BUILT_IN_CONNECTORS: Readonly<Record<string, string>> = { livechat: 'Live chat', network: 'Network lines' }

const CONNECTOR_ID = /^[a-z0-9_]{1,64}$/

type Params = Record<string, unknown>

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')

function flag(v: unknown, dflt: boolean): boolean {
  return v === undefined || v === null || v === '' ? dflt : yes(v)
}

function iconOf(v: unknown): Record<string, string> | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null
  const out: Record<string, string> = {}
  for (const k of ['DATA_IMAGE', 'COLOR', 'SIZE', 'POSITION']) {
    const value = (v as Params)[k]
    if (typeof value === 'string' && value !== '') out[k] = value
  }
  return out
}

function flagsOf(p: Params): ConnectorFlags {
  return {
    del_external_messages: flag(p.DEL_EXTERNAL_MESSAGES, true),
    edit_internal_messages: flag(p.EDIT_INTERNAL_MESSAGES, true),
    del_internal_messages: flag(p.DEL_INTERNAL_MESSAGES, true),
    newsletter: flag(p.NEWSLETTER, true),
    need_system_messages: flag(p.NEED_SYSTEM_MESSAGES, true),
    need_signature: flag(p.NEED_SIGNATURE, true),
    chat_group: flag(p.CHAT_GROUP, false),
  }
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

/** CONNECTOR and LINE as every per-line method takes them, checked in the order the pages list their errors. */
export function connectorAndLine(p: Params): { connector: string; lineId: number } {
  const connector = str(p.CONNECTOR).toLowerCase()
  if (!connector) throw connectorErrors.empty('CONNECTOR')
  const lineId = Number(p.LINE)
  if (p.LINE === undefined || p.LINE === null || p.LINE === '' || !Number.isInteger(lineId) || lineId <= 0) throw connectorErrors.empty('LINE')
  return { connector, lineId }
}

/** The calling app's own connector: another app's connector, a built-in one or an unknown id has no provider here. */
export async function ownConnector(tx: Executor, actor: Actor, id: string): Promise<ConnectorRow> {
  const row = await findConnector(tx, id)
  if (!row || row.app_id !== actor.appId) throw connectorErrors.noProvider()
  return row
}

export function createConnectorAdmin(d: { clock: Clock }) {
  async function register(tx: Executor, actor: Actor, p: Params): Promise<RegisterResult> {
    if (actor.appId === null) return registerFailure('NO_APPLICATION_ID')
    const id = str(p.ID).toLowerCase()
    if (!id) return registerFailure('CONNECTOR_ID_REQUIRED')
    if (id.includes('.')) return registerFailure('APPLICATION_REGISTRATION_ERROR_POINT')
    if (!str(p.NAME)) return registerFailure('NAME_REQUIRED')
    const icon = iconOf(p.ICON)
    if (!icon?.DATA_IMAGE) return registerFailure('ICON_REQUIRED')
    const handler = str(p.PLACEMENT_HANDLER)
    if (!handler) return registerFailure('NO_PLACEMENT_HANDLER')
    // Ids outside [a-z0-9_], built-in ids, non-SVG icons and non-HTTP handlers are "other validation errors".
    if (!CONNECTOR_ID.test(id) || id in BUILT_IN_CONNECTORS || !icon.DATA_IMAGE.startsWith('data:image/svg+xml,') || !isHttpUrl(handler)) {
      return registerFailure('GENERAL_CONNECTOR_REGISTRATION_ERROR')
    }
    const saved = await upsertConnector(tx, {
      id, appId: actor.appId, name: str(p.NAME).slice(0, 255), icon, iconDisabled: iconOf(p.ICON_DISABLED), placementHandler: handler, ...flagsOf(p),
    }, d.clock.now())
    // The id belongs to another application.
    return saved ? { result: true } : registerFailure('APPLICATION_REGISTRATION_ERROR')
  }

  async function unregister(tx: Executor, actor: Actor, p: Params): Promise<RegisterResult> {
    if (actor.appId === null) return registerFailure('NO_APPLICATION_ID')
    const id = str(p.ID).toLowerCase()
    return id && (await deleteConnector(tx, actor.appId, id)) ? { result: true } : registerFailure('APPLICATION_UNREGISTRATION_ERROR')
  }

  async function list(tx: Executor): Promise<Record<string, string>> {
    const out: Record<string, string> = { ...BUILT_IN_CONNECTORS }
    for (const c of await allConnectors(tx)) out[c.id] = c.name
    return out
  }

  /** Changing where a connector works is changing the line: its administrators and managers may. */
  async function lineForChange(tx: Executor, actor: Actor, lineId: number): Promise<void> {
    if (!(await getLine(tx, lineId))) throw connectorErrors.notActiveLine()
    if (!(await lineAccess(tx, actor, lineId)).can('modify')) throw connectorErrors.accessDenied()
  }

  async function activate(tx: Executor, actor: Actor, p: Params): Promise<true> {
    const { connector, lineId } = connectorAndLine(p)
    if (p.ACTIVE === undefined || p.ACTIVE === null || p.ACTIVE === '') throw connectorErrors.empty('ACTIVE')
    const row = await ownConnector(tx, actor, connector)
    await lineForChange(tx, actor, lineId)
    // "Any non-empty value enables the connector, while an empty value or 0 disables it."
    const active = !['0', 'n', 'false'].includes(String(p.ACTIVE).toLowerCase())
    const was = await setActive(tx, connector, lineId, active, d.clock.now())
    if (was && !active) {
      await recordEvent(tx, { event: 'OnImConnectorStatusDelete', data: { connector, line: lineId }, to: { appId: row.app_id }, actor })
    }
    return true
  }

  async function status(tx: Executor, actor: Actor, p: Params) {
    const connector = str(p.CONNECTOR).toLowerCase()
    if (!connector) throw connectorErrors.empty('CONNECTOR')
    const lineId = Number.isInteger(Number(p.LINE)) ? Number(p.LINE) : 0
    await ownConnector(tx, actor, connector)
    const on = lineId > 0 ? await connectorLine(tx, connector, lineId) : undefined
    const line = lineId > 0 ? await getLine(tx, lineId) : null
    const configured = Boolean(on?.active && line)
    // ERROR reports a connector that is active on a line that is not (deleted or switched off).
    return { LINE: lineId, CONNECTOR: connector, ERROR: Boolean(on?.active && line && !line.active), CONFIGURED: configured, STATUS: configured && Boolean(line?.active) }
  }

  async function dataSet(tx: Executor, actor: Actor, p: Params): Promise<true> {
    const { connector, lineId } = connectorAndLine(p)
    const data = p.DATA
    if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) throw connectorErrors.empty('DATA')
    await ownConnector(tx, actor, connector)
    await lineForChange(tx, actor, lineId)
    const kept: Record<string, string> = {}
    for (const k of ['ID', 'URL', 'URL_IM', 'NAME']) {
      const v = (data as Params)[k]
      if (v !== undefined && v !== null) kept[k] = str(v)
    }
    await setLineData(tx, connector, lineId, kept, d.clock.now())
    return true
  }

  return { register, unregister, list, activate, status, dataSet }
}

export type ConnectorAdmin = ReturnType<typeof createConnectorAdmin>
