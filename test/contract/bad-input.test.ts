import { Type } from '@sinclair/typebox'
import type { InjectOptions } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { defineMethod, type AnyMethod } from '../../src/rest/define-method.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const LIMIT = 4096
const invalid = (description: string | RegExp) => ({
  error: 'INVALID_REQUEST',
  error_description: typeof description === 'string' ? description : expect.stringMatching(description),
})
const tooLarge = { error: 'REQUEST_TOO_LARGE', error_description: 'Request body is too large' }
const tooDeep = invalid('Parameters nested deeper than 32 levels')
const boundary = '----openlines-test'

function multipart(parts: Array<{ name: string; value: string; filename?: string; type?: string }>): InjectOptions {
  const body = parts
    .map((p) => {
      const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`
      const type = p.type ? `\r\nContent-Type: ${p.type}` : ''
      return `--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n${p.value}\r\n`
    })
    .join('')
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: `${body}--${boundary}--\r\n` }
}

const echo = defineMethod({
  name: 'test.echo',
  scope: 'basic',
  input: Type.Object({}, { additionalProperties: true }),
  transaction: false,
  handler: async ({ input }) => input,
}) as AnyMethod

describe('bad input', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ config: { bodyLimitBytes: LIMIT } })
    t.deps.registry.add(echo)
  })
  afterAll(() => t.close())
  // Whatever came before, the server still answers a good call.
  afterEach(async () => {
    const res = await t.call('server.time')
    expect(res.status).toBe(200)
  })

  const post = (method: string, opts: InjectOptions) => t.app.inject({ method: 'POST', url: `${t.adminHook}${method}`, ...opts })
  const json = (method: string, payload: string) => post(method, { headers: { 'content-type': 'application/json' }, payload })

  it.each([
    ['{"name":', /^Malformed JSON body: /],
    ['{name: "x"}', /^Malformed JSON body: /],
    ['name=methods', /^Malformed JSON body: /],
    ['[1,2]', 'The JSON body must be an object of parameters'],
    ['"text"', 'The JSON body must be an object of parameters'],
    ['42', 'The JSON body must be an object of parameters'],
    ['null', 'The JSON body must be an object of parameters'],
  ])('refuses the JSON body %s with 400 INVALID_REQUEST', async (payload, why) => {
    const res = await json('method.get', payload)
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.json()).toEqual(invalid(why))
  })

  it('marks every answer, errors included, with a request id and the CORS header', async () => {
    for (const res of [await json('method.get', '{"name":'), await t.app.inject({ method: 'GET', url: `${t.adminHook}server.time` })]) {
      expect(res.headers['x-request-id']).toMatch(/^[\w-]{1,64}$/)
      expect(res.headers['access-control-allow-origin']).toBe('*')
    }
    const given = await t.app.inject({ method: 'GET', url: `${t.adminHook}server.time`, headers: { 'x-request-id': 'trace-42' } })
    expect(given.headers['x-request-id']).toBe('trace-42')
  })

  it.each([
    [{ name: { a: 1 } }, 'Argument "name": Expected string'],
    [{ name: ['methods'] }, 'Argument "name": Expected string'],
    [{ name: null }, 'Argument "name": Expected string'],
    [{}, 'Argument "name": Expected required property'],
  ])('refuses wrong parameter types %j with 400 ERROR_ARGUMENT', async (params, description) => {
    const res = await t.call('method.get', params)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: 'ERROR_ARGUMENT', error_description: description })
  })

  it.each([['no.such.method'], ['METHODS.NOPE'], ['<script>'], ['a'.repeat(300)]])('answers the unknown method %s with 404', async (name) => {
    const res = await t.call(name)
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: 'ERROR_METHOD_NOT_FOUND', error_description: `Method not found: ${name}` })
  })

  it('answers a URL without a method, or with too many parts, with 404', async () => {
    for (const url of [t.adminHook, '/rest/', '/rest/1/2/3/4/server.time']) {
      const res = await t.app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(404)
      expect(res.json().error).toBe('ERROR_METHOD_NOT_FOUND')
    }
  })

  it('answers another HTTP verb with 404 without echoing the webhook code', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: `${t.adminHook}server.time` })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found: /rest/1/***/server.time' })
  })

  it('answers a URL that does not decode with 400 INVALID_REQUEST, without echoing it', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${t.adminHook}%E0%A4%A/server.time` })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual(invalid('Malformed URL'))
  })

  it.each([
    ['JSON', { headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ a: 'x'.repeat(LIMIT) }) }],
    ['form', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `a=${'x'.repeat(LIMIT)}` }],
    ['untyped', { headers: { 'content-type': 'text/plain' }, payload: `a=${'x'.repeat(LIMIT)}` }],
    ['multipart file', multipart([{ name: 'f', filename: 'big.bin', value: 'x'.repeat(LIMIT + 1) }])],
    ['multipart field', multipart([{ name: 'f', value: 'x'.repeat(LIMIT + 1) }])],
    ['multipart parts together', multipart(Array.from({ length: 4 }, (_, i) => ({ name: `f${i}`, value: 'x'.repeat(LIMIT / 2) })))],
  ])('answers a %s body over the limit with 413', async (_kind, opts) => {
    const res = await post('server.time', opts as InjectOptions)
    expect(res.statusCode).toBe(413)
    expect(res.json()).toEqual(tooLarge)
  })

  it('refuses nesting deeper than 32 levels in JSON, form, multipart and query', async () => {
    const deepKey = `a${'[b]'.repeat(40)}`
    const cases: InjectOptions[] = [
      { method: 'POST', url: `${t.adminHook}server.time`, headers: { 'content-type': 'application/json' }, payload: `{"a":${'['.repeat(40)}${']'.repeat(40)}}` },
      { method: 'POST', url: `${t.adminHook}server.time`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `${deepKey}=1` },
      { method: 'POST', url: `${t.adminHook}server.time`, ...multipart([{ name: deepKey, value: '1' }]) },
    ]
    for (const opts of cases) {
      const res = await t.app.inject(opts)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual(tooDeep)
    }
    const query = await t.app.inject({ method: 'GET', url: `${t.adminHook}server.time?${deepKey}=1` })
    expect(query.statusCode).toBe(400)
    expect(query.json()).toEqual(invalid('Query parameters nested deeper than 32 levels'))
  })

  it('accepts nesting up to the limit', async () => {
    const res = await post('test.echo', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `A[B][C][0]=1` })
    expect(res.json().result).toEqual({ A: { B: { C: ['1'] } } })
  })

  it('answers missing or wrong credentials with 401', async () => {
    const cases: Array<[InjectOptions, { error: string; error_description: string }]> = [
      [{ method: 'GET', url: '/rest/server.time' }, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' }],
      [{ method: 'GET', url: '/rest/1/wrongcode/server.time' }, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' }],
      [{ method: 'GET', url: '/rest/x/y/server.time' }, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' }],
      [{ method: 'GET', url: '/rest/server.time?auth=not-a-token' }, { error: 'invalid_token', error_description: 'The access token provided is invalid' }],
      [{ method: 'GET', url: '/rest/server.time', headers: { authorization: 'Bearer nope' } }, { error: 'invalid_token', error_description: 'The access token provided is invalid' }],
    ]
    for (const [opts, body] of cases) {
      const res = await t.app.inject(opts)
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual(body)
    }
  })

  it('reads a body whose content type is missing or foreign as JSON when it looks like JSON, else as a form', async () => {
    const asJson = await post('test.echo', { headers: { 'content-type': 'text/plain' }, payload: '{"A":{"B":1}}' })
    expect(asJson.json().result).toEqual({ A: { B: 1 } })
    const asForm = await post('test.echo', { headers: { 'content-type': 'application/xml' }, payload: 'A[B]=1' })
    expect(asForm.json().result).toEqual({ A: { B: '1' } })
    const binary = await post('server.time', { headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from([0, 255, 1, 2]) })
    expect(binary.statusCode).toBe(200)
    const brokenJson = await post('server.time', { headers: { 'content-type': 'text/plain' }, payload: '{"a":' })
    expect(brokenJson.statusCode).toBe(400)
    expect(brokenJson.json()).toEqual(invalid(/^Malformed JSON body: /))
  })

  it('refuses a malformed multipart body with 400 INVALID_REQUEST', async () => {
    const noBoundary = await post('server.time', { headers: { 'content-type': 'multipart/form-data' }, payload: 'abc' })
    expect(noBoundary.statusCode).toBe(400)
    expect(noBoundary.json()).toEqual(invalid(/^Malformed multipart body: /))
    const truncated = await post('server.time', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: `--${boundary}\r\nxx` })
    expect(truncated.statusCode).toBe(400)
    expect(truncated.json()).toEqual(invalid(/^Malformed multipart body: /))
  })

  it('passes a multipart file as [name, base64] and refuses it where a string is expected', async () => {
    const file = multipart([
      { name: 'FIELDS[TITLE]', value: 'Photo' },
      { name: 'FIELDS[FILE]', value: 'hello', filename: 'a.txt', type: 'text/plain' },
      { name: 'META', value: '{"a":[1]}', type: 'application/json' },
    ])
    const res = await post('test.echo', file)
    expect(res.json().result).toEqual({ FIELDS: { TITLE: 'Photo', FILE: ['a.txt', Buffer.from('hello').toString('base64')] }, META: { a: [1] } })
    const wrong = await post('method.get', multipart([{ name: 'name', value: 'x', filename: 'a.txt' }]))
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toEqual({ error: 'ERROR_ARGUMENT', error_description: 'Argument "name": Expected string' })
  })

  it('never lets __proto__ become a parameter or a prototype', async () => {
    const res = await json('method.get', '{"__proto__":{"name":"server.time"}}')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ error: 'ERROR_ARGUMENT', error_description: 'Argument "name": Expected required property' })
    const nested = await json('test.echo', '{"A":{"__proto__":{"x":1},"B":2}}')
    expect(nested.json().result).toEqual({ A: { B: 2 } })
    const form = await post('test.echo', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '__proto__[x]=1&A[__proto__][y]=2&B=3' })
    expect(form.json().result).toEqual({ B: '3' })
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('keeps serving through a burst of bad requests in parallel', async () => {
    const bad = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0 ? json('method.get', '{"name":') : i % 3 === 1 ? t.call('no.such.method') : t.app.inject({ method: 'GET', url: '/rest/1/x/server.time' }),
    )
    const statuses = (await Promise.all(bad)).map((r) => ('statusCode' in r ? r.statusCode : r.status))
    expect(new Set(statuses)).toEqual(new Set([400, 404, 401]))
    const health = await t.app.inject({ method: 'GET', url: '/healthz' })
    expect(health.json()).toEqual({ status: 'ok' })
  })
})
