import { Type } from '@sinclair/typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appInfo } from '../../../src/apps/index.js'
import { defineMethod } from '../../../src/rest/define-method.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { installApp, testEventsConfig, timeShape, type InstalledApp } from './app-helpers.js'

const DATE = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/)

describe('local applications (openlines.app.*)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ config: { events: testEventsConfig({ allowPrivateHandlers: false }) } })
  })
  afterAll(() => t.close())

  it('registers an app and shows its keys once in full', async () => {
    const res = await t.call('openlines.app.add', { TITLE: 'CRM sync', SCOPE: 'crm,imopenlines', REDIRECT_URI: 'https://app.example.com/oauth' })
    expect(res).toEqual({
      status: 200,
      body: {
        result: {
          ID: expect.any(Number),
          CODE: expect.stringMatching(/^local\.[a-z0-9]{14}\.[a-z0-9]{8}$/),
          TITLE: 'CRM sync',
          CLIENT_ID: expect.stringMatching(/^local\.[a-z0-9]{14}\.[a-z0-9]{8}$/),
          CLIENT_SECRET: expect.stringMatching(/^[a-z0-9]{50}$/),
          APPLICATION_TOKEN: expect.stringMatching(/^[a-z0-9]{32}$/),
          SCOPE: ['crm', 'imopenlines'],
          REDIRECT_URI: 'https://app.example.com/oauth',
          INSTALL_HANDLER: '',
          VERSION: 1,
          LANGUAGE_ID: 'en',
          STATUS: 'L',
          INSTALLED: true,
          DATE_CREATE: DATE,
          DATE_UNINSTALL: null,
        },
        time: timeShape,
      },
    })
    const list = await t.call('openlines.app.list')
    expect(list.body.total).toBe(1)
    expect(list.body.result[0]).not.toHaveProperty('CLIENT_SECRET')
    expect((await t.call('openlines.app.get', { ID: res.body.result.ID })).body.result.CLIENT_SECRET).toBe(res.body.result.CLIENT_SECRET)
  })

  it.each([
    [{ TITLE: 'x', SCOPE: 'nosuchscope' }, 'ERROR_ARGUMENT'],
    [{ TITLE: 'x', SCOPE: 'crm', REDIRECT_URI: 'javascript:alert(1)' }, 'ERROR_ARGUMENT'],
    [{ TITLE: 'x', SCOPE: 'crm', INSTALL_HANDLER: 'http://127.0.0.1/install' }, 'ERROR_WRONG_HANDLER_URL'],
    [{ SCOPE: 'crm' }, 'ERROR_ARGUMENT'],
  ])('refuses %j with %s and saves nothing', async (params, code) => {
    const before = (await t.call('openlines.app.list')).body.total
    const res = await t.call('openlines.app.add', params)
    expect(res.status).toBe(400)
    expect(res.body.error).toBe(code)
    expect((await t.call('openlines.app.list')).body.total).toBe(before)
  })

  it('is for administrators, through a webhook or the command line, not for app tokens', async () => {
    const u = await t.createUser()
    expect(await t.call('openlines.app.list', {}, u.hook)).toEqual({
      status: 403,
      body: { error: 'ACCESS_DENIED', error_description: 'Only administrators may call this method' },
    })
    const a = await installApp(t)
    expect((await a.call('openlines.app.add', { TITLE: 'x', SCOPE: 'crm' })).body.error).toBe('WRONG_AUTH_TYPE')
  })

  it('raises ONAPPUPDATE on a new version and refuses going back', async () => {
    const a = await installApp(t)
    const res = await t.call('openlines.app.update', { ID: a.app.id, FIELDS: { VERSION: 2, TITLE: 'Renamed' } })
    expect(res.body.result).toMatchObject({ VERSION: 2, TITLE: 'Renamed' })
    const ev = await t.deps.db.selectFrom('events').select('data').where('event_name', '=', 'ONAPPUPDATE').executeTakeFirstOrThrow()
    expect(JSON.parse(ev.data)).toEqual({ VERSION: '2', PREVIOUS_VERSION: '1', LANGUAGE_ID: 'en' })
    expect((await t.call('openlines.app.update', { ID: a.app.id, FIELDS: { VERSION: 2 } })).body.error).toBe('ERROR_ARGUMENT')
    expect((await t.call('openlines.app.update', { ID: 9999, FIELDS: { TITLE: 'x' } })).status).toBe(404)
  })

  it('uninstalls: tokens stop at once, and a second uninstall is refused', async () => {
    const a = await installApp(t)
    const token = await a.token()
    expect((await a.call('app.option.get', {}, token)).status).toBe(200)
    expect(await t.call('openlines.app.delete', { ID: a.app.id })).toEqual({ status: 200, body: { result: true, time: timeShape } })
    expect(await a.call('app.option.get', {}, token)).toEqual({ status: 401, body: { error: 'invalid_token', error_description: 'The access token provided is invalid' } })
    expect((await t.call('openlines.app.get', { ID: a.app.id })).body.result).toMatchObject({ INSTALLED: false, DATE_UNINSTALL: DATE })
    expect((await t.call('openlines.app.delete', { ID: a.app.id })).body.error).toBe('ERROR_APP_UNINSTALLED')
  })
})

describe('app.option.*, user.option.*, app.info', () => {
  let t: TestApp
  let a: InstalledApp
  beforeAll(async () => {
    t = await buildTestApp({ config: { events: testEventsConfig() } })
    a = await installApp(t)
    // app.info is declared by the system methods; until they call appInfo(), this stands in for the app-token form.
    if (!t.deps.registry.get('app.info')) {
      t.deps.registry.add(defineMethod({ name: 'app.info', scope: 'basic', input: Type.Object({}), handler: async ({ tx, actor }) => appInfo(tx, actor) }))
    }
  })
  afterAll(() => t.close())

  it('saves and reads application options', async () => {
    expect(await a.call('app.option.get')).toEqual({ status: 200, body: { result: {}, time: timeShape } })
    expect(await a.call('app.option.set', { options: { data: 'value', data2: 'value2' } })).toEqual({ status: 200, body: { result: true, time: timeShape } })
    expect(await a.call('app.option.set', { OPTIONS: { data2: 'changed', nested: { a: [1, 2] } } })).toEqual({ status: 200, body: { result: true, time: timeShape } })
    expect(await a.call('app.option.get')).toEqual({ status: 200, body: { result: { data: 'value', data2: 'changed', nested: { a: [1, 2] } }, time: timeShape } })
    expect(await a.call('app.option.get', { option: 'data' })).toEqual({ status: 200, body: { result: 'value', time: timeShape } })
    expect(await a.call('app.option.get', { option: 'missing' })).toEqual({ status: 200, body: { result: null, time: timeShape } })
  })

  it('keeps user options per user, and app options to administrators', async () => {
    const u = await t.createUser()
    const tok = await a.token(u.id)
    expect((await a.call('user.option.set', { options: { theme: 'dark' } }, tok)).body.result).toBe(true)
    expect((await a.call('user.option.set', { options: { theme: 'light' } })).body.result).toBe(true)
    expect((await a.call('user.option.get', {}, tok)).body.result).toEqual({ theme: 'dark' })
    expect((await a.call('user.option.get', { option: 'theme' })).body.result).toBe('light')
    expect(await a.call('app.option.set', { options: { x: 1 } }, tok)).toEqual({
      status: 400,
      body: { error: 'AccessException', error_description: 'Administrator authorization required' },
    })
    expect((await a.call('app.option.get', { option: 'data' }, tok)).body.result).toBe('value')
  })

  it('answers errors as the pages give them', async () => {
    expect(await a.call('app.option.set', {})).toEqual({ status: 400, body: { error: 'ArgumentNullException', error_description: 'options is empty' } })
    expect(await a.call('user.option.set', { options: {} })).toEqual({ status: 400, body: { error: 'ArgumentNullException', error_description: 'options is empty' } })
    for (const method of ['app.option.get', 'app.option.set', 'user.option.get', 'user.option.set']) {
      expect(await t.call(method, { options: { a: 1 } })).toEqual({ status: 400, body: { error: 'AccessException', error_description: 'Application context required' } })
    }
  })

  it('describes the calling app in app.info', async () => {
    expect(await a.call('app.info')).toEqual({
      status: 200,
      body: {
        result: {
          ID: a.app.id, CODE: a.app.code, VERSION: 1, STATUS: 'L', INSTALLED: true, PAYMENT_EXPIRED: 'N', DAYS: null,
          LANGUAGE_ID: 'en', LICENSE: 'en_selfhosted', LICENSE_TYPE: 'selfhosted', LICENSE_FAMILY: 'selfhosted',
        },
        time: timeShape,
      },
    })
  })
})
