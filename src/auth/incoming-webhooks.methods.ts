import { Type } from '@sinclair/typebox'
import { toBitrixDate } from '../platform/dates.js'
import { RestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import { defineMethod } from '../rest/define-method.js'
import { pageRequest, toPage } from '../rest/paging.js'
import type { Executor } from '../storage/db.js'
import { getUser } from '../users/index.js'
import { parseScopes } from './scopes.js'
import type { WebhookRow } from './webhooks.repo.js'

/**
 * Incoming webhooks (`/rest/<user>/<code>/`), managed by an administrator as the
 * command line does (`openlines webhook add|list|revoke`), through the same
 * auth service. Bitrix24 makes them in its UI only, so these are ours:
 * openlines.webhook.incoming.*. The code is stored as a hash: the URL that
 * carries it is answered once, by add, and never logged or listed.
 */
const incomingErrors = {
  notForApps: () => new RestError('WRONG_AUTH_TYPE', 'Incoming webhooks are managed by an administrator, not by applications', 403),
  notFound: (id: number) => new RestError('ERROR_NOT_FOUND', `Incoming webhook ${id} not found`, 404),
  deleted: (id: number) => new RestError('ERROR_NOT_FOUND', `Incoming webhook ${id} was deleted`, 404),
  scopes: (why: string) => new RestError('ERROR_ARGUMENT', `SCOPES: ${why}`, 400),
  user: (why: string) => new RestError('ERROR_ARGUMENT', `USER_ID: ${why}`, 400),
}

function notApp(actor: Actor): void {
  if (actor.kind === 'app') throw incomingErrors.notForApps()
}

function scopesOf(input: string | string[]): string[] {
  let scopes: string[]
  try {
    scopes = parseScopes(Array.isArray(input) ? input.join(',') : input)
  } catch (e) {
    throw incomingErrors.scopes(e instanceof Error ? e.message : String(e))
  }
  if (!scopes.length) throw incomingErrors.scopes('name at least one scope')
  return scopes
}

/** A webhook as administrators see it: the first characters of its code tell it apart, never the code. */
export function incomingWebhookView(row: WebhookRow): Record<string, unknown> {
  return {
    ID: row.id,
    USER_ID: row.user_id,
    TITLE: row.title,
    SCOPES: row.scopes,
    CODE_HINT: row.code_hint,
    ACTIVE: row.revoked_at === null,
    DATE_CREATE: toBitrixDate(row.created_at),
    DATE_DELETE: row.revoked_at ? toBitrixDate(row.revoked_at) : null,
  }
}

async function existing(deps: { auth: { getWebhook(id: number, tx?: Executor): Promise<WebhookRow | null> } }, tx: Executor, id: number): Promise<WebhookRow> {
  const row = await deps.auth.getWebhook(id, tx)
  if (!row) throw incomingErrors.notFound(id)
  return row
}

const Scopes = Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50 })])
const Title = Type.String({ maxLength: 255 })
const Id = Type.Integer({ minimum: 1 })

export const incomingAdd = defineMethod({
  name: 'openlines.webhook.incoming.add',
  scope: 'basic',
  access: 'admin',
  description: 'Creates an incoming webhook acting as USER_ID (the caller by default) with SCOPES; its URL is answered only now.',
  input: Type.Object({ USER_ID: Type.Optional(Id), SCOPES: Scopes, TITLE: Type.Optional(Title) }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_ARGUMENT'],
  handler: async ({ input, actor, deps, tx }) => {
    notApp(actor)
    const scopes = scopesOf(input.SCOPES)
    const userId = input.USER_ID ?? actor.userId
    const user = await getUser(tx, userId)
    // A webhook acts as a person of the company: not as a customer, a bot or a dismissed employee.
    if (!user) throw incomingErrors.user(`user ${userId} does not exist`)
    if (!user.active) throw incomingErrors.user(`user ${userId} is dismissed`)
    if (user.userType !== 'employee') throw incomingErrors.user(`user ${userId} is not an employee`)
    const hook = await deps.auth.createWebhook({ userId, scopes, title: input.TITLE ?? '' }, tx)
    return { ...incomingWebhookView(await existing(deps, tx, hook.id)), URL: hook.url }
  },
})

export const incomingList = defineMethod({
  name: 'openlines.webhook.incoming.list',
  scope: 'basic',
  access: 'admin',
  description: 'Incoming webhooks, 50 a page, deleted ones with ACTIVE false; never their codes.',
  input: Type.Object({}),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE'],
  handler: async ({ actor, deps, tx, start }) => {
    notApp(actor)
    const page = pageRequest(start)
    const { items, total } = await deps.auth.listWebhooks(page, tx)
    return toPage(items.map(incomingWebhookView), page.withTotal ? total : null, page)
  },
})

export const incomingGet = defineMethod({
  name: 'openlines.webhook.incoming.get',
  scope: 'basic',
  access: 'admin',
  description: 'One incoming webhook (without its code).',
  input: Type.Object({ ID: Id }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND'],
  handler: async ({ input, actor, deps, tx }) => {
    notApp(actor)
    return incomingWebhookView(await existing(deps, tx, input.ID))
  },
})

export const incomingUpdate = defineMethod({
  name: 'openlines.webhook.incoming.update',
  scope: 'basic',
  access: 'admin',
  description: 'Changes the SCOPES or TITLE of an incoming webhook; its next call already has the new scopes. The URL stays.',
  input: Type.Object({ ID: Id, FIELDS: Type.Object({ SCOPES: Type.Optional(Scopes), TITLE: Type.Optional(Title) }) }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_ARGUMENT', 'ERROR_NOT_FOUND'],
  handler: async ({ input, actor, deps, tx }) => {
    notApp(actor)
    const f = input.FIELDS
    const changes = { ...(f.SCOPES !== undefined ? { scopes: scopesOf(f.SCOPES) } : {}), ...(f.TITLE !== undefined ? { title: f.TITLE } : {}) }
    const before = await existing(deps, tx, input.ID)
    if (before.revoked_at) throw incomingErrors.deleted(input.ID)
    if (!changes.scopes && changes.title === undefined) return incomingWebhookView(before)
    const row = await deps.auth.updateWebhook(input.ID, changes, tx)
    if (!row) throw incomingErrors.deleted(input.ID)
    return incomingWebhookView(row)
  },
})

export const incomingDelete = defineMethod({
  name: 'openlines.webhook.incoming.delete',
  scope: 'basic',
  access: 'admin',
  description: 'Deletes (revokes) an incoming webhook: its URL stops working at once; the record stays, ACTIVE false.',
  input: Type.Object({ ID: Id }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND'],
  handler: async ({ input, actor, deps, tx }) => {
    notApp(actor)
    const row = await existing(deps, tx, input.ID)
    if (row.revoked_at || !(await deps.auth.revokeWebhook(input.ID, tx))) throw incomingErrors.deleted(input.ID)
    return true
  },
})

export const incomingWebhookMethods = [incomingAdd, incomingList, incomingGet, incomingUpdate, incomingDelete]
