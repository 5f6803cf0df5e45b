import { Type } from '@sinclair/typebox'
import { defineMethod } from '../rest/define-method.js'
import { yes } from '../rest/flags.js'
import { availableEvents, bind, listBound, test, unbind, type BindInput } from './handlers.service.js'

/** Any parameters: Bitrix24 reads these methods' keys in any case (CRest sends EVENT, HANDLER ...). */
const Loose = Type.Object({})
const errorsOf = ['ERROR_ARGUMENT', 'ERROR_EVENT_NOT_FOUND', 'ERROR_WRONG_HANDLER_URL', 'ERROR_UNSUPPORTED_PROTOCOL', 'ERROR_CORE', 'ACCESS_DENIED', 'WRONG_AUTH_TYPE']

export function lowerKeys(input: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(input)) out[k.toLowerCase()] = v
  return out
}

function bindInput(input: object): BindInput {
  const p = lowerKeys(input)
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined)
  return { event: str(p.event), handler: str(p.handler), auth_type: str(p.auth_type), event_type: str(p.event_type), options: p.options }
}

export const eventBind = defineMethod({
  name: 'event.bind',
  scope: 'basic',
  appOnly: true,
  description: 'Registers an event handler of the calling application (online, or offline with event_type=offline).',
  input: Loose,
  errors: errorsOf,
  handler: ({ input, actor, deps, tx }) => bind(tx, actor, bindInput(input), deps.config.events.allowPrivateHandlers),
})

export const eventUnbind = defineMethod({
  name: 'event.unbind',
  scope: 'basic',
  appOnly: true,
  description: 'Removes event handlers of the calling application; returns {count}.',
  input: Loose,
  errors: ['ERROR_ARGUMENT', 'ACCESS_DENIED', 'WRONG_AUTH_TYPE'],
  handler: ({ input, actor, tx }) => unbind(tx, actor, bindInput(input)),
})

export const eventGet = defineMethod({
  name: 'event.get',
  scope: 'basic',
  appOnly: true,
  description: "The calling application's event handlers.",
  input: Loose,
  errors: ['WRONG_AUTH_TYPE'],
  handler: ({ actor, tx }) => listBound(tx, actor),
})

export const events = defineMethod({
  name: 'events',
  scope: 'basic',
  appOnly: true,
  transaction: false,
  description: "Events the application may bind: of its scopes, of one SCOPE, or all with FULL.",
  input: Loose,
  errors: ['WRONG_AUTH_TYPE'],
  handler: async ({ input, actor }) => {
    const p = lowerKeys(input)
    return availableEvents(actor, typeof p.scope === 'string' ? p.scope : undefined, yes(p.full))
  },
})

export const eventTest = defineMethod({
  name: 'event.test',
  scope: 'basic',
  appOnly: true,
  description: 'Sends ONAPPTEST to the calling application with the parameters in data.QUERY; returns 1.',
  input: Loose,
  errors: ['WRONG_AUTH_TYPE'],
  handler: ({ input, actor, tx }) => test(tx, actor, input),
})

export const offlineGet = defineMethod({
  name: 'event.offline.get',
  scope: 'basic',
  appOnly: true,
  description: 'Takes the first offline events of the queue: deletes them (clear=1) or reserves them under a process_id (clear=0).',
  input: Loose,
  errors: ['ACCESS_DENIED', 'ERROR_ARGUMENT', 'WRONG_AUTH_TYPE'],
  handler: ({ input, actor, deps, tx }) => deps.events.offline.get(tx, actor, lowerKeys(input)),
})

export const offlineList = defineMethod({
  name: 'event.offline.list',
  scope: 'basic',
  appOnly: true,
  description: 'Reads the offline queue without changing it, 50 records a page.',
  input: Loose,
  errors: ['ACCESS_DENIED', 'ERROR_ARGUMENT', 'WRONG_AUTH_TYPE'],
  handler: ({ input, actor, deps, tx, start }) => deps.events.offline.list(tx, actor, lowerKeys(input), start),
})

export const offlineClear = defineMethod({
  name: 'event.offline.clear',
  scope: 'basic',
  appOnly: true,
  description: 'Deletes the records of a process_id (all, or those given by id or message_id).',
  input: Loose,
  errors: ['ACCESS_DENIED', 'ERROR_ARGUMENT', 'WRONG_AUTH_TYPE'],
  handler: ({ input, actor, deps, tx }) => deps.events.offline.clear(tx, actor, lowerKeys(input)),
})

export const offlineError = defineMethod({
  name: 'event.offline.error',
  scope: 'basic',
  appOnly: true,
  description: 'Marks records of a process_id as erroneous (event.offline.get with error=1 returns them).',
  input: Loose,
  errors: ['ACCESS_DENIED', 'ERROR_ARGUMENT', 'WRONG_AUTH_TYPE'],
  handler: ({ input, actor, deps, tx }) => deps.events.offline.error(tx, actor, lowerKeys(input)),
})

export const eventsMethods = [eventBind, eventUnbind, eventGet, events, eventTest, offlineGet, offlineList, offlineClear, offlineError]
