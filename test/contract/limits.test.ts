import { Type } from '@sinclair/typebox'
import { afterEach, describe, expect, it } from 'vitest'
import { defineMethod, type AnyMethod } from '../../src/rest/define-method.js'
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const queryLimit = { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' }
const operationLimit = { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' }
const T0 = Date.parse('2026-05-14T10:05:20Z') / 1000

/** A method whose handler takes `SECONDS` of the fake clock, to fill the operating baskets. */
function slowMethod(clock: FakeClock): AnyMethod {
  return defineMethod({
    name: 'test.slow',
    scope: 'basic',
    input: Type.Object({ SECONDS: Type.Number() }),
    transaction: false,
    handler: async ({ input }) => {
      clock.advance(input.SECONDS)
      return true
    },
  }) as AnyMethod
}

describe('limits', () => {
  let t: TestApp
  afterEach(() => t?.close())

  async function app(config: { rateLimitBurst?: number; rateLimitRate?: number; operatingLimit?: number }) {
    const clock = fakeClock()
    t = await buildTestApp({ config, clock })
    t.deps.registry.add(slowMethod(clock))
    return clock
  }
  const statuses = async (n: number, hook?: string) => {
    const out: number[] = []
    for (let i = 0; i < n; i++) out.push((await t.call('server.time', {}, hook)).status)
    return out
  }

  describe('request rate (leaky bucket)', () => {
    it('answers 503 QUERY_LIMIT_EXCEEDED past the burst and lets one more through per drained second', async () => {
      const clock = await app({ rateLimitBurst: 3, rateLimitRate: 1 })
      expect(await statuses(3)).toEqual([200, 200, 200])
      const refused = await t.call('server.time')
      expect(refused.status).toBe(503)
      expect(refused.body).toEqual(queryLimit)
      // Refused calls do not fill the bucket further.
      expect(await statuses(5)).toEqual([503, 503, 503, 503, 503])
      clock.advance(1)
      expect(await statuses(2)).toEqual([200, 503])
      clock.advance(3)
      expect(await statuses(4)).toEqual([200, 200, 200, 503])
      clock.advance(0.5)
      expect(await statuses(1)).toEqual([503])
      clock.advance(0.5)
      expect(await statuses(1)).toEqual([200])
    })

    it('keeps a bucket per credential', async () => {
      await app({ rateLimitBurst: 2, rateLimitRate: 1 })
      const other = await t.createUser()
      expect(await statuses(3)).toEqual([200, 200, 503])
      expect(await statuses(3, other.hook)).toEqual([200, 200, 503])
    })

    it('counts a batch once, however many commands it holds', async () => {
      await app({ rateLimitBurst: 3, rateLimitRate: 1 })
      const cmd = Array.from({ length: 50 }, () => 'server.time')
      const res = await t.call('batch', { cmd })
      expect(res.status).toBe(200)
      expect(res.body.result.result).toHaveLength(50)
      expect(res.body.result.result_error).toEqual([])
      expect(await statuses(3)).toEqual([200, 200, 503])
      const refused = await t.call('batch', { cmd })
      expect(refused.status).toBe(503)
      expect(refused.body).toEqual(queryLimit)
    })

    it('is off with a burst of 0, and the default lets an integration make a few hundred calls at once', async () => {
      await app({ rateLimitBurst: 0 })
      expect(new Set(await statuses(600))).toEqual(new Set([200]))
      await t.close()
      await app({})
      expect(new Set(await statuses(300))).toEqual(new Set([200]))
    })
  })

  describe('operating time', () => {
    it('reports time.operating per method and credential, with the reset time of the oldest basket', async () => {
      const clock = await app({})
      const first = await t.call('test.slow', { SECONDS: 6 })
      expect(first.body.time).toMatchObject({ start: T0, finish: T0 + 6, duration: 6, processing: 6, operating: 6, operating_reset_at: T0 + 600 })
      clock.advance(10)
      const second = await t.call('test.slow', { SECONDS: 2 })
      // Same minute basket: its reset time stays that of its first call.
      expect(second.body.time).toMatchObject({ operating: 8, operating_reset_at: T0 + 600 })
      const other = await t.call('server.time')
      expect(other.body.time.operating).toBe(0)
      const user = await t.createUser()
      const theirs = await t.call('test.slow', { SECONDS: 1 }, user.hook)
      expect(theirs.body.time.operating).toBe(1)
      clock.advance(600)
      const later = await t.call('test.slow', { SECONDS: 1 })
      expect(later.body.time).toMatchObject({ operating: 1, operating_reset_at: T0 + 619 + 600 })
    })

    it('does not block when no limit is set (the self-hosted default)', async () => {
      await app({})
      for (let i = 0; i < 5; i++) expect((await t.call('test.slow', { SECONDS: 100 })).status).toBe(200)
      const res = await t.call('test.slow', { SECONDS: 1 })
      expect(res.body.time.operating).toBe(501)
    })

    it('answers 429 OPERATION_TIME_LIMIT once operating exceeds the limit, until the oldest basket resets', async () => {
      const clock = await app({ operatingLimit: 10 })
      expect((await t.call('test.slow', { SECONDS: 6 })).body.time.operating).toBe(6)
      clock.advance(60)
      // The call that takes operating past the limit still completes…
      const over = await t.call('test.slow', { SECONDS: 6 })
      expect(over.status).toBe(200)
      expect(over.body.time).toMatchObject({ operating: 12, operating_reset_at: T0 + 600 })
      // …the next one is refused.
      const blocked = await t.call('test.slow', { SECONDS: 1 })
      expect(blocked.status).toBe(429)
      expect(blocked.body).toEqual(operationLimit)
      // Other methods and other credentials go on.
      expect((await t.call('server.time')).status).toBe(200)
      const user = await t.createUser()
      expect((await t.call('test.slow', { SECONDS: 1 }, user.hook)).status).toBe(200)
      // Inside a batch the command is refused on its own; the batch is not counted.
      const batch = await t.call('batch', { cmd: { slow: 'test.slow?SECONDS=1', time: 'server.time' } })
      expect(batch.body.result.result_error).toEqual({ slow: operationLimit })
      expect(batch.body.result.result).toEqual({ time: expect.any(String) })
      // At operating_reset_at the first basket (6 s) drops out: 6 s left, under the limit.
      clock.advance(T0 + 599 - t.deps.clock.now().getTime() / 1000)
      expect((await t.call('test.slow', { SECONDS: 0 })).status).toBe(429)
      clock.advance(1)
      const again = await t.call('test.slow', { SECONDS: 1 })
      expect(again.status).toBe(200)
      expect(again.body.time).toMatchObject({ operating: 7, operating_reset_at: T0 + 66 + 600 })
    })
  })
})
