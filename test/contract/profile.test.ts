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

describe('user.access and access.name', () => {
  let t: TestApp
  let operator: { id: number; hook: string }
  beforeAll(async () => {
    t = await buildTestApp()
    // Company(1) > Sales(2) > Inbound(3)
    await t.call('department.add', { NAME: 'Sales', PARENT: 1 })
    await t.call('department.add', { NAME: 'Inbound', PARENT: 2 })
    operator = await t.createUser({ name: 'Olga', scopes: [], departments: [3] })
  })
  afterAll(() => t.close())

  it.each([
    [['AU'], true],
    [['G2'], true],
    [['G1'], false],
    [['U1'], false],
    [['U1', 'D3'], true],
    [['DR2'], true],
    [['DR1'], true],
    [['D2'], false],
    [[], false],
  ])('user.access %j answers %s for an employee of Inbound', async (codes, expected) => {
    const res = await t.call('user.access', { ACCESS: codes }, operator.hook)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ result: expected, time: timeShape })
  })

  it('user.access takes its own U code, a single code, and is always true for an administrator', async () => {
    expect((await t.call('user.access', { ACCESS: [`U${operator.id}`] }, operator.hook)).body.result).toBe(true)
    expect((await t.call('user.access', { access: 'AU' }, operator.hook)).body.result).toBe(true)
    expect((await t.call('user.access', {}, operator.hook)).body.result).toBe(false)
    expect((await t.call('user.access', { ACCESS: ['U999'] })).body.result).toBe(true)
  })

  it('access.name names the codes that exist and leaves the others out', async () => {
    const res = await t.call('access.name', { ACCESS: ['G2', 'AU', 'G1', `U${operator.id}`, 'D2', 'DR3', 'U999', 'D999', 'X1', 'constructor'] }, operator.hook)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      result: {
        G2: { provider: '', name: 'All visitors', provider_id: 'other' },
        AU: { provider: '', name: 'All authorized users', provider_id: 'other' },
        G1: { provider: '', name: 'Administrators', provider_id: 'group' },
        [`U${operator.id}`]: { provider: 'Users', name: 'Olga', provider_id: 'user' },
        D2: { provider: 'Departments', name: 'Sales', provider_id: 'intranet' },
        DR3: { provider: 'Departments', name: 'Inbound (with sub-departments)', provider_id: 'intranet' },
      },
      time: timeShape,
    })
  })

  it('access.name answers false without codes', async () => {
    expect((await t.call('access.name', {})).body).toEqual({ result: false, time: timeShape })
    expect((await t.call('access.name', { ACCESS: [] })).body.result).toBe(false)
  })
})
