import type { Actor } from '../rest/actor.js'
import { hasScope } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { EVENT_CATALOGUE, eventSpec, eventsOfScopes } from './event-catalogue.js'
import { eventErrors } from './events.errors.js'
import { cancelAppDeliveries, deleteHandlers, insertHandler, listHandlers } from './events.repo.js'
import { checkHandlerUrl } from './handler-url.js'
import { recordEvent } from './record-event.js'

export interface BindInput {
  event?: string
  handler?: string
  auth_type?: string | number
  event_type?: string
  options?: unknown
}

function appIdOf(actor: Actor): number {
  // The methods are declared appOnly; this guards a direct call.
  if (actor.appId === null) throw eventErrors.adminOnly()
  return actor.appId
}

function eventTypeOf(value: string | undefined): 'online' | 'offline' {
  const type = (value ?? '').toLowerCase()
  if (type === '') return 'online'
  if (type !== 'online' && type !== 'offline') throw eventErrors.eventType()
  return type
}

function authTypeOf(value: string | number | undefined): number {
  const n = Number.parseInt(String(value ?? ''), 10)
  return Number.isFinite(n) && n > 0 ? n : 0
}

/** Only ONOFFLINEEVENT takes options: minTimeout, an integer (on-offline-event.md). */
function optionsOf(event: string, options: unknown): Record<string, unknown> {
  if (event !== 'ONOFFLINEEVENT' || !options || typeof options !== 'object') return {}
  const raw = (options as Record<string, unknown>).minTimeout
  if (raw === undefined) return {}
  const n = Number.parseInt(String(raw), 10)
  return { minTimeout: Number.isFinite(n) && n > 0 ? n : 0 }
}

/** event.bind (event-bind.md), in the order Bitrix24 checks its arguments. */
export async function bind(tx: Executor, actor: Actor, input: BindInput, allowPrivate: boolean): Promise<true> {
  const appId = appIdOf(actor)
  let authType = authTypeOf(input.auth_type)
  if (authType > 0 && !actor.isAdmin && authType !== actor.userId) throw eventErrors.authTypeBindAdmin()
  if (authType === 0 && !actor.isAdmin) authType = actor.userId
  const event = (input.event ?? '').toUpperCase()
  if (!event) throw eventErrors.nullArgument('EVENT')
  const type = eventTypeOf(input.event_type)
  let handler = input.handler ?? ''
  if (type === 'offline') {
    if (!actor.isAdmin) throw eventErrors.offlineBindAdmin()
    handler = ''
    authType = 0
  } else if (!handler) throw eventErrors.nullArgument('HANDLER')
  if (handler) await checkHandlerUrl(handler, { allowPrivate })
  const spec = eventSpec(event)
  if (!spec || !hasScope(actor, spec.scope)) throw eventErrors.eventNotFound()
  if (type === 'offline' && spec.onlineOnly) throw eventErrors.offlineNotAllowed()
  const row = await insertHandler(tx, {
    appId, event, handler, authType, offline: type === 'offline', authConnector: actor.authConnector ?? '',
    options: optionsOf(event, input.options), owner: '',
  })
  if (!row) throw eventErrors.alreadyBound()
  return true
}

/** event.unbind: the app's handlers matching what was given; returns how many went. */
export async function unbind(tx: Executor, actor: Actor, input: BindInput): Promise<{ count: number }> {
  const appId = appIdOf(actor)
  const event = (input.event ?? '').toUpperCase()
  if (!event) throw eventErrors.nullArgument('EVENT')
  const type = eventTypeOf(input.event_type)
  if (type === 'offline') {
    if (!actor.isAdmin) throw eventErrors.offlineUnbindAdmin()
    const count = await deleteHandlers(tx, { appId, event, handler: '', offline: true, authConnector: actor.authConnector ?? '' })
    return { count }
  }
  const handler = input.handler ?? ''
  if (!handler) throw eventErrors.nullArgument('HANDLER')
  let authType: number | undefined
  if (input.auth_type !== undefined) {
    authType = authTypeOf(input.auth_type)
    if (!actor.isAdmin && authType !== actor.userId) throw eventErrors.authTypeUnbindAdmin()
  } else if (!actor.isAdmin) authType = actor.userId
  const count = await deleteHandlers(tx, { appId, event, handler, offline: false, ...(authType !== undefined ? { authType } : {}) })
  return { count }
}

/** event.get: the app's handlers; a user without admin rights sees only their own. */
export async function listBound(tx: Executor, actor: Actor): Promise<Array<Record<string, unknown>>> {
  const rows = await listHandlers(tx, appIdOf(actor), actor.isAdmin ? null : actor.userId)
  return rows.map((h) =>
    h.offline
      ? { event: h.event_name, connector_id: h.auth_connector, offline: 1 }
      : { event: h.event_name, handler: h.handler, auth_type: String(h.auth_type), offline: 0 },
  )
}

/** events: the caller's scopes and basic by default; one scope with SCOPE; everything with FULL. */
export function availableEvents(actor: Actor, scope: string | undefined, full: boolean): string[] {
  if (scope) return Object.entries(EVENT_CATALOGUE).filter(([, s]) => s.scope === scope).map(([name]) => name)
  return eventsOfScopes(full ? 'all' : actor.scopes)
}

/** event.test: ONAPPTEST to the calling app, with the call's parameters in data.QUERY (test-handler.md). */
export async function test(tx: Executor, actor: Actor, query: Record<string, unknown>): Promise<1> {
  await recordEvent(tx, { event: 'ONAPPTEST', data: { QUERY: query }, to: { appId: appIdOf(actor) }, actor })
  return 1
}

/** For domains: a handler an app registers through them (a bot's EVENT_MESSAGE_ADD URL, an install callback). */
export async function bindHandler(
  tx: Executor,
  h: { appId: number; event: string; handler: string; authType?: number; owner: string; offline?: boolean },
): Promise<number | null> {
  const row = await insertHandler(tx, {
    appId: h.appId, event: h.event.toUpperCase(), handler: h.handler, authType: h.authType ?? 0,
    offline: h.offline ?? false, authConnector: '', options: {}, owner: h.owner,
  })
  return row?.id ?? null
}

/** For domains: drops the handlers registered for one of their objects (a bot that is unregistered). */
export function unbindOwner(tx: Executor, appId: number, owner: string): Promise<number> {
  return deleteHandlers(tx, { appId, owner })
}

/** For domains: the events and URLs of the handlers registered for one of their objects, in bind order. */
export async function handlersOfOwner(tx: Executor, appId: number, owner: string): Promise<Array<{ event: string; handler: string }>> {
  const rows = await listHandlers(tx, appId, null)
  return rows.filter((h) => h.owner === owner).map((h) => ({ event: h.event_name, handler: h.handler }))
}

/** An uninstalled app: no handlers, nothing queued but `keepEventId` (its ONAPPUNINSTALL), no offline queue. */
export async function forgetApp(tx: Executor, appId: number, opts: { keepEventId: number; at: Date }): Promise<void> {
  await cancelAppDeliveries(tx, appId, opts.keepEventId, opts.at)
  await deleteHandlers(tx, { appId })
}
