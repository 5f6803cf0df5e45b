import { parseScopes } from '../auth/scopes.js'
import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import type { Executor } from '../storage/db.js'
import {
  bindHandler,
  checkHandlerUrl,
  forgetApp,
  recordEvent,
} from '../events/index.js'
import { appErrors } from './apps.errors.js'
import {
  countApps, deleteAppTokens, deleteOptions, findApp, insertApp, listApps, revokeApp, updateApp, type AppRow,
} from './apps.repo.js'

export interface NewApp {
  title: string
  scopes: string[] | string
  redirectUri?: string
  installHandler?: string
  code?: string
  languageId?: string
}

export interface AppChanges {
  title?: string
  scopes?: string[] | string
  redirectUri?: string
  installHandler?: string
  version?: number
  languageId?: string
}

export interface AppsRegistry {
  register(tx: Executor, byUserId: number, input: NewApp): Promise<AppRow>
  update(tx: Executor, byUserId: number, id: number, changes: AppChanges): Promise<AppRow>
  uninstall(tx: Executor, id: number, clean: boolean): Promise<AppRow>
  get(tx: Executor, id: number): Promise<AppRow>
  list(tx: Executor, page: { offset: number; limit: number }): Promise<{ items: AppRow[]; total: number }>
}

function scopesOf(input: string[] | string): string[] {
  try {
    const list = parseScopes(Array.isArray(input) ? input.join(',') : input)
    if (!list.length) throw new Error('at least one scope is needed')
    return list
  } catch (e) {
    throw appErrors.badScope((e as Error).message)
  }
}

function browserUrl(field: string, value: string): string {
  if (value === '') return ''
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw appErrors.badUrl(field, 'not an absolute URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw appErrors.badUrl(field, 'only http and https are allowed')
  return url.toString()
}

/**
 * Local applications as an administrator registers them. Installing, updating
 * and removing one raise ONAPPINSTALL, ONAPPUPDATE and ONAPPUNINSTALL in the
 * same transaction, as the app lifecycle pages describe.
 */
export function createAppsRegistry(deps: { clock: Clock; ids: Ids; allowPrivateHandlers: boolean }): AppsRegistry {
  const { ids, clock } = deps

  async function installHandlerOf(value: string | undefined): Promise<string> {
    if (!value) return ''
    await checkHandlerUrl(value, { allowPrivate: deps.allowPrivateHandlers, field: 'INSTALL_HANDLER' })
    return value
  }

  async function mustGet(tx: Executor, id: number): Promise<AppRow> {
    const app = await findApp(tx, id)
    if (!app || app.kind !== 'app') throw appErrors.appNotFound(id)
    return app
  }

  return {
    async register(tx, byUserId, input) {
      const clientId = `local.${ids.secret(14)}.${ids.secret(8)}`
      const app = await insertApp(tx, {
        client_id: clientId,
        client_secret: ids.secret(50),
        application_token: ids.secret(32),
        code: input.code || clientId,
        title: input.title,
        scopes: scopesOf(input.scopes),
        redirect_uri: browserUrl('REDIRECT_URI', input.redirectUri ?? ''),
        install_handler: await installHandlerOf(input.installHandler),
        language_id: input.languageId || 'en',
        created_by: byUserId,
      })
      if (app.install_handler) {
        // The installation callback of a headless app is ONAPPINSTALL at the install URL, with the installer's tokens.
        await bindHandler(tx, { appId: app.id, event: 'ONAPPINSTALL', handler: app.install_handler, authType: byUserId, owner: 'install' })
      }
      await recordEvent(tx, {
        event: 'ONAPPINSTALL',
        data: { VERSION: String(app.version), ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: app.language_id },
        to: { appId: app.id },
        userId: byUserId,
      })
      return app
    },

    async update(tx, byUserId, id, changes) {
      const app = await mustGet(tx, id)
      if (app.revoked_at) throw appErrors.appRevoked(id)
      if (changes.version !== undefined && (!Number.isInteger(changes.version) || changes.version <= app.version)) {
        throw appErrors.badVersion(app.version)
      }
      const updated = await updateApp(tx, id, {
        ...(changes.title !== undefined ? { title: changes.title } : {}),
        ...(changes.scopes !== undefined ? { scopes: scopesOf(changes.scopes) } : {}),
        ...(changes.redirectUri !== undefined ? { redirect_uri: browserUrl('REDIRECT_URI', changes.redirectUri) } : {}),
        ...(changes.installHandler !== undefined ? { install_handler: await installHandlerOf(changes.installHandler) } : {}),
        ...(changes.languageId !== undefined ? { language_id: changes.languageId } : {}),
        ...(changes.version !== undefined ? { version: changes.version } : {}),
      })
      if (!updated) throw appErrors.appNotFound(id)
      if (changes.version !== undefined) {
        await recordEvent(tx, {
          event: 'ONAPPUPDATE',
          data: { VERSION: String(updated.version), PREVIOUS_VERSION: String(app.version), LANGUAGE_ID: updated.language_id },
          to: { appId: id },
          userId: byUserId,
        })
      }
      return updated
    },

    async uninstall(tx, id, clean) {
      const app = await mustGet(tx, id)
      if (app.revoked_at) throw appErrors.appRevoked(id)
      // Queued first, so the app's ONAPPUNINSTALL handlers hear of it; then everything else of the app stops.
      const eventId = await recordEvent(tx, {
        event: 'ONAPPUNINSTALL',
        data: { LANGUAGE_ID: app.language_id, CLEAN: clean ? 1 : 0 },
        to: { appId: id },
      })
      await forgetApp(tx, id, { keepEventId: eventId, at: clock.now() })
      await deleteAppTokens(tx, id)
      if (clean) await deleteOptions(tx, id)
      await revokeApp(tx, id, clock.now())
      return mustGet(tx, id)
    },

    get: mustGet,

    async list(tx, page) {
      return { items: await listApps(tx, page), total: await countApps(tx) }
    },
  }
}
