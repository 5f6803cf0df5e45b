import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../src/rest/actor.js'
import { timeShape } from '../helpers/envelope.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

describe('profile, user.admin, app.info', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(() => t.close())

  it('profile answers the caller without any scope', async () => {
    const admin = await t.call('profile')
    expect(admin.status).toBe(200)
    expect(admin.body).toEqual({
      result: { ID: '1', ADMIN: true, NAME: 'Administrator', LAST_NAME: '', PERSONAL_GENDER: '', TIME_ZONE: '' },
      time: timeShape,
    })
    const u = await t.createUser({ name: 'Olga', scopes: ['crm'] })
    await t.call('user.update', { ID: u.id, LAST_NAME: 'Ivanova', PERSONAL_GENDER: 'F', TIME_ZONE: 'Europe/Berlin' })
    expect((await t.call('profile', {}, u.hook)).body.result).toEqual({
      ID: String(u.id),
      ADMIN: false,
      NAME: 'Olga',
      LAST_NAME: 'Ivanova',
      PERSONAL_GENDER: 'F',
      TIME_ZONE: 'Europe/Berlin',
    })
  })

  it('user.admin tells administrators from others', async () => {
    expect((await t.call('user.admin')).body).toEqual({ result: true, time: timeShape })
    const u = await t.createUser({ scopes: [] })
    expect((await t.call('user.admin', {}, u.hook)).body.result).toBe(false)
  })

  it("app.info for a webhook answers the webhook's scopes and the self-hosted plan", async () => {
    const u = await t.createUser({ scopes: ['imopenlines', 'crm', 'user'] })
    const res = await t.call('app.info', {}, u.hook)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ result: { SCOPE: ['imopenlines', 'crm', 'user'], LICENSE: 'en_selfhosted' }, time: timeShape })
  })

  it('app.info refuses a caller that is neither an application nor a webhook', async () => {
    const session: Actor = {
      kind: 'session',
      userId: 1,
      isAdmin: true,
      scopes: 'all',
      credentialKey: 'session:test',
      webhookId: null,
      appId: null,
      clientId: null,
    }
    const res = await t.dispatch({ method: 'app.info', params: {}, credentials: {}, actor: session })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: 'ACCESS_DENIED', error_description: 'Access denied! Application context required' })
  })
})
