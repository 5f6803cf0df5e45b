import { Type } from '@sinclair/typebox'
import { RestError } from '../platform/errors.js'
import { defineMethod } from '../rest/define-method.js'
import { inspect, listForAdmin, replay, requireOperator } from './deliveries.service.js'

/**
 * Beyond Bitrix24 (which never retries): administrators list, inspect and
 * replay deliveries. Named under openlines.* so they never collide with an upstream method.
 */
const State = Type.Union([Type.Literal('new'), Type.Literal('pending'), Type.Literal('waiting'), Type.Literal('delivered'), Type.Literal('failed')])

export const deliveryList = defineMethod({
  name: 'openlines.event.delivery.list',
  scope: 'basic',
  access: 'admin',
  description: 'Event deliveries, newest first, 50 a page; filter by STATE (failed: the parked ones), APP_ID, EVENT.',
  input: Type.Object({
    FILTER: Type.Optional(Type.Object({
      STATE: Type.Optional(State),
      APP_ID: Type.Optional(Type.Integer({ minimum: 1 })),
      EVENT: Type.Optional(Type.String({ minLength: 1 })),
    })),
  }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_ARGUMENT'],
  handler: async ({ input, actor, tx, start }) => {
    requireOperator(actor)
    const f = input.FILTER ?? {}
    return listForAdmin(tx, { state: f.STATE, appId: f.APP_ID, event: f.EVENT }, start)
  },
})

export const deliveryGet = defineMethod({
  name: 'openlines.event.delivery.get',
  scope: 'basic',
  access: 'admin',
  description: 'One delivery with its event data and every attempt (time, duration, status, error, start of the answer).',
  input: Type.Object({ ID: Type.Integer({ minimum: 1 }) }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND', 'ERROR_ARGUMENT'],
  handler: async ({ input, actor, tx }) => {
    requireOperator(actor)
    return inspect(tx, input.ID)
  },
})

export const deliveryReplay = defineMethod({
  name: 'openlines.event.delivery.replay',
  scope: 'basic',
  access: 'admin',
  description: 'Queues parked (failed) deliveries again with a fresh budget of tries: the given ID list, or every failed one of APP_ID, or all with ALL=Y.',
  input: Type.Object({
    ID: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000 })])),
    APP_ID: Type.Optional(Type.Integer({ minimum: 1 })),
    ALL: Type.Optional(Type.String()),
  }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_ARGUMENT'],
  handler: async ({ input, actor, tx, deps }) => {
    requireOperator(actor)
    const ids = input.ID === undefined ? undefined : Array.isArray(input.ID) ? input.ID : [input.ID]
    if (!ids && input.APP_ID === undefined && input.ALL !== 'Y') {
      throw new RestError('ERROR_ARGUMENT', 'Give ID, APP_ID or ALL=Y', 400)
    }
    const count = await replay(tx, { ids, appId: input.APP_ID })
    deps.events.worker.wake()
    return { count }
  },
})

export const deliveriesMethods = [deliveryList, deliveryGet, deliveryReplay]
