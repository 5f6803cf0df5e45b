import qs from 'qs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { appsCommands } from '../../../src/cli/apps.commands.js'
import { recordEvent, verifySignature } from '../../../src/events/index.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { startReceiver, type Receiver } from '../events/receiver.js'
import { installApp, manualClock, testEventsConfig } from './app-helpers.js'

const clock = manualClock()

describe('outgoing webhooks (openlines.webhook.outgoing.*)', () => {
  let t: TestApp
  let rx: Receiver
  beforeAll(async () => {
    t = await buildTestApp({ clock, config: { events: testEventsConfig({ maxAttempts: 2, retryBaseMs: 60_000 }) } })
    rx = await startReceiver('/deal-hook')
  })
  afterAll(async () => {
    await t.deps.events.stop()
    await rx.close()
    await t.close()
  })
  afterEach(() => {
    rx.behave(() => ({ status: 200 }))
    rx.received.length = 0
  })

  const record = (event: string, data: Record<string, unknown>) =>
    t.deps.db.transaction().execute((tx) => recordEvent(tx, { event, data, userId: 1 }))

  it('sends the chosen events to the handler with the auth block of local-webhooks.md, signed', async () => {
    const added = await t.call('openlines.webhook.outgoing.add', { HANDLER: rx.url, EVENTS: ['ONCRMDEALUPDATE', 'oncrmdealadd'], TITLE: 'Deals' })
    expect(added.status).toBe(200)
    const hook = added.body.result
    expect(hook).toMatchObject({
      TITLE: 'Deals', HANDLER: rx.url, EVENTS: ['ONCRMDEALUPDATE', 'ONCRMDEALADD'], ACTIVE: true,
      APPLICATION_TOKEN: expect.stringMatching(/^[a-z0-9]{32}$/), SIGNING_SECRET: expect.stringMatching(/^[a-z0-9]{50}$/),
    })
    const eventId = await record('ONCRMDEALUPDATE', { FIELDS: { ID: 662 } })
    await record('ONCRMLEADADD', { FIELDS: { ID: 5 } })
    expect(await t.deps.events.worker.drain()).toMatchObject({ delivered: 1, failed: 0 })
    expect(rx.received).toHaveLength(1)
    const [req] = rx.received
    const handlerId = (await t.deps.db.selectFrom('event_handlers').select('id').where('app_id', '=', hook.ID).where('event_name', '=', 'ONCRMDEALUPDATE').executeTakeFirstOrThrow()).id
    const ev = await t.deps.db.selectFrom('events').select('created_at').where('id', '=', eventId).executeTakeFirstOrThrow()
    const info = await t.deps.apps.issuer.serverInfo()
    const e = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')
    const pairs: Array<[string, string]> = [
      ['event', 'ONCRMDEALUPDATE'],
      ['event_handler_id', String(handlerId)],
      ['data[FIELDS][ID]', '662'],
      ['ts', String(Math.floor(ev.created_at.getTime() / 1000))],
      ['auth[domain]', 'openlines.test'],
      ['auth[server_endpoint]', 'http://openlines.test/rest/'],
      ['auth[client_endpoint]', 'http://openlines.test/rest/'],
      ['auth[member_id]', info.memberId],
      ['auth[application_token]', hook.APPLICATION_TOKEN],
    ]
    expect(req.body).toBe(pairs.map(([k, v]) => `${e(k)}=${e(v)}`).join('&'))
    expect((qs.parse(req.body) as any).auth.access_token).toBeUndefined()
    expect(req.headers['x-openlines-delivery']).toMatch(/^\d+$/)
    expect(verifySignature(hook.SIGNING_SECRET, req.headers['x-openlines-timestamp'] as string, req.body, req.headers['x-openlines-signature'] as string)).toBe(true)
  })

  it('goes through the same retries, parking and replay as an application', async () => {
    const hook = (await t.call('openlines.webhook.outgoing.add', { HANDLER: rx.url, EVENTS: 'ONCRMCONTACTADD' })).body.result
    rx.behave(() => ({ status: 503 }))
    await record('ONCRMCONTACTADD', { FIELDS: { ID: 9 } })
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ retried: 1 })
    clock.advance(120_001)
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ failed: 1 })
    const failed = (await t.call('openlines.event.delivery.list', { FILTER: { STATE: 'failed', APP_ID: hook.ID } })).body
    expect(failed.result).toEqual([expect.objectContaining({ EVENT: 'ONCRMCONTACTADD', ATTEMPTS: 2, LAST_STATUS: 503, URL: rx.url })])
    rx.behave(() => ({ status: 200 }))
    expect((await t.call('openlines.event.delivery.replay', { APP_ID: hook.ID })).body.result).toEqual({ count: 1 })
    expect(await t.deps.events.worker.drainOnce()).toMatchObject({ delivered: 1 })
    expect(rx.received.map((r) => r.headers['x-openlines-delivery'])).toEqual(Array(3).fill(String(failed.result[0].ID)))
  })

  it('changes events and address, and stops at once when deleted', async () => {
    const other = await startReceiver('/other')
    try {
      const hook = (await t.call('openlines.webhook.outgoing.add', { HANDLER: rx.url, EVENTS: ['ONCRMCOMPANYADD'] })).body.result
      const changed = await t.call('openlines.webhook.outgoing.update', { ID: hook.ID, FIELDS: { HANDLER: other.url, EVENTS: 'ONCRMCOMPANYUPDATE' } })
      expect(changed.body.result).toMatchObject({ ID: hook.ID, HANDLER: other.url, EVENTS: ['ONCRMCOMPANYUPDATE'] })
      expect(changed.body.result.SIGNING_SECRET).toBeUndefined()
      await record('ONCRMCOMPANYADD', { FIELDS: { ID: 1 } })
      await record('ONCRMCOMPANYUPDATE', { FIELDS: { ID: 1 } })
      await t.deps.events.worker.drain()
      expect(rx.received).toHaveLength(0)
      expect(other.received.map((r) => (qs.parse(r.body) as any).event)).toEqual(['ONCRMCOMPANYUPDATE'])
      // Queued, then deleted: it never goes out.
      await record('ONCRMCOMPANYUPDATE', { FIELDS: { ID: 2 } })
      expect((await t.call('openlines.webhook.outgoing.delete', { ID: hook.ID })).body.result).toBe(true)
      expect(await t.deps.events.worker.drain()).toMatchObject({ claimed: 0 })
      expect(other.received).toHaveLength(1)
      expect((await t.call('openlines.webhook.outgoing.get', { ID: hook.ID })).body.result).toMatchObject({ ACTIVE: false, EVENTS: [] })
      expect(await t.call('openlines.webhook.outgoing.delete', { ID: hook.ID })).toMatchObject({ status: 404, body: { error: 'ERROR_NOT_FOUND' } })
    } finally {
      await other.close()
    }
  })

  it('lists them apart from applications, which they are not', async () => {
    const listed = (await t.call('openlines.webhook.outgoing.list')).body
    expect(listed.total).toBeGreaterThanOrEqual(3)
    expect(listed.result[0].SIGNING_SECRET).toBeUndefined()
    const apps = (await t.call('openlines.app.list')).body.result as Array<{ ID: number }>
    expect(apps.map((a) => a.ID)).not.toContain(listed.result[0].ID)
    expect(await t.call('openlines.app.get', { ID: listed.result[0].ID })).toMatchObject({ status: 404 })
    // No OAuth: its id is no client of the token endpoint.
    const row = await t.deps.db.selectFrom('apps').select(['client_id', 'client_secret']).where('id', '=', listed.result[0].ID).executeTakeFirstOrThrow()
    const token = await t.app.inject({
      method: 'POST', url: '/oauth/token/',
      payload: { grant_type: 'refresh_token', client_id: row.client_id, client_secret: row.client_secret, refresh_token: 'x' },
    })
    expect(token.json()).toMatchObject({ error: 'invalid_client' })
  })

  it('checks its arguments and who calls', async () => {
    expect(await t.call('openlines.webhook.outgoing.add', { HANDLER: rx.url, EVENTS: 'ONAPPINSTALL' })).toMatchObject({
      status: 400, body: { error: 'ERROR_ARGUMENT', error_description: 'EVENTS: ONAPPINSTALL is not an event an outgoing webhook can receive' },
    })
    expect(await t.call('openlines.webhook.outgoing.add', { HANDLER: 'ftp://example.com/h', EVENTS: 'ONCRMDEALADD' })).toMatchObject({
      status: 400, body: { error: 'ERROR_UNSUPPORTED_PROTOCOL' },
    })
    expect(await t.call('openlines.webhook.outgoing.get', { ID: 99999 })).toMatchObject({ status: 404, body: { error: 'ERROR_NOT_FOUND' } })
    const app = await installApp(t, { scopes: ['crm'] })
    expect(await app.call('openlines.webhook.outgoing.list')).toMatchObject({ status: 403, body: { error: 'WRONG_AUTH_TYPE' } })
  })

  it('is managed from the command line too', async () => {
    const run = (cmd: string, ...argv: string[]) => appsCommands[cmd].run(t.deps, argv)
    const added = JSON.parse(await run('outgoing-webhook add', '--handler', rx.url, '--events', 'ONCRMLEADADD,ONCRMLEADUPDATE', '--title', 'Leads', '--json'))
    expect(added).toMatchObject({ TITLE: 'Leads', EVENTS: ['ONCRMLEADADD', 'ONCRMLEADUPDATE'], APPLICATION_TOKEN: expect.any(String) })
    expect(await run('outgoing-webhook list')).toContain(`${added.ID}  active   ${rx.url}  [ONCRMLEADADD,ONCRMLEADUPDATE]  Leads`)
    expect(await run('outgoing-webhook show', String(added.ID))).toContain(`SIGNING_SECRET     ${added.SIGNING_SECRET}`)
    expect(JSON.parse(await run('outgoing-webhook update', String(added.ID), '--events', 'ONCRMLEADDELETE', '--json')).EVENTS).toEqual(['ONCRMLEADDELETE'])
    expect(await run('outgoing-webhook remove', String(added.ID))).toBe(`outgoing webhook ${added.ID} deleted\n`)
    await expect(run('outgoing-webhook add', '--events', 'ONCRMLEADADD')).rejects.toThrow('--handler is required')
  })
})
