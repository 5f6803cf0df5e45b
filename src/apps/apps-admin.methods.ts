import { Type } from '@sinclair/typebox'
import { toBitrixDate } from '../platform/dates.js'
import type { Actor } from '../rest/actor.js'
import { defineMethod } from '../rest/define-method.js'
import { yes } from '../rest/flags.js'
import { pageRequest, toPage } from '../rest/paging.js'
import { appErrors } from './apps.errors.js'
import type { AppRow } from './apps.repo.js'

/**
 * Local applications, managed by an administrator (Bitrix24 does this in its
 * interface). Named under openlines.* so they never collide with an upstream
 * method; refused to application tokens, so an app cannot mint other apps.
 */
function operator(actor: Actor): void {
  if (actor.kind === 'app') throw appErrors.notForApps()
}

/** An app as administrators see it; the secret only where they asked for this one app. */
export function appView(app: AppRow, withSecret: boolean): Record<string, unknown> {
  return {
    ID: app.id,
    CODE: app.code,
    TITLE: app.title,
    CLIENT_ID: app.client_id,
    ...(withSecret ? { CLIENT_SECRET: app.client_secret } : {}),
    APPLICATION_TOKEN: app.application_token,
    SCOPE: app.scopes,
    REDIRECT_URI: app.redirect_uri,
    INSTALL_HANDLER: app.install_handler,
    VERSION: app.version,
    LANGUAGE_ID: app.language_id,
    STATUS: 'L',
    INSTALLED: app.revoked_at === null,
    DATE_CREATE: toBitrixDate(app.created_at),
    DATE_UNINSTALL: app.revoked_at ? toBitrixDate(app.revoked_at) : null,
  }
}

const Scopes = Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })])
const Url = Type.String({ maxLength: 2048 })

export const appAdd = defineMethod({
  name: 'openlines.app.add',
  scope: 'basic',
  access: 'admin',
  description: 'Registers and installs a local application; returns its CLIENT_ID, CLIENT_SECRET and APPLICATION_TOKEN.',
  input: Type.Object({
    TITLE: Type.String({ minLength: 1, maxLength: 255 }),
    SCOPE: Scopes,
    REDIRECT_URI: Type.Optional(Url),
    INSTALL_HANDLER: Type.Optional(Url),
    CODE: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    LANGUAGE_ID: Type.Optional(Type.String({ minLength: 2, maxLength: 8 })),
  }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_ARGUMENT', 'ERROR_WRONG_HANDLER_URL', 'ERROR_UNSUPPORTED_PROTOCOL'],
  handler: async ({ input, actor, deps, tx }) => {
    operator(actor)
    const app = await deps.apps.registry.register(tx, actor.userId, {
      title: input.TITLE, scopes: input.SCOPE, redirectUri: input.REDIRECT_URI, installHandler: input.INSTALL_HANDLER,
      code: input.CODE, languageId: input.LANGUAGE_ID,
    })
    return appView(app, true)
  },
})

export const appList = defineMethod({
  name: 'openlines.app.list',
  scope: 'basic',
  access: 'admin',
  description: 'Local applications, 50 a page (secrets left out).',
  input: Type.Object({}),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE'],
  handler: async ({ actor, deps, tx, start }) => {
    operator(actor)
    const page = pageRequest(start)
    const { items, total } = await deps.apps.registry.list(tx, page)
    return toPage(items.map((a) => appView(a, false)), page.withTotal ? total : null, page)
  },
})

export const appGet = defineMethod({
  name: 'openlines.app.get',
  scope: 'basic',
  access: 'admin',
  description: 'One local application with its CLIENT_SECRET.',
  input: Type.Object({ ID: Type.Integer({ minimum: 1 }) }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND'],
  handler: async ({ input, actor, deps, tx }) => {
    operator(actor)
    return appView(await deps.apps.registry.get(tx, input.ID), true)
  },
})

export const appUpdate = defineMethod({
  name: 'openlines.app.update',
  scope: 'basic',
  access: 'admin',
  description: 'Changes a local application; a higher VERSION raises ONAPPUPDATE.',
  input: Type.Object({
    ID: Type.Integer({ minimum: 1 }),
    FIELDS: Type.Object({
      TITLE: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
      SCOPE: Type.Optional(Scopes),
      REDIRECT_URI: Type.Optional(Url),
      INSTALL_HANDLER: Type.Optional(Url),
      VERSION: Type.Optional(Type.Integer({ minimum: 1 })),
      LANGUAGE_ID: Type.Optional(Type.String({ minLength: 2, maxLength: 8 })),
    }),
  }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND', 'ERROR_ARGUMENT', 'ERROR_APP_UNINSTALLED'],
  handler: async ({ input, actor, deps, tx }) => {
    operator(actor)
    const f = input.FIELDS
    const app = await deps.apps.registry.update(tx, actor.userId, input.ID, {
      title: f.TITLE, scopes: f.SCOPE, redirectUri: f.REDIRECT_URI, installHandler: f.INSTALL_HANDLER, version: f.VERSION, languageId: f.LANGUAGE_ID,
    })
    return appView(app, false)
  },
})

export const appDelete = defineMethod({
  name: 'openlines.app.delete',
  scope: 'basic',
  access: 'admin',
  description: 'Uninstalls a local application: its tokens stop at once, ONAPPUNINSTALL goes to its handlers; CLEAN=Y also drops its options.',
  input: Type.Object({ ID: Type.Integer({ minimum: 1 }), CLEAN: Type.Optional(Type.Union([Type.String(), Type.Boolean(), Type.Integer()])) }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND', 'ERROR_APP_UNINSTALLED'],
  handler: async ({ input, actor, deps, tx }) => {
    operator(actor)
    await deps.apps.registry.uninstall(tx, input.ID, yes(input.CLEAN))
    deps.apps.issuer.forget(input.ID)
    return true
  },
})

export const appsAdminMethods = [appAdd, appList, appGet, appUpdate, appDelete]
