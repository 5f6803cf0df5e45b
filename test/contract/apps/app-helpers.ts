import { expect } from 'vitest'
import { loadConfig, type EventsConfig } from '../../../src/config.js'
import type { AppRow } from '../../../src/apps/index.js'
import type { Clock } from '../../../src/platform/clock.js'
import type { CallResult, TestApp } from '../../helpers/test-app.js'

/** Event settings for tests: loopback handlers allowed (the receiver is on 127.0.0.1), quick timeouts. */
export function testEventsConfig(over: Partial<EventsConfig> = {}): EventsConfig {
  return { ...loadConfig({}).events, allowPrivateHandlers: true, timeoutMs: 2000, retryBaseMs: 1000, maxAttempts: 3, ...over }
}

/** A clock the test moves by hand; it starts at the real time so rows stamped by the store are already due. */
export function manualClock(): Clock & { advance(ms: number): void } {
  let offset = 0
  return {
    now: () => new Date(Date.now() + offset),
    monotonic: () => performance.now() + offset,
    advance(ms: number) {
      offset += ms
    },
  }
}

export interface InstalledApp {
  app: AppRow
  /** A fresh access token of `userId` (the administrator by default). */
  token(userId?: number): Promise<string>
  call(method: string, params?: Record<string, unknown>, token?: string): Promise<CallResult>
}

/** Registers an app as the administrator would, and calls methods with its OAuth tokens (`auth=`). */
export async function installApp(
  t: TestApp,
  opts: { scopes?: string[]; title?: string; redirectUri?: string; installHandler?: string } = {},
): Promise<InstalledApp> {
  const app = await t.deps.db.transaction().execute((tx) =>
    t.deps.apps.registry.register(tx, 1, {
      title: opts.title ?? 'Test app',
      scopes: opts.scopes ?? ['imopenlines', 'imconnector', 'imbot', 'crm', 'user'],
      redirectUri: opts.redirectUri,
      installHandler: opts.installHandler,
    }),
  )
  const token = async (userId = 1) =>
    (await t.deps.db.transaction().execute((tx) => t.deps.apps.tokens.issuePair(tx, app.id, userId, false))).accessToken
  let adminToken: string | null = null
  return {
    app,
    token,
    async call(method, params = {}, tok) {
      adminToken ??= await token(1)
      const res = await t.app.inject({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: tok ?? adminToken } })
      return { status: res.statusCode, body: res.json() }
    },
  }
}

export const timeShape = {
  start: expect.any(Number),
  finish: expect.any(Number),
  duration: expect.any(Number),
  processing: expect.any(Number),
  date_start: expect.any(String),
  date_finish: expect.any(String),
  operating_reset_at: expect.any(Number),
  operating: expect.any(Number),
}
