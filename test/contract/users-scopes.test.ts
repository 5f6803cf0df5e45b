import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

/** user_brief / user_basic / user (api-reference/user/index.md "User Data Access Levels"). */
describe('user scope versions', () => {
  let t: TestApp
  const hooks: Record<string, string> = {}
  beforeAll(async () => {
    t = await buildTestApp()
    await t.call('user.add', {
      EMAIL: 'ann@example.com',
      NAME: 'Ann',
      PERSONAL_PHONE: '+1 555',
      PERSONAL_WWW: 'https://ann.example.com',
      PERSONAL_ICQ: '12345',
      WORK_COMPANY: 'Acme',
      WORK_CITY: 'Berlin',
      UF_DEPARTMENT: 1,
    })
    for (const scope of ['user', 'user_basic', 'user_brief', 'crm']) hooks[scope] = (await t.createUser({ scopes: [scope] })).hook
  })
  afterAll(() => t.close())

  it('user_brief sees names and work place but no contacts', async () => {
    const res = await t.call('user.get', { ID: 2 }, hooks.user_brief)
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.result[0])).toEqual([
      'ID', 'ACTIVE', 'NAME', 'LAST_NAME', 'SECOND_NAME', 'DATE_REGISTER', 'TIME_ZONE', 'IS_ONLINE', 'TIMESTAMP_X',
      'PERSONAL_GENDER', 'PERSONAL_BIRTHDAY', 'PERSONAL_CITY', 'WORK_POSITION', 'WORK_CITY', 'UF_DEPARTMENT', 'USER_TYPE',
    ])
  })

  it('user_basic adds e-mail, phones and the company, but not LAST_LOGIN, PERSONAL_WWW or PERSONAL_ICQ', async () => {
    const res = await t.call('user.get', { ID: 2 }, hooks.user_basic)
    const keys = Object.keys(res.body.result[0])
    expect(keys).toEqual(expect.arrayContaining(['EMAIL', 'PERSONAL_PHONE', 'WORK_COMPANY', 'WORK_CITY']))
    expect(keys).not.toEqual(expect.arrayContaining(['LAST_LOGIN']))
    expect(keys.filter((k) => ['LAST_LOGIN', 'PERSONAL_WWW', 'PERSONAL_ICQ'].includes(k))).toEqual([])
  })

  it('user sees every field', async () => {
    const res = await t.call('user.get', { ID: 2 }, hooks.user)
    expect(res.body.result[0]).toMatchObject({ LAST_LOGIN: '', PERSONAL_WWW: 'https://ann.example.com', PERSONAL_ICQ: '12345', EMAIL: 'ann@example.com' })
  })

  it('a filter or a select on a field the scope version does not see is skipped', async () => {
    const filtered = await t.call('user.get', { FILTER: { EMAIL: 'nobody@example.com' } }, hooks.user_brief)
    expect(filtered.body.total).toBe(6)
    const selected = await t.call('user.get', { ID: 2, select: ['ID', 'EMAIL'] }, hooks.user_brief)
    expect(selected.body.result).toEqual([{ ID: '2' }])
  })

  it('user.current and user.fields follow the same levels', async () => {
    const me = await t.call('user.current', {}, hooks.user_brief)
    expect(me.body.result.EMAIL).toBeUndefined()
    expect(me.body.result.NAME).toBe('Operator')
    const brief = Object.keys((await t.call('user.fields', {}, hooks.user_brief)).body.result)
    const basic = Object.keys((await t.call('user.fields', {}, hooks.user_basic)).body.result)
    const full = Object.keys((await t.call('user.fields', {}, hooks.user)).body.result)
    expect([brief.length, basic.length, full.length]).toEqual([30, 60, 63])
    expect(brief).not.toContain('EMAIL')
    expect(basic).toContain('EMAIL')
    expect(basic).not.toContain('LAST_LOGIN')
    expect(full).toContain('LAST_LOGIN')
  })

  it('user.search answers to every version; a webhook with none of them gets 403 insufficient_scope', async () => {
    for (const scope of ['user', 'user_basic', 'user_brief']) {
      expect((await t.call('user.search', { FIND: 'ann' }, hooks[scope])).body.total).toBe(1)
    }
    for (const method of ['user.get', 'user.search', 'user.current', 'user.fields']) {
      const res = await t.call(method, {}, hooks.crm)
      expect(res.status).toBe(403)
      expect(res.body).toEqual({
        error: 'insufficient_scope',
        error_description: 'The request requires higher privileges than provided by the webhook token',
      })
    }
  })

  it('methods, method.get and scope know that user.get belongs to all three scopes', async () => {
    expect((await t.call('method.get', { name: 'user.get' }, hooks.user_brief)).body.result).toEqual({ isExisting: true, isAvailable: true })
    expect((await t.call('method.get', { name: 'user.add' }, hooks.user_brief)).body.result).toEqual({ isExisting: true, isAvailable: false })
    const brief = (await t.call('methods', { scope: 'user_brief' })).body.result
    expect(brief).toEqual(['user.current', 'user.fields', 'user.get', 'user.search'])
    const mine = (await t.call('methods', {}, hooks.user_basic)).body.result
    expect(mine).toEqual(expect.arrayContaining(['user.get', 'user.current']))
    expect(mine).not.toContain('user.add')
  })
})
