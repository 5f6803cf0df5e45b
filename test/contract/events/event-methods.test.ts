import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { installApp, testEventsConfig, timeShape, type InstalledApp } from '../apps/app-helpers.js'

describe('event.bind, event.unbind, event.get, events, event.test', () => {
  let t: TestApp
  let a: InstalledApp
  const url = 'http://127.0.0.1:18399/handler'
  beforeAll(async () => {
    t = await buildTestApp({ config: { events: testEventsConfig() } })
    a = await installApp(t, { scopes: ['imopenlines', 'imbot'] })
  })
  afterAll(() => t.close())

  it('binds a handler and lists it, as event.get shows', async () => {
    const bound = await a.call('event.bind', { event: 'OnSessionStart', handler: url })
    expect(bound).toEqual({ status: 200, body: { result: true, time: timeShape } })
    const upper = await a.call('event.bind', { EVENT: 'ONIMBOTMESSAGEADD', HANDLER: url, AUTH_TYPE: 1 })
    expect(upper.body.result).toBe(true)
    const list = await a.call('event.get')
    expect(list).toEqual({
      status: 200,
      body: {
        result: [
          { event: 'ONSESSIONSTART', handler: url, auth_type: '0', offline: 0 },
          { event: 'ONIMBOTMESSAGEADD', handler: url, auth_type: '1', offline: 0 },
        ],
        time: timeShape,
      },
    })
  })

  it('refuses a second identical handler with ERROR_CORE', async () => {
    const again = await a.call('event.bind', { event: 'ONSESSIONSTART', handler: url })
    expect(again).toEqual({ status: 400, body: { error: 'ERROR_CORE', error_description: 'Unable to set event handler: Handler already binded' } })
  })

  it.each([
    [{ handler: url }, 400, 'ERROR_ARGUMENT', "Argument 'EVENT' is null or empty"],
    [{ event: 'ONSESSIONSTART' }, 400, 'ERROR_ARGUMENT', "Argument 'HANDLER' is null or empty"],
    [{ event: 'ONSESSIONSTART', handler: url, event_type: 'sometimes' }, 400, 'ERROR_ARGUMENT', 'Value must be one of {online|offline}'],
    [{ event: 'ONNOSUCHTHING', handler: url }, 400, 'ERROR_EVENT_NOT_FOUND', 'Event not found'],
    [{ event: 'ONCRMLEADADD', handler: url }, 400, 'ERROR_EVENT_NOT_FOUND', 'Event not found'],
    [{ event: 'ONSESSIONSTART', handler: 'ftp://example.com/h' }, 400, 'ERROR_UNSUPPORTED_PROTOCOL', 'Unsupported handler protocol'],
    [{ event: 'ONSESSIONSTART', handler: 'not a url' }, 400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL'],
    [{ event: 'ONOFFLINEEVENT', event_type: 'offline' }, 400, 'ERROR_ARGUMENT', 'Offline event cannot be registered for this event.'],
  ])('event.bind %j answers %s %s', async (params, status, error, description) => {
    expect(await a.call('event.bind', params)).toEqual({ status, body: { error, error_description: description } })
  })

  it('keeps regular users to their own online handlers', async () => {
    const u = await t.createUser({ name: 'Operator' })
    const tok = await a.token(u.id)
    expect(await a.call('event.bind', { event: 'ONSESSIONFINISH', handler: url, event_type: 'offline' }, tok)).toEqual({
      status: 403,
      body: { error: 'ACCESS_DENIED', error_description: 'Access denied! Offline events binding requires administrator access rights' },
    })
    expect(await a.call('event.bind', { event: 'ONSESSIONFINISH', handler: url, auth_type: 1 }, tok)).toEqual({
      status: 403,
      body: { error: 'ACCESS_DENIED', error_description: 'Access denied! Event binding with AUTH_TYPE requires administrator access rights' },
    })
    expect((await a.call('event.bind', { event: 'ONSESSIONFINISH', handler: url }, tok)).body.result).toBe(true)
    const own = await a.call('event.get', {}, tok)
    expect(own.body.result).toEqual([{ event: 'ONSESSIONFINISH', handler: url, auth_type: String(u.id), offline: 0 }])
    expect(await a.call('event.unbind', { event: 'ONSESSIONFINISH', handler: url, auth_type: 1 }, tok)).toEqual({
      status: 403,
      body: { error: 'ACCESS_DENIED', error_description: 'Access denied! Event unbinding with AUTH_TYPE requires administrator access rights' },
    })
    expect(await a.call('event.unbind', { event: 'ONSESSIONFINISH', handler: url, event_type: 'offline' }, tok)).toEqual({
      status: 403,
      body: { error: 'ACCESS_DENIED', error_description: 'Access denied! Offline events unbinding requires administrator access rights' },
    })
    expect(await a.call('event.unbind', { event: 'ONSESSIONFINISH', handler: url }, tok)).toEqual({ status: 200, body: { result: { count: 1 }, time: timeShape } })
  })

  it('unbinds by event and handler, every auth_type unless one is named', async () => {
    await a.call('event.bind', { event: 'ONSESSIONFINISH', handler: url, auth_type: 1 })
    await a.call('event.bind', { event: 'ONSESSIONFINISH', handler: url })
    expect((await a.call('event.unbind', { event: 'ONSESSIONFINISH', handler: url, auth_type: 0 })).body.result).toEqual({ count: 1 })
    expect((await a.call('event.unbind', { event: 'onsessionfinish', handler: url })).body.result).toEqual({ count: 1 })
    expect((await a.call('event.unbind', { event: 'ONSESSIONFINISH', handler: url })).body.result).toEqual({ count: 0 })
    expect(await a.call('event.unbind', { handler: url })).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: "Argument 'EVENT' is null or empty" } })
    expect(await a.call('event.unbind', { event: 'ONSESSIONFINISH' })).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: "Argument 'HANDLER' is null or empty" } })
  })

  it('lists offline handlers with their source key', async () => {
    expect((await a.call('event.bind', { event: 'ONSESSIONFINISH', event_type: 'offline', auth_connector: 'sync1' })).body.result).toBe(true)
    const list = await a.call('event.get')
    expect(list.body.result).toContainEqual({ event: 'ONSESSIONFINISH', connector_id: 'sync1', offline: 1 })
    expect((await a.call('event.unbind', { event: 'ONSESSIONFINISH', event_type: 'offline', auth_connector: 'sync1' })).body.result).toEqual({ count: 1 })
  })

  it('names the events of the app scopes, one scope, or all', async () => {
    const mine = await a.call('events')
    expect(mine.status).toBe(200)
    expect(mine.body.result).toEqual(expect.arrayContaining(['ONAPPINSTALL', 'ONOFFLINEEVENT', 'ONSESSIONSTART', 'ONIMBOTMESSAGEADD']))
    expect(mine.body.result).not.toContain('ONCRMLEADADD')
    expect((await a.call('events', { SCOPE: 'crm' })).body.result).toEqual(expect.arrayContaining(['ONCRMLEADADD', 'ONCRMDEALUPDATE']))
    expect((await a.call('events', { FULL: true })).body.result).toContain('ONIMCONNECTORMESSAGEADD')
  })

  it('answers a webhook with WRONG_AUTH_TYPE, as the pages require application context', async () => {
    for (const method of ['event.bind', 'event.unbind', 'event.get', 'events', 'event.test', 'event.offline.get', 'event.offline.list']) {
      expect(await t.call(method, { event: 'ONSESSIONSTART', handler: url })).toEqual({
        status: 403,
        body: { error: 'WRONG_AUTH_TYPE', error_description: 'Current authorization type is denied for this method' },
      })
    }
  })

  it('queues ONAPPTEST for the calling app with the parameters in data.QUERY', async () => {
    await a.call('event.bind', { event: 'ONAPPTEST', handler: url })
    expect(await a.call('event.test', { any: 'data' })).toEqual({ status: 200, body: { result: 1, time: timeShape } })
    const row = await t.deps.db.selectFrom('events').select(['event_name', 'data']).where('event_name', '=', 'ONAPPTEST').executeTakeFirstOrThrow()
    expect(JSON.parse(row.data)).toEqual({ QUERY: { any: 'data' } })
  })
})

describe('handler addresses on private networks', () => {
  let t: TestApp
  let a: InstalledApp
  beforeAll(async () => {
    t = await buildTestApp({ config: { events: testEventsConfig({ allowPrivateHandlers: false }) } })
    a = await installApp(t)
  })
  afterAll(() => t.close())

  it.each(['http://127.0.0.1:18300/h', 'http://10.1.2.3/h', 'http://[::1]/h', 'http://192.168.0.10/h', 'http://169.254.169.254/latest'])(
    'refuses %s unless the server allows it',
    async (handler) => {
      const res = await a.call('event.bind', { event: 'ONSESSIONSTART', handler })
      expect(res.status).toBe(400)
      expect(res.body.error).toBe('ERROR_WRONG_HANDLER_URL')
    },
  )

  it('refuses a host name without a dot', async () => {
    expect(await a.call('event.bind', { event: 'ONSESSIONSTART', handler: 'http://localhost:18300/h' })).toEqual({
      status: 400,
      body: { error: 'ERROR_WRONG_HANDLER_URL', error_description: 'Wrong handler URL' },
    })
  })
})
