import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from '../../helpers/fake-clock.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { consoleCall, login, ORIGIN, personWithPassword } from './console-helpers.js'

const clock = fakeClock()

describe('console sign-in: /console/api and the cookie on /rest', () => {
  let t: TestApp
  let anna: { id: number }
  beforeAll(async () => {
    t = await buildTestApp({ clock, overrides: { consoleSessions: { idleMs: 3600_000, absoluteMs: 4 * 3600_000, linkMs: 24 * 3600_000 } } })
    anna = await personWithPassword(t, 'anna@example.com', 'correct horse')
  })
  afterAll(() => t.close())

  it('refuses a wrong password and an unknown e-mail the same way', async () => {
    const wrong = await login(t, 'anna@example.com', 'wrong horse')
    expect(wrong.status).toBe(401)
    expect(wrong.body).toEqual({ error: 'WRONG_CREDENTIALS', error_description: 'Wrong e-mail or password' })
    expect(wrong.res.headers['set-cookie']).toBeUndefined()
    const unknown = await login(t, 'nobody@example.com', 'correct horse')
    expect(unknown.status).toBe(401)
    expect(unknown.body).toEqual(wrong.body)
  })

  it('signs in with a session cookie (http-only, strict, not Secure over plain HTTP) and a CSRF token', async () => {
    const s = await login(t, 'ANNA@example.com', 'correct horse')
    expect(s.status).toBe(200)
    expect(s.body).toEqual({
      user: { ID: String(anna.id), NAME: 'anna', LAST_NAME: '', EMAIL: 'anna@example.com', IS_ADMIN: false },
      csrf: expect.stringMatching(/^[a-z0-9]{32}$/),
    })
    const setCookie = String(s.res.headers['set-cookie'])
    expect(setCookie).toMatch(/^ol_console=[a-z0-9]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=14400$/)
    // Only a hash of the token is stored.
    const rows = await t.deps.db.selectFrom('console_sessions').select('token_hash').where('user_id', '=', anna.id).execute()
    expect(rows.map((r) => r.token_hash)).not.toContain(s.cookie.split('=')[1])

    const session = await t.app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie: s.cookie } })
    expect(session.statusCode).toBe(200)
    expect(session.json()).toEqual(s.body)
    const none = await t.app.inject({ method: 'GET', url: '/console/api/session' })
    expect(none.statusCode).toBe(401)
    expect(none.json()).toEqual({ error: 'NO_SESSION', error_description: 'Not signed in' })
  })

  it('authenticates REST calls only with the cookie AND its CSRF header, from our own origin', async () => {
    const s = await login(t, 'anna@example.com', 'correct horse')
    const me = await consoleCall(t, 'user.current', s.cookie, s.body.csrf)
    expect(me.status).toBe(200)
    expect(me.body.result.ID).toBe(String(anna.id))
    // The console acts with every scope, as Bitrix24's own interface does.
    expect((await consoleCall(t, 'crm.contact.fields', s.cookie, s.body.csrf)).status).toBe(200)

    const noCsrf = await consoleCall(t, 'user.current', s.cookie, null)
    expect(noCsrf).toEqual({ status: 401, body: { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' } })
    expect((await consoleCall(t, 'user.current', s.cookie, 'x'.repeat(32))).status).toBe(401)
    expect((await consoleCall(t, 'user.current', s.cookie, s.body.csrf, {}, 'https://evil.example.com')).status).toBe(401)
    // Another session's CSRF token does not fit this cookie.
    const other = await login(t, 'anna@example.com', 'correct horse')
    expect((await consoleCall(t, 'user.current', s.cookie, other.body.csrf)).status).toBe(401)
  })

  it('signs out: the session is gone server-side, the cookie is cleared', async () => {
    const s = await login(t, 'anna@example.com', 'correct horse')
    const noHeader = await t.app.inject({ method: 'POST', url: '/console/api/logout', payload: {}, headers: { cookie: s.cookie, origin: ORIGIN } })
    expect(noHeader.statusCode).toBe(403)
    expect(noHeader.json().error).toBe('WRONG_CSRF')
    const out = await t.app.inject({ method: 'POST', url: '/console/api/logout', payload: {}, headers: { cookie: s.cookie, origin: ORIGIN, 'x-console-csrf': s.body.csrf } })
    expect(out.statusCode).toBe(200)
    expect(out.json()).toEqual({})
    expect(String(out.headers['set-cookie'])).toBe('ol_console=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0')
    // The old cookie, replayed, is worth nothing.
    expect((await t.app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie: s.cookie } })).statusCode).toBe(401)
    expect((await consoleCall(t, 'user.current', s.cookie, s.body.csrf)).status).toBe(401)
  })

  it('ends an unused session after the idle time, renews a used one, and ends any at the absolute limit', async () => {
    const s = await login(t, 'anna@example.com', 'correct horse')
    const alive = () => consoleCall(t, 'user.current', s.cookie, s.body.csrf).then((r) => r.status)
    // Used every 50 minutes, it outlives the one-hour idle time...
    for (let i = 0; i < 4; i++) {
      clock.advance(50 * 60)
      expect(await alive()).toBe(200)
    }
    // ...but not the four-hour absolute one.
    clock.advance(50 * 60)
    expect(await alive()).toBe(401)

    const idle = await login(t, 'anna@example.com', 'correct horse')
    clock.advance(3601)
    expect((await consoleCall(t, 'user.current', idle.cookie, idle.body.csrf)).status).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie: idle.cookie } })).statusCode).toBe(401)
  })

  it('refuses a dismissed user\'s session', async () => {
    const bob = await personWithPassword(t, 'bob@example.com', 'bob password')
    const s = await login(t, 'bob@example.com', 'bob password')
    expect(s.status).toBe(200)
    await t.deps.db.updateTable('users').set({ active: false }).where('id', '=', bob.id).execute()
    expect((await consoleCall(t, 'user.current', s.cookie, s.body.csrf)).status).toBe(401)
    expect((await login(t, 'bob@example.com', 'bob password')).status).toBe(401)
  })

  it('refuses a sign-in posted from another site', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/console/api/login', payload: { login: 'anna@example.com', password: 'correct horse' }, headers: { origin: 'https://evil.example.com' } })
    expect(res.statusCode).toBe(403)
    expect(res.json().error).toBe('WRONG_ORIGIN')
  })

  it('marks the cookie Secure when the server is reached over HTTPS', async () => {
    const https = await buildTestApp({ config: { publicUrl: 'https://openlines.test' } })
    try {
      await personWithPassword(https, 'anna@example.com', 'correct horse')
      const res = await https.app.inject({ method: 'POST', url: '/console/api/login', payload: { login: 'anna@example.com', password: 'correct horse' } })
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure$/)
    } finally {
      await https.close()
    }
  })
})
