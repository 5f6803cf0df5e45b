import { AuthorizationCode } from 'simple-oauth2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../../src/platform/passwords.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { installApp, manualClock, testEventsConfig, type InstalledApp } from './app-helpers.js'

const clock = manualClock()
const REDIRECT = 'https://app.example.com/callback'

/** The OAuth 2.0 flow of settings/oauth/, driven by an ordinary OAuth client library over real HTTP. */
describe('OAuth 2.0 authorization code and refresh_token grants', () => {
  let t: TestApp
  let a: InstalledApp
  let base: string
  let client: AuthorizationCode
  let userId: number

  beforeAll(async () => {
    t = await buildTestApp({ clock, config: { events: testEventsConfig() } })
    base = await listen(t)
    a = await installApp(t, { scopes: ['imopenlines', 'crm'], redirectUri: REDIRECT })
    const u = await t.createUser({ name: 'Anna' })
    userId = u.id
    await t.deps.db.updateTable('users').set({ email: 'anna@example.com', password_hash: await hashPassword('correct horse') }).where('id', '=', u.id).execute()
    client = new AuthorizationCode({
      client: { id: a.app.client_id, secret: a.app.client_secret },
      auth: { tokenHost: base, tokenPath: '/oauth/token/', authorizePath: '/oauth/authorize/' },
    })
  })
  afterAll(() => t.close())

  async function signIn(state: string, password = 'correct horse'): Promise<Response> {
    const url = client.authorizeURL({ redirect_uri: REDIRECT, state })
    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form method="post" action="/oauth/authorize/">')
    const form = new URLSearchParams({ client_id: a.app.client_id, state, redirect_uri: REDIRECT, login: 'ANNA@example.com', password })
    return fetch(`${base}/oauth/authorize/`, { method: 'POST', body: form, redirect: 'manual' })
  }

  it('signs the user in, returns to the app with a code, and issues tokens for it', async () => {
    const res = await signIn('xyz')
    expect(res.status).toBe(302)
    const back = new URL(res.headers.get('location') ?? '')
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT)
    const info = await t.deps.apps.issuer.serverInfo()
    expect(Object.fromEntries(back.searchParams)).toEqual({
      code: expect.stringMatching(/^[a-z0-9]{32}$/), state: 'xyz', domain: 'openlines.test', member_id: info.memberId,
      scope: 'imopenlines,crm', server_domain: 'openlines.test',
    })
    const token = await client.getToken({ code: back.searchParams.get('code') ?? '', redirect_uri: REDIRECT })
    expect(token.token).toEqual({
      access_token: expect.stringMatching(/^[a-z0-9]{32}$/),
      client_endpoint: 'http://openlines.test/rest/',
      domain: 'openlines.test',
      expires: expect.any(Number),
      expires_in: 3600,
      member_id: info.memberId,
      refresh_token: expect.stringMatching(/^[a-z0-9]{32}$/),
      scope: 'imopenlines,crm',
      server_endpoint: 'http://openlines.test/rest/',
      status: 'L',
      user_id: userId,
      expires_at: expect.any(Date),
    })
    const call = await fetch(`${base}/rest/user.option.get.json?auth=${token.token.access_token as string}`)
    expect(call.status).toBe(200)
    // The code was for one use.
    await expect(client.getToken({ code: back.searchParams.get('code') ?? '', redirect_uri: REDIRECT })).rejects.toMatchObject({
      data: { payload: { error: 'invalid_grant', error_description: 'Invalid authorization code' } },
    })

    const renewed = await token.refresh()
    expect(renewed.token.access_token).not.toBe(token.token.access_token)
    expect((await fetch(`${base}/rest/server.time?auth=${renewed.token.access_token as string}`)).status).toBe(200)
    // The previous refresh token was spent (auto-renewal.md: keep the new one instead).
    const old = new URLSearchParams({
      grant_type: 'refresh_token', client_id: a.app.client_id, client_secret: a.app.client_secret, refresh_token: token.token.refresh_token as string,
    })
    const reused = await fetch(`${base}/oauth/token/?${old}`)
    expect(reused.status).toBe(400)
    expect(await reused.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' })

    // An hour later the access token answers expired_token, and the refresh token still works.
    clock.advance(3601_000)
    const expired = await fetch(`${base}/rest/server.time?auth=${renewed.token.access_token as string}`)
    expect(expired.status).toBe(401)
    expect(await expired.json()).toEqual({ error: 'expired_token', error_description: 'The access token provided has expired' })
    const again = await renewed.refresh()
    expect((await fetch(`${base}/rest/server.time?auth=${again.token.access_token as string}`)).status).toBe(200)
  })

  it('answers the token endpoint errors of error-codes.md', async () => {
    const get = (p: Record<string, string>) => fetch(`${base}/oauth/token/?${new URLSearchParams(p)}`)
    const bad = await get({ grant_type: 'authorization_code', client_id: a.app.client_id, client_secret: 'wrong', code: 'x' })
    expect(bad.status).toBe(401)
    expect(await bad.json()).toEqual({ error: 'invalid_client', error_description: 'Invalid client credentials' })
    const noCode = await get({ grant_type: 'authorization_code', client_id: a.app.client_id, client_secret: a.app.client_secret })
    expect(await noCode.json()).toEqual({ error: 'invalid_request', error_description: 'code is required' })
    const wrongCode = await get({ grant_type: 'authorization_code', client_id: a.app.client_id, client_secret: a.app.client_secret, code: 'nope' })
    expect(wrongCode.status).toBe(400)
    expect((await wrongCode.json()).error).toBe('invalid_grant')
    const grant = await get({ grant_type: 'password', client_id: a.app.client_id, client_secret: a.app.client_secret })
    expect((await grant.json()).error).toBe('unsupported_grant_type')
  })

  it('shows the form again on a wrong password, and an error page for an unknown app or return address', async () => {
    const wrong = await signIn('s', 'wrong password')
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain('Wrong e-mail or password.')
    expect((await fetch(`${base}/oauth/authorize/?client_id=local.nosuchapp`)).status).toBe(400)
    expect((await fetch(`${base}/oauth/authorize/?client_id=${a.app.client_id}&redirect_uri=https://evil.example.com/`)).status).toBe(400)
  })

  it('skips the form when the browser already has a signed-in user (the console session)', async () => {
    t.deps.apps.oauth.addBrowserUserResolver(async (headers) => (headers['x-test-user'] === 'anna' ? userId : null))
    const res = await fetch(`${base}/oauth/authorize/?client_id=${a.app.client_id}&state=q`, { headers: { 'x-test-user': 'anna' }, redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('state')).toBe('q')
  })

  it('stops issuing tokens for an uninstalled app', async () => {
    const b = await installApp(t, { redirectUri: REDIRECT })
    expect((await t.call('openlines.app.delete', { ID: b.app.id })).body.result).toBe(true)
    const res = await fetch(`${base}/oauth/token/?${new URLSearchParams({ grant_type: 'refresh_token', client_id: b.app.client_id, client_secret: b.app.client_secret, refresh_token: 'x' })}`)
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ error: 'invalid_client', error_description: 'The application is not installed' })
  })
})

/** Listens on the first free port of 18300-18399 (the ports given to this work). */
async function listen(t: TestApp): Promise<string> {
  for (let port = 18300 + Math.floor(Math.random() * 50); port < 18400; port++) {
    try {
      await t.app.listen({ port, host: '127.0.0.1' })
      return `http://127.0.0.1:${port}`
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e
    }
  }
  throw new Error('no free port')
}
