import { Type } from '@sinclair/typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CREDENTIAL_TTL_MS } from '../../src/auth/credential-cache.js'
import { defineMethod, type AnyMethod } from '../../src/rest/define-method.js'
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const noAuth = { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' }
const adminOnly = defineMethod({
  name: 'test.admin',
  scope: 'basic',
  access: 'admin',
  input: Type.Object({}),
  transaction: false,
  handler: async () => true,
}) as AnyMethod

/**
 * Webhook credentials are cached for a few seconds; a change made through this
 * process's database handle must still apply on the very next call.
 */
describe('credential cache', () => {
  let t: TestApp
  let clock: FakeClock
  beforeAll(async () => {
    clock = fakeClock()
    t = await buildTestApp({ clock })
    t.deps.registry.add(adminOnly)
  })
  afterAll(() => t.close())

  async function newHook() {
    const user = await t.createUser()
    const hook = await t.deps.auth.createWebhook({ userId: user.id, scopes: ['user'] })
    return { userId: user.id, webhookId: hook.id, path: new URL(hook.url).pathname }
  }
  // Past the quiet time that follows a write, so the next lookup is cached again.
  const settle = () => clock.advance(2)

  it('refuses a revoked webhook on the next call', async () => {
    const h = await newHook()
    settle()
    expect((await t.call('server.time', {}, h.path)).status).toBe(200)
    expect(await t.deps.auth.revokeWebhook(h.webhookId)).toBe(true)
    const res = await t.call('server.time', {}, h.path)
    expect(res.status).toBe(401)
    expect(res.body).toEqual(noAuth)
  })

  it('applies deactivating a user and changing administrators on the next call', async () => {
    const h = await newHook()
    settle()
    expect((await t.call('test.admin', {}, h.path)).status).toBe(403)
    await t.deps.db.updateTable('users').set({ is_admin: true }).where('id', '=', h.userId).execute()
    expect((await t.call('test.admin', {}, h.path)).status).toBe(200)
    await t.deps.db.updateTable('users').set({ active: false }).where('id', '=', h.userId).execute()
    expect((await t.call('server.time', {}, h.path)).status).toBe(401)
    await t.deps.db.updateTable('users').set({ active: true }).where('id', '=', h.userId).execute()
    expect((await t.call('server.time', {}, h.path)).status).toBe(200)
  })

  it('takes a change made elsewhere (another process) within the cache lifetime', async () => {
    const h = await newHook()
    settle()
    expect((await t.call('server.time', {}, h.path)).status).toBe(200)
    // The store's own handle stands for another process: this one's cache does not see the write.
    await t.deps.store.db.updateTable('webhooks').set({ revoked_at: new Date() }).where('id', '=', h.webhookId).execute()
    expect((await t.call('server.time', {}, h.path)).status).toBe(200)
    clock.advance(CREDENTIAL_TTL_MS / 1000)
    expect((await t.call('server.time', {}, h.path)).status).toBe(401)
  })

  it('is not emptied by writes to columns that do not decide access', async () => {
    const h = await newHook()
    settle()
    expect((await t.call('server.time', {}, h.path)).status).toBe(200)
    await t.deps.store.db.updateTable('users').set({ active: false }).where('id', '=', h.userId).execute()
    await t.deps.db.updateTable('users').set({ last_activity: new Date() }).where('id', '=', h.userId).execute()
    expect((await t.call('server.time', {}, h.path)).status).toBe(200)
    await t.deps.db.updateTable('users').set({ name: 'Renamed', is_admin: false }).where('id', '=', h.userId).execute()
    expect((await t.call('server.time', {}, h.path)).status).toBe(401)
  })
})
