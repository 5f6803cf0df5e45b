import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from '../../helpers/fake-clock.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { installApp } from '../apps/app-helpers.js'
import { consoleCall, cookieOf, login, ORIGIN, personWithPassword } from './console-helpers.js'

const clock = fakeClock()
const REDIRECT = 'https://app.example.com/callback'

describe('console sign-in: lockout, one-time links, the OAuth page', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ clock, overrides: { lockout: { accountFailures: 3, ipFailures: 6, windowMs: 15 * 60_000 } } })
    await personWithPassword(t, 'anna@example.com', 'correct horse')
    await personWithPassword(t, 'carl@example.com', 'carl password')
  })
  afterAll(() => t.close())

  it('locks an account after repeated failures, even for the right password, until the window ends', async () => {
    for (let i = 0; i < 3; i++) expect((await login(t, 'anna@example.com', `guess ${i}`, '10.0.0.1')).status).toBe(401)
    const locked = await login(t, 'anna@example.com', 'correct horse', '10.0.0.2')
    expect(locked.status).toBe(429)
    expect(locked.body).toEqual({ error: 'LOCKED', error_description: 'Too many failed sign-in attempts; try again in 15 min', retry_after: 900 })
    expect(locked.res.headers['retry-after']).toBe('900')
    // Another account is not affected.
    expect((await login(t, 'carl@example.com', 'carl password', '10.0.0.2')).status).toBe(200)
    clock.advance(10 * 60)
    expect((await login(t, 'anna@example.com', 'correct horse', '10.0.0.2')).body.retry_after).toBe(300)
    clock.advance(5 * 60)
    expect((await login(t, 'anna@example.com', 'correct horse', '10.0.0.2')).status).toBe(200)
  })

  it('locks an address that tries many accounts', async () => {
    clock.advance(16 * 60)
    for (let i = 0; i < 6; i++) expect((await login(t, `user${i}@example.com`, 'guess', '10.9.9.9')).status).toBe(401)
    expect((await login(t, 'carl@example.com', 'carl password', '10.9.9.9')).status).toBe(429)
    expect((await login(t, 'carl@example.com', 'carl password', '10.9.9.8')).status).toBe(200)
  })

  it('shares one lockout with the OAuth authorization page', async () => {
    clock.advance(16 * 60)
    const a = await installApp(t, { redirectUri: REDIRECT })
    const post = (password: string) =>
      t.app.inject({
        method: 'POST', url: '/oauth/authorize/', remoteAddress: '10.1.1.1',
        payload: new URLSearchParams({ client_id: a.app.client_id, redirect_uri: REDIRECT, login: 'carl@example.com', password }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
    for (let i = 0; i < 2; i++) expect((await post('guess')).statusCode).toBe(401)
    expect((await login(t, 'carl@example.com', 'guess', '10.1.1.2')).status).toBe(401)
    const locked = await post('carl password')
    expect(locked.statusCode).toBe(429)
    expect(locked.body).toContain('Too many failed attempts. Try again in 15 min.')
    expect((await login(t, 'carl@example.com', 'carl password', '10.1.1.3')).status).toBe(429)
  })

  it('lets a user signed in to the console approve an app without the password', async () => {
    clock.advance(16 * 60)
    const a = await installApp(t, { redirectUri: REDIRECT })
    const s = await login(t, 'anna@example.com', 'correct horse')
    const form = (cookie?: string) =>
      t.app.inject({
        method: 'POST', url: '/oauth/authorize/',
        payload: new URLSearchParams({ client_id: a.app.client_id, redirect_uri: REDIRECT, state: 'st', use_session: '1' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      })
    const approved = await form(s.cookie)
    expect(approved.statusCode).toBe(302)
    const back = new URL(approved.headers.location as string)
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT)
    expect(back.searchParams.get('state')).toBe('st')
    const anonymous = await form()
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.body).toContain('You are not signed in to the console in this browser.')
    // A same-site visit to the page with the cookie skips the form altogether.
    const get = await t.app.inject({ method: 'GET', url: `/oauth/authorize/?client_id=${a.app.client_id}&state=q`, headers: { cookie: s.cookie } })
    expect(get.statusCode).toBe(302)
  })

  it('signs in with a one-time link once, and not after it expired', async () => {
    const carl = await t.deps.db.selectFrom('users').select('id').where('email', '=', 'carl@example.com').executeTakeFirstOrThrow()
    const link = await t.deps.console.sessions.issueLink(carl.id)
    expect(link.url).toMatch(/^http:\/\/openlines\.test\/console\/api\/link\?token=[a-z0-9]{43}$/)
    const path = new URL(link.url).pathname + new URL(link.url).search
    const first = await t.app.inject({ method: 'GET', url: path })
    expect(first.statusCode).toBe(303)
    expect(first.headers.location).toBe('/console/')
    const cookie = cookieOf(first)
    const session = await t.app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie } })
    expect(session.json().user.ID).toBe(String(carl.id))
    expect((await consoleCall(t, 'user.current', cookie, session.json().csrf)).body.result.ID).toBe(String(carl.id))

    const again = await t.app.inject({ method: 'GET', url: path })
    expect(again.statusCode).toBe(401)
    expect(again.headers['content-type']).toMatch(/^text\/html/)
    expect(again.body).toContain('This sign-in link cannot be used')
    expect(again.headers['set-cookie']).toBeUndefined()

    const late = await t.deps.console.sessions.issueLink(carl.id)
    clock.advance(24 * 3600 + 1)
    expect((await t.app.inject({ method: 'GET', url: new URL(late.url).pathname + new URL(late.url).search })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: '/console/api/link?token=nope' })).statusCode).toBe(401)
  })

  it('opens the operator socket with the cookie, its CSRF token and our origin only', async () => {
    const s = await login(t, 'anna@example.com', 'correct horse')
    const openWith = async (query: string, headers: Record<string, string>) => {
      const ws = await t.app.injectWS(`/realtime/operator?${query}`, { headers })
      return new Promise<string>((resolve) => {
        ws.on('message', (raw: Buffer) => {
          resolve(JSON.parse(raw.toString()).type)
          ws.terminate()
        })
        ws.on('close', (code: number) => resolve(`closed ${code}`))
        ws.send(JSON.stringify({ type: 'ping' }))
      })
    }
    expect(await openWith(`csrf=${s.body.csrf}`, { cookie: s.cookie, origin: ORIGIN })).toBe('pong')
    expect(await openWith(`csrf=${s.body.csrf}`, { cookie: s.cookie })).toBe('closed 4401')
    expect(await openWith(`csrf=${s.body.csrf}`, { cookie: s.cookie, origin: 'https://evil.example.com' })).toBe('closed 4401')
    expect(await openWith('csrf=wrong', { cookie: s.cookie, origin: ORIGIN })).toBe('closed 4401')
    expect(await openWith(`csrf=${s.body.csrf}`, { origin: ORIGIN })).toBe('closed 4401')
  })
})
