import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordEvent } from '../../../src/events/index.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { installApp, testEventsConfig, timeShape, type InstalledApp } from '../apps/app-helpers.js'
import { startReceiver, type Receiver } from './receiver.js'

const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/
const MD5 = /^[0-9a-f]{32}$/

describe('offline events: event.offline.get, .list, .clear, .error', () => {
  let t: TestApp
  let a: InstalledApp
  let rx: Receiver
  const record = (input: Parameters<typeof recordEvent>[1]) => t.deps.db.transaction().execute((tx) => recordEvent(tx, input))

  beforeAll(async () => {
    t = await buildTestApp({ config: { events: testEventsConfig() } })
    rx = await startReceiver()
    a = await installApp(t, { scopes: ['crm', 'imopenlines'] })
    expect((await a.call('event.bind', { event: 'ONCRMLEADUPDATE', event_type: 'offline' })).body.result).toBe(true)
    expect((await a.call('event.bind', { event: 'ONCRMLEADADD', event_type: 'offline' })).body.result).toBe(true)
  })
  afterAll(async () => {
    await rx.close()
    await t.close()
  })

  it('keeps one record per changed object, the latest', async () => {
    await record({ event: 'ONCRMLEADUPDATE', data: { FIELDS: { ID: 1 } }, userId: 1 })
    await record({ event: 'ONCRMLEADUPDATE', data: { FIELDS: { ID: 1 } }, userId: 1 })
    await record({ event: 'ONCRMLEADADD', data: { FIELDS: { ID: 2 } } })
    const list = await a.call('event.offline.list')
    expect(list).toEqual({
      status: 200,
      body: {
        result: [
          { ID: expect.any(String), TIMESTAMP_X: expect.stringMatching(DATE), EVENT_NAME: 'ONCRMLEADUPDATE', EVENT_DATA: { FIELDS: { ID: 1 } }, EVENT_ADDITIONAL: { user_id: 1 }, MESSAGE_ID: expect.stringMatching(MD5), PROCESS_ID: '', ERROR: '0' },
          { ID: expect.any(String), TIMESTAMP_X: expect.stringMatching(DATE), EVENT_NAME: 'ONCRMLEADADD', EVENT_DATA: { FIELDS: { ID: 2 } }, EVENT_ADDITIONAL: false, MESSAGE_ID: expect.stringMatching(MD5), PROCESS_ID: '', ERROR: '0' },
        ],
        total: 2,
        time: timeShape,
      },
    })
    const byFilter = await a.call('event.offline.list', { filter: { EVENT_NAME: 'ONCRMLEADADD' }, order: { ID: 'DESC' } })
    expect(byFilter.body.result.map((r: any) => r.EVENT_NAME)).toEqual(['ONCRMLEADADD'])
  })

  it('reserves a batch under a process_id with clear=0, then clears part of it by message_id', async () => {
    const got = await a.call('event.offline.get', { clear: 0, limit: 10 })
    expect(got.status).toBe(200)
    const { process_id, events } = got.body.result
    expect(process_id).toMatch(/^[a-z0-9]{32}$/)
    expect(events.map((e: any) => Object.keys(e))).toEqual([
      ['ID', 'TIMESTAMP_X', 'EVENT_NAME', 'EVENT_DATA', 'EVENT_ADDITIONAL', 'MESSAGE_ID'],
      ['ID', 'TIMESTAMP_X', 'EVENT_NAME', 'EVENT_DATA', 'EVENT_ADDITIONAL', 'MESSAGE_ID'],
    ])
    // Reserved records are hidden from other readers.
    expect((await a.call('event.offline.get', { clear: 0 })).body.result.events).toEqual([])
    const listed = await a.call('event.offline.list')
    expect(listed.body.result.every((r: any) => r.PROCESS_ID === process_id)).toBe(true)
    // The same process reads its batch again.
    expect((await a.call('event.offline.get', { clear: 0, process_id })).body.result.events).toHaveLength(2)
    expect(await a.call('event.offline.clear', { process_id, message_id: [events[0].MESSAGE_ID] })).toEqual({ status: 200, body: { result: true, time: timeShape } })
    expect((await a.call('event.offline.list')).body.total).toBe(1)
    // The other one failed to process: marked, released, and offered again only with error=1.
    expect((await a.call('event.offline.error', { process_id, message_id: [events[1].MESSAGE_ID] })).body.result).toBe(true)
    expect((await a.call('event.offline.get', { clear: 0 })).body.result.events).toEqual([])
    const errors = await a.call('event.offline.get', { error: 1 })
    expect(errors.body.result.process_id).toBeNull()
    expect(errors.body.result.events.map((e: any) => e.MESSAGE_ID)).toEqual([events[1].MESSAGE_ID])
    expect((await a.call('event.offline.list')).body.total).toBe(0)
  })

  it('takes and deletes with the default clear=1', async () => {
    await record({ event: 'ONCRMLEADADD', data: { FIELDS: { ID: 3 } } })
    const got = await a.call('event.offline.get')
    expect(got.body.result).toEqual({ process_id: null, events: [expect.objectContaining({ EVENT_NAME: 'ONCRMLEADADD', EVENT_DATA: { FIELDS: { ID: 3 } } })] })
    expect((await a.call('event.offline.get')).body.result.events).toEqual([])
  })

  it('keeps separate queues per source key, and skips changes made through the same key', async () => {
    expect((await a.call('event.bind', { event: 'ONCRMLEADADD', event_type: 'offline', auth_connector: 'erp' })).body.result).toBe(true)
    // The app changes a lead itself, through its erp channel: only the keyless queue hears of it.
    await record({ event: 'ONCRMLEADADD', data: { FIELDS: { ID: 4 } }, actor: { userId: 1, authConnector: 'erp' } })
    await record({ event: 'ONCRMLEADADD', data: { FIELDS: { ID: 5 } }, userId: 1 })
    const erp = await a.call('event.offline.get', { auth_connector: 'erp' })
    expect(erp.body.result.events.map((e: any) => e.EVENT_DATA.FIELDS.ID)).toEqual([5])
    const plain = await a.call('event.offline.get')
    expect(plain.body.result.events.map((e: any) => e.EVENT_DATA.FIELDS.ID)).toEqual([4, 5])
  })

  it('notifies an ONOFFLINEEVENT handler no more often than minTimeout', async () => {
    expect((await a.call('event.bind', { event: 'ONOFFLINEEVENT', handler: rx.url, options: { minTimeout: 3600 } })).body.result).toBe(true)
    await record({ event: 'ONCRMLEADADD', data: { FIELDS: { ID: 6 } }, userId: 1 })
    await record({ event: 'ONCRMLEADADD', data: { FIELDS: { ID: 7 } }, userId: 1 })
    await t.deps.events.worker.drain()
    expect(rx.received).toHaveLength(1)
    expect(rx.received[0].body).toMatch(/^event=ONOFFLINEEVENT&event_handler_id=\d+&ts=\d+&auth%5Baccess_token%5D=/)
    expect(rx.received[0].body).toContain('auth%5Brefresh_token%5D=')
  })

  it('is for administrators only, and checks its arguments', async () => {
    const u = await t.createUser()
    const tok = await a.token(u.id)
    for (const method of ['event.offline.get', 'event.offline.list', 'event.offline.clear', 'event.offline.error']) {
      expect(await a.call(method, { process_id: 'x' }, tok)).toEqual({ status: 403, body: { error: 'ACCESS_DENIED', error_description: 'Access denied!' } })
    }
    expect(await a.call('event.offline.clear')).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: "Argument 'PROCESS_ID' is null or empty" } })
    expect(await a.call('event.offline.error', { process_id: 'p' })).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: 'Value must be array of MESSAGE_ID values' } })
    expect(await a.call('event.offline.clear', { process_id: 'p', id: ['x'] })).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: 'Value must be array of integers' } })
    expect(await a.call('event.offline.get', { limit: 0 })).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: 'Value must be positive integer' } })
  })
})
