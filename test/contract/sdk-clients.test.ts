import https from 'node:https'
import { Bitrix } from '@2bad/bitrix'
import { ApiVersion, B24Hook } from '@bitrix24/b24jssdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allMethods } from '../../src/rest/all-methods.js'
import { buildTestApp, type CallResult, type TestApp } from '../helpers/test-app.js'
import { selfSignedCert, type TestCert } from '../helpers/tls.js'

/**
 * The two official SDKs against a listening server, unchanged: @bitrix24/b24jssdk
 * (which only calls https://, so the server gets a throwaway certificate that the
 * SDK's HTTP client is told to trust) and @2bad/bitrix.
 */

type Payload = CallResult['body']
/** @2bad/bitrix types only the methods it knows; these are its generic entry points as the wire sees them. */
type LooseCall = (method: string, params: Record<string, unknown>) => Promise<Payload>
type LooseBatch = (commands: Record<string, { method: string; params?: Record<string, unknown> }>) => Promise<Payload>

const isoDate = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/)
const hasUserGet = allMethods.some((m) => m.name === 'user.get')
const EXTRA_USERS = 120

describe('official SDKs', () => {
  let cert: TestCert
  let t: TestApp
  let b24: B24Hook
  let bx: { call: LooseCall; batch: LooseBatch; list: LooseCall }

  beforeAll(async () => {
    cert = selfSignedCert()
    t = await buildTestApp({ config: { tlsCert: cert.certPath, tlsKey: cert.keyPath } })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = t.app.server.address() as { port: number }
    const hookUrl = `https://127.0.0.1:${port}${t.adminHook}`
    b24 = B24Hook.fromWebhookUrl(hookUrl)
    b24.getHttpClient(ApiVersion.v2).ajaxClient.defaults.httpsAgent = new https.Agent({ ca: cert.certPem })
    const client = Bitrix(hookUrl.replace(/\/$/, ''), undefined, { https: { certificateAuthority: cert.certPem } })
    bx = client as unknown as typeof bx
  })
  afterAll(async () => {
    await t?.close()
    cert?.remove()
  })

  describe('@bitrix24/b24jssdk', () => {
    it('makes a call', async () => {
      const res = await b24.actions.v2.call.make({ method: 'method.get', params: { name: 'server.time' } })
      expect(res.isSuccess).toBe(true)
      expect(res.getData()?.result).toEqual({ isExisting: true, isAvailable: true })
      const time = await b24.actions.v2.call.make({ method: 'server.time' })
      expect(time.getData()?.result).toEqual(isoDate)
    })

    it('runs a batch that halts at a failing command, and one that goes on', async () => {
      const calls = { a: { method: 'server.time' }, b: { method: 'no.such.method' }, c: { method: 'server.time' } }
      const halted = await b24.actions.v2.batch.make({ calls, options: { isHaltOnError: true } })
      expect(halted.isSuccess).toBe(false)
      expect(halted.getErrorMessages()).toEqual(['Method not found: no.such.method'])
      expect(halted.getData()).toEqual({ a: isoDate })
      const all = await b24.actions.v2.batch.make({ calls, options: { isHaltOnError: false } })
      expect(all.getErrorMessages()).toEqual(['Method not found: no.such.method'])
      expect(all.getData()).toEqual({ a: isoDate, c: isoDate })
    })

    it('passes $result references and array batches through', async () => {
      const chained = await b24.actions.v2.batch.make({
        calls: { names: { method: 'methods', params: { full: true } }, check: { method: 'method.get', params: { name: '$result[names][0]' } } },
        options: { isHaltOnError: true },
      })
      expect(chained.isSuccess).toBe(true)
      expect(chained.getData()).toEqual({ names: expect.arrayContaining(['batch', 'server.time']), check: { isExisting: true, isAvailable: true } })
      const list = await b24.actions.v2.batch.make({ calls: [['server.time', {}], ['method.get', { name: 'nope' }]], options: { isHaltOnError: true } })
      expect(list.getData()).toEqual([isoDate, { isExisting: false, isAvailable: false }])
    })

    it('reports an error with its code and status', async () => {
      const failure = b24.actions.v2.call.make({ method: 'no.such.method' })
      await expect(failure).rejects.toMatchObject({ code: 'ERROR_METHOD_NOT_FOUND', status: 404, message: 'Method not found: no.such.method' })
      const bad = b24.actions.v2.call.make({ method: 'method.get', params: {} })
      await expect(bad).rejects.toMatchObject({ code: 'ERROR_ARGUMENT', status: 400 })
    })
  })

  describe('@2bad/bitrix', () => {
    it('makes a call', async () => {
      const res = await bx.call('method.get', { name: 'batch' })
      expect(res).toEqual({ result: { isExisting: true, isAvailable: true }, time: expect.objectContaining({ start: expect.any(Number) }) })
    })

    it('runs a batch, and one with halt that stops at the first failing command', async () => {
      const ok = await bx.batch({ now: { method: 'server.time' }, known: { method: 'method.get', params: { name: 'scope' } } })
      expect(ok.result).toEqual({
        result: { now: isoDate, known: { isExisting: true, isAvailable: true } },
        result_error: [],
        result_total: [],
        result_next: [],
        result_time: { now: expect.any(Object), known: expect.any(Object) },
      })
      // The client rejects any batch with errors and says how many commands failed: one with halt, two without.
      const cmd = { a: 'server.time', b: 'no.such.method', c: 'no.other.method' }
      await expect(bx.call('batch', { halt: 1, cmd })).rejects.toThrow(/Received errors in 1 commands/)
      await expect(bx.call('batch', { halt: 0, cmd })).rejects.toThrow(/Received errors in 2 commands/)
    })

    it('reports an error with its status and envelope', async () => {
      const failure = bx.call('no.such.method', {})
      await expect(failure).rejects.toMatchObject({
        response: { statusCode: 404, body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found: no.such.method' } },
      })
    })
  })

  // user.get belongs to the users part of the platform; these run once it is registered.
  describe.skipIf(!hasUserGet)('list paging through user.get', () => {
    let expectedIds: string[]
    beforeAll(async () => {
      for (let i = 0; i < EXTRA_USERS; i++) await t.createUser({ name: `Paged ${i}` })
      const rows = await t.deps.db.selectFrom('users').select('id').orderBy('id').execute()
      expectedIds = rows.map((r) => String(r.id))
    })
    const ids = (items: Array<{ ID: string }>) => items.map((u) => String(u.ID))

    it('b24jssdk: start/next pages', async () => {
      const http = b24.getHttpClient(ApiVersion.v2)
      let page = await b24.actions.v2.call.make({ method: 'user.get', params: {} })
      expect(page.getTotal()).toBe(expectedIds.length)
      const seen = [...(page.getData()?.result as Array<{ ID: string }>)]
      while (page.isMore()) {
        const next = await page.fetchNext(http)
        if (!next) break
        page = next
        seen.push(...(page.getData()?.result as Array<{ ID: string }>))
      }
      expect(ids(seen)).toEqual(expectedIds)
    })

    it('b24jssdk: fast mode (filter >ID, start=-1)', async () => {
      const all = await b24.actions.v2.callList.make({ method: 'user.get', params: {}, idKey: 'ID' })
      expect(all.isSuccess).toBe(true)
      expect(ids(all.getData() as Array<{ ID: string }>)).toEqual(expectedIds)
      const chunks: number[] = []
      for await (const chunk of b24.actions.v2.fetchList.make({ method: 'user.get', params: {}, idKey: 'ID' })) chunks.push(chunk.length)
      expect(chunks).toEqual([50, 50, expectedIds.length - 100])
    })

    it('@2bad/bitrix: list (start/next, the rest fetched by batch)', async () => {
      const res = await bx.list('user.get', {})
      expect(ids(res.result)).toEqual(expectedIds)
    })

    it('@2bad/bitrix: fast mode (FILTER >ID, start=-1)', async () => {
      const seen: Array<{ ID: string }> = []
      for (let last = 0; ; ) {
        const page = await bx.call('user.get', { sort: 'ID', order: 'ASC', FILTER: { '>ID': last }, start: -1 })
        expect(page.total).toBeUndefined()
        seen.push(...page.result)
        if (page.result.length < 50) break
        last = Number(page.result.at(-1).ID)
      }
      expect(ids(seen)).toEqual(expectedIds)
    })
  })
})
