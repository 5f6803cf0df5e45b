import { Type } from '@sinclair/typebox'
import { toBitrixDate } from '../platform/dates.js'
import type { Actor } from '../rest/actor.js'
import { defineMethod } from '../rest/define-method.js'
import { pageRequest, toPage } from '../rest/paging.js'
import { appErrors } from './apps.errors.js'
import type { OutgoingWebhook } from './outgoing-webhooks.service.js'

/**
 * Outgoing webhooks, managed by an administrator (Bitrix24 does this under
 * Applications > Developer resources). Named openlines.webhook.outgoing.* so
 * they never collide with an upstream method; refused to application tokens.
 */
function operator(actor: Actor): void {
  if (actor.kind === 'app') throw appErrors.notForApps()
}

/** An outgoing webhook as administrators see it; the signing secret only where they asked for this one. */
export function outgoingWebhookView(w: OutgoingWebhook, withSecret: boolean): Record<string, unknown> {
  const { row } = w
  return {
    ID: row.id,
    TITLE: row.title,
    HANDLER: row.handler,
    EVENTS: w.events,
    APPLICATION_TOKEN: row.application_token,
    ...(withSecret ? { SIGNING_SECRET: row.client_secret } : {}),
    ACTIVE: row.revoked_at === null,
    CREATED_BY: row.created_by,
    DATE_CREATE: toBitrixDate(row.created_at),
    DATE_DELETE: row.revoked_at ? toBitrixDate(row.revoked_at) : null,
  }
}

const Events = Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 200 })])
const Url = Type.String({ minLength: 1, maxLength: 2048 })
const ERRORS = ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_ARGUMENT', 'ERROR_WRONG_HANDLER_URL', 'ERROR_UNSUPPORTED_PROTOCOL'] as const

export const outgoingAdd = defineMethod({
  name: 'openlines.webhook.outgoing.add',
  scope: 'basic',
  access: 'admin',
  description: 'Creates an outgoing webhook: EVENTS go to HANDLER; returns its APPLICATION_TOKEN (auth[application_token] of every request) and SIGNING_SECRET.',
  input: Type.Object({
    HANDLER: Url,
    EVENTS: Events,
    TITLE: Type.Optional(Type.String({ maxLength: 255 })),
  }),
  errors: [...ERRORS],
  handler: async ({ input, actor, deps, tx }) => {
    operator(actor)
    const hook = await deps.apps.outgoing.add(tx, actor.userId, { handler: input.HANDLER, events: input.EVENTS, title: input.TITLE })
    return outgoingWebhookView(hook, true)
  },
})

export const outgoingList = defineMethod({
  name: 'openlines.webhook.outgoing.list',
  scope: 'basic',
  access: 'admin',
  description: 'Outgoing webhooks, 50 a page (signing secrets left out), deleted ones with ACTIVE false.',
  input: Type.Object({}),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE'],
  handler: async ({ actor, deps, tx, start }) => {
    operator(actor)
    const page = pageRequest(start)
    const { items, total } = await deps.apps.outgoing.list(tx, page)
    return toPage(items.map((w) => outgoingWebhookView(w, false)), page.withTotal ? total : null, page)
  },
})

export const outgoingGet = defineMethod({
  name: 'openlines.webhook.outgoing.get',
  scope: 'basic',
  access: 'admin',
  description: 'One outgoing webhook with its SIGNING_SECRET.',
  input: Type.Object({ ID: Type.Integer({ minimum: 1 }) }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND'],
  handler: async ({ input, actor, deps, tx }) => {
    operator(actor)
    return outgoingWebhookView(await deps.apps.outgoing.get(tx, input.ID), true)
  },
})

export const outgoingUpdate = defineMethod({
  name: 'openlines.webhook.outgoing.update',
  scope: 'basic',
  access: 'admin',
  description: 'Changes the HANDLER, EVENTS or TITLE of an outgoing webhook; what is already queued still goes out.',
  input: Type.Object({
    ID: Type.Integer({ minimum: 1 }),
    FIELDS: Type.Object({
      HANDLER: Type.Optional(Url),
      EVENTS: Type.Optional(Events),
      TITLE: Type.Optional(Type.String({ maxLength: 255 })),
    }),
  }),
  errors: [...ERRORS, 'ERROR_NOT_FOUND'],
  handler: async ({ input, actor, deps, tx }) => {
    operator(actor)
    const f = input.FIELDS
    return outgoingWebhookView(await deps.apps.outgoing.update(tx, input.ID, { handler: f.HANDLER, events: f.EVENTS, title: f.TITLE }), false)
  },
})

export const outgoingDelete = defineMethod({
  name: 'openlines.webhook.outgoing.delete',
  scope: 'basic',
  access: 'admin',
  description: 'Deletes an outgoing webhook: nothing more is sent to it and what was queued is dropped.',
  input: Type.Object({ ID: Type.Integer({ minimum: 1 }) }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND'],
  handler: async ({ input, actor, deps, tx }) => {
    operator(actor)
    await deps.apps.outgoing.remove(tx, input.ID)
    return true
  },
})

export const outgoingWebhookMethods = [outgoingAdd, outgoingList, outgoingGet, outgoingUpdate, outgoingDelete]
