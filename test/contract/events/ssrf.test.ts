import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bindHandler, recordEvent } from '../../../src/events/index.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { installApp, testEventsConfig, type InstalledApp } from '../apps/app-helpers.js'
import { startReceiver, type Receiver } from './receiver.js'

/**
 * The bind-time check is not enough: a name can resolve elsewhere at delivery
 * time (DNS rebinding), and handlers registered by domains skip event.bind.
 * The sender checks every connection's address itself.
 */
describe('request forgery guard at delivery time', () => {
  let t: TestApp
  let a: InstalledApp
  let rx: Receiver
  beforeAll(async () => {
    t = await buildTestApp({ config: { events: testEventsConfig({ allowPrivateHandlers: false }) } })
    rx = await startReceiver()
    a = await installApp(t, { scopes: ['imopenlines'] })
  })
  afterAll(async () => {
    await t.deps.events.stop()
    await rx.close()
    await t.close()
  })

  it('refuses loopback addresses and names that resolve to them, without retrying', async () => {
    const byName = rx.url.replace('127.0.0.1', 'localhost')
    await t.deps.db.transaction().execute(async (tx) => {
      await bindHandler(tx, { appId: a.app.id, event: 'ONSESSIONSTART', handler: rx.url, owner: 'test' })
      await bindHandler(tx, { appId: a.app.id, event: 'ONSESSIONSTART', handler: byName, owner: 'test' })
      await recordEvent(tx, { event: 'ONSESSIONSTART', data: { ID: 1 }, userId: 1 })
    })
    expect(await t.deps.events.worker.drainOnce()).toEqual({ claimed: 2, delivered: 0, retried: 0, failed: 2 })
    expect(rx.received).toHaveLength(0)
    const failed = (await t.call('openlines.event.delivery.list', { FILTER: { STATE: 'failed' } })).body.result as Array<{ URL: string; LAST_ERROR: string }>
    expect(failed.map((d) => [d.URL, d.LAST_ERROR]).sort()).toEqual([
      [rx.url, '127.0.0.1 is on a loopback or private network'],
      [byName, 'localhost resolves to a loopback or private network'],
    ].sort())
  })

  it('refuses a private outgoing webhook address', async () => {
    expect(await t.call('openlines.webhook.outgoing.add', { HANDLER: 'http://10.0.0.5/hook', EVENTS: 'ONCRMDEALADD' })).toMatchObject({
      status: 400, body: { error: 'ERROR_WRONG_HANDLER_URL' },
    })
  })
})
