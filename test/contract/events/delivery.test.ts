import qs from 'qs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createLogger } from '../../../src/platform/logger.js'
import { openStore } from '../../../src/storage/db.js'
import { createDeliveryWorker, recordEvent, verifySignature, withEventAuth, bindHandler } from '../../../src/events/index.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { installApp, manualClock, testEventsConfig, type InstalledApp } from '../apps/app-helpers.js'
import { startReceiver, type Receiver } from './receiver.js'
import { pruneDelivered } from '../../../src/events/delivery.repo.js'

const clock = manualClock()

describe('delivery to a real handler', () => {
  let t: TestApp
  let a: InstalledApp
  let rx: Receiver
  beforeAll(async () => {
    t = await buildTestApp({ clock, config: { events: testEventsConfig({ maxAttempts: 3, retryBaseMs: 60_000 }) } })
    rx = await startReceiver()
    a = await installApp(t, { scopes: ['imopenlines', 'imbot'] })
  })
  afterAll(async () => {
    await t.deps.events.stop()
    await rx.close()
    await t.close()
  })
  afterEach(async () => {
    rx.behave(() => ({ status: 200 }))
    rx.received.length = 0
    await t.deps.db.deleteFrom('event_handlers').execute()
  })

  const record = (input: Parameters<typeof recordEvent>[1]) => t.deps.db.transaction().execute((tx) => recordEvent(tx, input))

  it('posts the form body byte for byte as Bitrix24 does, signed with the app secret', async () => {
    await a.call('event.bind', { event: 'ONSESSIONSTART', handler: rx.url })
    const handlerId = (await t.deps.db.selectFrom('event_handlers').select('id').executeTakeFirstOrThrow()).id
    const eventId = await record({
      event: 'OnSessionStart',
      data: { DATA: [{ connector: { connector_id: 'livechat', line_id: 1 }, session: { id: 42, closed: 'N' }, text: 'a b&c/ü~' }], FLAG: true, NONE: null, EMPTY: [] },
      chatId: 7,
      userId: 1,
    })
    expect(await t.deps.events.worker.drainOnce()).toEqual({ claimed: 1, delivered: 1, retried: 0, failed: 0 })
    const [req] = rx.received
    const ev = await t.deps.db.selectFrom('events').select('created_at').where('id', '=', eventId).executeTakeFirstOrThrow()
    const info = await t.deps.apps.issuer.serverInfo()
    const parsed = qs.parse(req.body) as Record<string, any>
    const token = parsed.auth.access_token as string
    const e = (s: string) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    const pairs: Array<[string, string]> = [
      ['event', 'ONSESSIONSTART'],
      ['event_handler_id', String(handlerId)],
      ['data[DATA][0][connector][connector_id]', 'livechat'],
      ['data[DATA][0][connector][line_id]', '1'],
      ['data[DATA][0][session][id]', '42'],
      ['data[DATA][0][session][closed]', 'N'],
      ['data[DATA][0][text]', 'a b&c/ü~'],
      ['data[FLAG]', '1'],
      ['ts', String(Math.floor(ev.created_at.getTime() / 1000))],
      ['auth[access_token]', token],
      ['auth[expires]', String(parsed.auth.expires)],
      ['auth[expires_in]', '3600'],
      ['auth[scope]', 'imopenlines,imbot'],
      ['auth[domain]', 'openlines.test'],
      ['auth[server_endpoint]', 'http://openlines.test/rest/'],
      ['auth[status]', 'L'],
      ['auth[client_endpoint]', 'http://openlines.test/rest/'],
      ['auth[member_id]', info.memberId],
      ['auth[user_id]', '1'],
      ['auth[application_token]', a.app.application_token],
    ]
    expect(req.body).toBe(pairs.map(([k, v]) => `${e(k)}=${e(v)}`).join('&'))
    expect(req.body).toContain('data%5BDATA%5D%5B0%5D%5Btext%5D=a+b%26c%2F%C3%BC%7E')
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(verifySignature(a.app.client_secret, req.headers['x-openlines-timestamp'] as string, req.body, req.headers['x-openlines-signature'] as string)).toBe(true)
    expect(verifySignature('another-secret', req.headers['x-openlines-timestamp'] as string, req.body, req.headers['x-openlines-signature'] as string)).toBe(false)
    // The token in the event works for REST calls as the app.
    const res = await t.app.inject({ method: 'POST', url: '/rest/event.get', payload: { auth: token } })
    expect(res.statusCode).toBe(200)
  })

  it('retries 500 answers with backoff, keeping one delivery id, and records every attempt', async () => {
    await a.call('event.bind', { event: 'ONSESSIONFINISH', handler: rx.url })
    rx.behave((_r, n) => (n === 1 ? { status: 500, body: 'boom' } : { status: 200 }))
    await record({ event: 'ONSESSIONFINISH', data: { ID: 1 } })
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ claimed: 1, retried: 1 })
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ claimed: 0 })
    clock.advance(60_001)
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ claimed: 1, delivered: 1 })
    expect(rx.received).toHaveLength(2)
    expect(rx.received[0].headers['x-openlines-delivery']).toBe(rx.received[1].headers['x-openlines-delivery'])
    expect(rx.received[0].body).toBe(rx.received[1].body)
    const id = Number(rx.received[0].headers['x-openlines-delivery'])
    const got = await t.call('openlines.event.delivery.get', { ID: id })
    expect(got.body.result).toMatchObject({ ID: id, STATE: 'delivered', ATTEMPTS: 2, EVENT: 'ONSESSIONFINISH', DATA: { ID: 1 } })
    expect(got.body.result.ATTEMPT_LIST).toEqual([
      expect.objectContaining({ ATTEMPT: 1, STATUS: 500, ERROR: 'HTTP 500', RESPONSE: 'boom' }),
      expect.objectContaining({ ATTEMPT: 2, STATUS: 200, ERROR: null }),
    ])
  })

  it('retries a handler that is down, parks the delivery after the last try, and replays it on request', async () => {
    const down = await startReceiver()
    const deadUrl = down.url
    await down.close()
    await a.call('event.bind', { event: 'ONSESSIONFINISH', handler: deadUrl })
    await record({ event: 'ONSESSIONFINISH', data: { ID: 2 } })
    for (let i = 0; i < 3; i++) {
      expect((await t.deps.events.worker.drainOnce()).claimed).toBe(1)
      clock.advance(300_000)
    }
    expect((await t.deps.events.worker.drainOnce()).claimed).toBe(0)
    const failed = await t.call('openlines.event.delivery.list', { FILTER: { STATE: 'failed' } })
    expect(failed.body.total).toBe(1)
    const item = failed.body.result[0]
    expect(item).toMatchObject({ STATE: 'failed', ATTEMPTS: 3, URL: deadUrl, EVENT: 'ONSESSIONFINISH' })
    expect(item.LAST_ERROR).toMatch(/ECONNREFUSED/)
    // The handler comes back on a new address; the admin points the queue at nothing new, just replays.
    await t.deps.db.updateTable('event_deliveries').set({ url: rx.url }).where('id', '=', item.ID).execute()
    expect((await t.call('openlines.event.delivery.replay', { ID: [item.ID] })).body.result).toEqual({ count: 1 })
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ claimed: 1, delivered: 1 })
    expect(rx.received[0].headers['x-openlines-delivery']).toBe(String(item.ID))
    expect(rx.received[0].headers['x-openlines-attempt']).toBe('4')
  })

  it('retries a handler that does not answer in time, or cuts the connection', async () => {
    await a.call('event.bind', { event: 'ONSESSIONFINISH', handler: rx.url })
    // testEventsConfig gives each attempt 2 s.
    rx.behave((_r, n) => (n === 1 ? 'hang' : n === 2 ? 'drop' : { status: 200 }))
    await record({ event: 'ONSESSIONFINISH', data: { ID: 4 } })
    const started = Date.now()
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ claimed: 1, retried: 1 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900)
    clock.advance(120_001)
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ claimed: 1, retried: 1 })
    clock.advance(240_001)
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ claimed: 1, delivered: 1 })
    const id = Number(rx.received[0].headers['x-openlines-delivery'])
    const attempts = (await t.call('openlines.event.delivery.get', { ID: id })).body.result.ATTEMPT_LIST
    expect(attempts).toEqual([
      expect.objectContaining({ ATTEMPT: 1, STATUS: null, ERROR: 'timed out after 2000 ms' }),
      expect.objectContaining({ ATTEMPT: 2, STATUS: null, ERROR: expect.stringMatching(/closed|socket|reset/i) }),
      expect.objectContaining({ ATTEMPT: 3, STATUS: 200, ERROR: null }),
    ])
  })

  it('parks a 4xx answer at once: retrying cannot help', async () => {
    await a.call('event.bind', { event: 'ONSESSIONFINISH', handler: rx.url })
    rx.behave(() => ({ status: 404 }))
    await record({ event: 'ONSESSIONFINISH', data: { ID: 3 } })
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ claimed: 1, failed: 1 })
  })

  it('keeps the order of one chat for one handler, while other chats and handlers go on', async () => {
    const slow = await startReceiver('/slow')
    try {
      await a.call('event.bind', { event: 'ONOPENLINEMESSAGEADD', handler: rx.url })
      await a.call('event.bind', { event: 'ONOPENLINEMESSAGEADD', handler: slow.url })
      slow.behave(() => ({ status: 503 }))
      for (let i = 1; i <= 4; i++) await record({ event: 'ONOPENLINEMESSAGEADD', data: { N: i }, chatId: 10 })
      await record({ event: 'ONOPENLINEMESSAGEADD', data: { N: 99 }, chatId: 11 })
      const r = await t.deps.events.worker.drain()
      expect(r.delivered).toBe(5)
      const order = rx.received.map((q) => (qs.parse(q.body) as any).data.N)
      expect(order.filter((n: string) => n !== '99')).toEqual(['1', '2', '3', '4'])
      // The failing handler got only the heads of its two chats; the rest wait behind them.
      expect(slow.received.map((q) => (qs.parse(q.body) as any).data.N).sort()).toEqual(['1', '99'])
      slow.behave(() => ({ status: 200 }))
      clock.advance(120_000)
      await t.deps.events.worker.drain()
      // The two chats go on side by side, each in its own order.
      expect(slow.received.map((q) => (qs.parse(q.body) as any).data.N).sort()).toEqual(['1', '1', '2', '3', '4', '99', '99'])
      expect(slow.received.slice(2).map((q) => (qs.parse(q.body) as any).data.N).filter((n: string) => n !== '99')).toEqual(['1', '2', '3', '4'])
    } finally {
      await slow.close()
    }
  })

  it('sends the queue of a busy chat in one round, and holds the rest of it behind a retry', async () => {
    await a.call('event.bind', { event: 'ONOPENLINEMESSAGEADD', handler: rx.url })
    let failedOnce = false
    rx.behave((r) => {
      if ((qs.parse(r.body) as any).data.N === '3' && !failedOnce) {
        failedOnce = true
        return { status: 500 }
      }
      return { status: 200 }
    })
    for (let i = 1; i <= 5; i++) await record({ event: 'ONOPENLINEMESSAGEADD', data: { N: i }, chatId: 30 })
    expect(await t.deps.events.worker.drainOnce()).toEqual({ claimed: 5, delivered: 2, retried: 1, failed: 0 })
    const ns = () => rx.received.map((q) => (qs.parse(q.body) as any).data.N)
    expect(ns()).toEqual(['1', '2', '3'])
    const rows = await t.deps.db.selectFrom('event_deliveries').select(['state', 'attempts']).where('order_key', '=', '30').orderBy('id').execute()
    expect(rows).toEqual([
      { state: 'delivered', attempts: 1 }, { state: 'delivered', attempts: 1 }, { state: 'pending', attempts: 1 },
      { state: 'waiting', attempts: 0 }, { state: 'waiting', attempts: 0 },
    ])
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ claimed: 0 })
    clock.advance(60_001)
    expect(await t.deps.events.worker.drain()).toMatchObject({ delivered: 3, retried: 0 })
    expect(ns()).toEqual(['1', '2', '3', '3', '4', '5'])
    expect(rx.received[4].headers['x-openlines-attempt']).toBe('1')
  })

  it('lets two workers on one store deliver each event once, each chat in order', async () => {
    await a.call('event.bind', { event: 'ONOPENLINEMESSAGEADD', handler: rx.url })
    rx.behave(() => ({ status: 200, delayMs: 2 }))
    await t.deps.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 120; i++) await recordEvent(tx, { event: 'ONOPENLINEMESSAGEADD', data: { N: i }, chatId: 100 + (i % 12) })
    })
    // A second process: its own connection pool on the same schema (on PGlite the same single session).
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.deps.db)).rows[0].s
    const other = process.env.DATABASE_URL
      ? await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: '', schema, poolSize: 4 })
      : null
    const w2 = createDeliveryWorker({
      db: other?.db ?? t.deps.db, clock, logger: createLogger('silent'), config: testEventsConfig(), auth: t.deps.apps.issuer,
    })
    try {
      const [r1, r2] = await Promise.all([t.deps.events.worker.drain(), w2.drain()])
      expect(r1.delivered + r2.delivered).toBe(120)
    } finally {
      await w2.stop()
      await other?.close()
    }
    const ids = rx.received.map((q) => q.headers['x-openlines-delivery'])
    expect(new Set(ids).size).toBe(120)
    expect(ids).toHaveLength(120)
    const byChat = new Map<number, number[]>()
    for (const q of rx.received) {
      const n = Number((qs.parse(q.body) as any).data.N)
      byChat.set(n % 12, [...(byChat.get(n % 12) ?? []), n])
    }
    for (const list of byChat.values()) expect(list).toEqual([...list].sort((x, y) => x - y))
  })

  it('addresses one app, or one owner within it, and fills auth blocks inside data', async () => {
    const other = await installApp(t, { scopes: ['imbot'] })
    await other.call('event.bind', { event: 'ONIMBOTMESSAGEADD', handler: rx.url })
    await t.deps.db.transaction().execute((tx) => bindHandler(tx, { appId: a.app.id, event: 'ONIMBOTMESSAGEADD', handler: `${rx.url}?bot=5`, owner: 'bot:5' }))
    await a.call('event.bind', { event: 'ONIMBOTMESSAGEADD', handler: `${rx.url}?all` })
    await record({
      event: 'ONIMBOTMESSAGEADD',
      data: { BOT: { 5: withEventAuth(1, { AUTH: withEventAuth(1), BOT_ID: '5', BOT_CODE: 'B5' }) }, PARAMS: { MESSAGE: 'hi' } },
      to: { appId: a.app.id, owner: 'bot:5' },
      userId: 1,
    })
    await t.deps.events.worker.drain()
    expect(rx.received.map((q) => q.url)).toEqual(['/handler?bot=5'])
    // As PHP reads it: numeric keys stay keys.
    const body = qs.parse(rx.received[0].body, { parseArrays: false }) as any
    expect(Object.keys(body.data.BOT['5'])).toEqual([
      'access_token', 'expires', 'expires_in', 'scope', 'domain', 'server_endpoint', 'status', 'client_endpoint', 'member_id',
      'refresh_token', 'user_id', 'client_id', 'application_token', 'AUTH', 'BOT_ID', 'BOT_CODE',
    ])
    expect(body.data.BOT['5'].client_id).toBe(a.app.client_id)
    expect(body.data.BOT['5'].AUTH.access_token).toBe(body.data.BOT['5'].access_token)
    expect(body.data.PARAMS).toEqual({ MESSAGE: 'hi' })
  })

  it('sends ONAPPUNINSTALL without tokens, then nothing else of the app', async () => {
    const b = await installApp(t, { scopes: ['imopenlines'] })
    await b.call('event.bind', { event: 'ONAPPUNINSTALL', handler: rx.url })
    await b.call('event.bind', { event: 'ONSESSIONSTART', handler: rx.url })
    const token = await b.token()
    await record({ event: 'ONSESSIONSTART', data: { ID: 5 } })
    expect((await t.call('openlines.app.delete', { ID: b.app.id, CLEAN: 'Y' })).body.result).toBe(true)
    await t.deps.events.worker.drain()
    expect(rx.received).toHaveLength(1)
    const body = qs.parse(rx.received[0].body) as any
    expect(body.event).toBe('ONAPPUNINSTALL')
    expect(body.data).toEqual({ LANGUAGE_ID: 'en', CLEAN: '1' })
    expect(Object.keys(body.auth)).toEqual(['domain', 'server_endpoint', 'client_endpoint', 'member_id', 'application_token'])
    const res = await t.app.inject({ method: 'POST', url: '/rest/event.get', payload: { auth: token } })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ error: 'invalid_token', error_description: 'The access token provided is invalid' })
  })

  it('calls the install handler with ONAPPINSTALL and a refresh token', async () => {
    const c = await installApp(t, { installHandler: `${rx.url}?install` })
    await t.deps.events.worker.drain()
    expect(rx.received).toHaveLength(1)
    const body = qs.parse(rx.received[0].body) as any
    expect(body.event).toBe('ONAPPINSTALL')
    expect(body.data).toEqual({ VERSION: '1', ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'en' })
    expect(body.auth.refresh_token).toMatch(/^[a-z0-9]{32}$/)
    expect(body.auth.application_token).toBe(c.app.application_token)
  })

  it('retention removes old delivered events with their deliveries and attempts, and keeps recent ones', async () => {
    await a.call('event.bind', { event: 'ONSESSIONSTART', handler: rx.url })
    const old = await record({ event: 'OnSessionStart', data: { N: 1 }, chatId: 70, userId: 1 })
    const recent = await record({ event: 'OnSessionStart', data: { N: 2 }, chatId: 71, userId: 1 })
    await t.deps.events.worker.drain()
    const deliveryOf = async (eventId: number) =>
      (await t.deps.db.selectFrom('event_deliveries').select(['id', 'state']).where('event_id', '=', eventId).executeTakeFirstOrThrow())
    const [oldDelivery, recentDelivery] = [await deliveryOf(old), await deliveryOf(recent)]
    expect([oldDelivery.state, recentDelivery.state]).toEqual(['delivered', 'delivered'])
    const now = clock.now().getTime()
    const day = 24 * 3600_000
    await sql`update event_deliveries set finished_at = ${new Date(now - 8 * day).toISOString()}::timestamptz where id = ${oldDelivery.id}`.execute(t.deps.db)
    await sql`update events set created_at = ${new Date(now - 8 * day).toISOString()}::timestamptz where id = ${old}`.execute(t.deps.db)
    const removed = await t.deps.db.transaction().execute((tx) =>
      pruneDelivered(tx, { deliveredBefore: new Date(now - 7 * day), failedBefore: new Date(now - 30 * day), limit: 100 }))
    expect(removed).toBe(2)
    const attemptsOf = (id: number) => t.deps.db.selectFrom('event_delivery_attempts').select('id').where('delivery_id', '=', id).execute()
    expect(await attemptsOf(oldDelivery.id)).toEqual([])
    expect(await attemptsOf(recentDelivery.id)).toHaveLength(1)
    expect(await t.deps.db.selectFrom('events').select('id').where('id', 'in', [old, recent]).execute()).toEqual([{ id: recent }])
  })
})
