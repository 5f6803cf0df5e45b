import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { bootstrapFirstStart } from '../../src/bootstrap.js'
import { loadConfig, type Config } from '../../src/config.js'
import { createDeps, type DepsOverrides } from '../../src/container.js'
import type { Deps } from '../../src/deps.js'
import type { Clock } from '../../src/platform/clock.js'
import { createLogger } from '../../src/platform/logger.js'
import type { Dispatch } from '../../src/rest/dispatch.js'
import { insertUser } from '../../src/users/users.repo.js'
import { openTestStore } from './test-store.js'

export interface CallResult {
  status: number
  // Envelopes are asserted whole in tests; their shape varies by method.
  body: Record<string, any>
}

export interface TestApp {
  app: FastifyInstance
  deps: Deps
  dispatch: Dispatch
  /** `/rest/1/<code>/`: the administrator's all-scope webhook. */
  adminHook: string
  /** POSTs JSON to `<hook><method>` (the admin's by default). */
  call(method: string, params?: Record<string, unknown>, hook?: string): Promise<CallResult>
  /** A new user (employee unless said) with a webhook of the given scopes. */
  createUser(opts?: { name?: string; isAdmin?: boolean; scopes?: string[]; departments?: number[] }): Promise<{ id: number; hook: string }>
  close(): Promise<void>
}

export async function buildTestApp(opts: { config?: Partial<Config>; clock?: Clock; overrides?: DepsOverrides } = {}): Promise<TestApp> {
  const store = await openTestStore()
  const config: Config = { ...loadConfig({ PUBLIC_URL: 'http://openlines.test' }), ...opts.config }
  const deps = await createDeps(config, { store, logger: createLogger('silent'), ...(opts.clock ? { clock: opts.clock } : {}), ...opts.overrides })
  const first = await bootstrapFirstStart(deps)
  if (!first) throw new Error('test store was not empty')
  const adminHook = new URL(first.webhookUrl).pathname
  const { app, dispatch } = await buildApp(deps)
  await app.ready()

  const call: TestApp['call'] = async (method, params = {}, hook = adminHook) => {
    const res = await app.inject({ method: 'POST', url: `${hook}${method}`, payload: params })
    return { status: res.statusCode, body: res.json() }
  }

  return {
    app,
    deps,
    dispatch,
    adminHook,
    call,
    async createUser(o = {}) {
      const user = await insertUser(deps.db, { name: o.name ?? 'Operator', isAdmin: o.isAdmin ?? false, departments: o.departments ?? [] })
      const scopes = o.scopes ?? ['user', 'department', 'imopenlines', 'im', 'imbot', 'crm']
      const hook = await deps.auth.createWebhook({ userId: user.id, scopes })
      return { id: user.id, hook: new URL(hook.url).pathname }
    },
    async close() {
      await app.close()
      await store.close()
    },
  }
}
