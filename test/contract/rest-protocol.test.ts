import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'
import { timeShape } from '../helpers/envelope.js'


describe('REST wire protocol', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(() => t.close())

  it('answers server.time in the envelope with a time block', async () => {
    const res = await t.call('server.time')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ result: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), time: timeShape })
  })

  it.each([
    ['server.time', 'GET'],
    ['server.time.json', 'GET'],
    ['SERVER.TIME', 'GET'],
    ['server.time/', 'GET'],
    ['server.time.json/', 'POST'],
  ])('accepts the URL form %s (%s)', async (path, method) => {
    const res = await t.app.inject({ method: method as 'GET' | 'POST', url: `${t.adminHook}${path}` })
    expect(res.statusCode).toBe(200)
    expect(res.json().result).toEqual(expect.any(String))
  })

  it('reads GET query, JSON, urlencoded and multipart parameters with bracket nesting', async () => {
    const q = await t.app.inject({ method: 'GET', url: `${t.adminHook}method.get?name=server.time&bx24_request_id=abc` })
    expect(q.json().result).toEqual({ isExisting: true, isAvailable: true })
    const form = await t.app.inject({
      method: 'POST',
      url: `${t.adminHook}method.get`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=methods',
    })
    expect(form.json().result).toEqual({ isExisting: true, isAvailable: true })
    const boundary = '----x'
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nscope\r\n--${boundary}--\r\n`
    const multi = await t.app.inject({
      method: 'POST',
      url: `${t.adminHook}method.get`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    })
    expect(multi.json().result).toEqual({ isExisting: true, isAvailable: true })
  })

  it('answers 401 NO_AUTH_FOUND for a wrong webhook code and for no credentials', async () => {
    const wrong = await t.app.inject({ method: 'GET', url: '/rest/1/notthecode/server.time' })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json()).toEqual({ error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' })
    const none = await t.app.inject({ method: 'GET', url: '/rest/server.time' })
    expect(none.statusCode).toBe(401)
    expect(none.json().error).toBe('NO_AUTH_FOUND')
    const otherUser = await t.app.inject({ method: 'GET', url: t.adminHook.replace('/rest/1/', '/rest/2/') + 'server.time' })
    expect(otherUser.statusCode).toBe(401)
  })

  it('answers 404 ERROR_METHOD_NOT_FOUND for an unknown method', async () => {
    const res = await t.call('no.such.method')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found: no.such.method' })
  })

  it('answers 403 insufficient_scope when the webhook lacks the scope', async () => {
    const u = await t.createUser({ scopes: ['user'] })
    const res = await t.call('methods', { scope: 'imopenlines' }, u.hook)
    expect(res.status).toBe(200)
    const scopes = await t.call('scope', {}, u.hook)
    expect(scopes.body.result).toEqual(['user'])
  })

  it('refuses malformed JSON and deep nesting with INVALID_REQUEST and keeps serving', async () => {
    const bad = await t.app.inject({ method: 'POST', url: `${t.adminHook}server.time`, headers: { 'content-type': 'application/json' }, payload: '{"a":' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toBe('INVALID_REQUEST')
    const deep = await t.app.inject({
      method: 'POST',
      url: `${t.adminHook}server.time`,
      headers: { 'content-type': 'application/json' },
      payload: `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    })
    expect(deep.statusCode).toBe(400)
    expect(deep.json().error).toBe('INVALID_REQUEST')
    expect((await t.call('server.time')).status).toBe(200)
  })
})
