import type { LightMyRequestResponse } from 'fastify'
import type { TestApp } from '../../helpers/test-app.js'

export const ORIGIN = 'http://openlines.test'

/** A user with an e-mail and a password set through openlines.user.password.set (by the administrator). */
export async function personWithPassword(t: TestApp, email: string, password: string, opts: { isAdmin?: boolean } = {}) {
  const u = await t.createUser({ name: email.split('@')[0], isAdmin: opts.isAdmin ?? false })
  await t.deps.db.updateTable('users').set({ email }).where('id', '=', u.id).execute()
  const set = await t.call('openlines.user.password.set', { ID: u.id, PASSWORD: password })
  if (set.body.result !== true) throw new Error(`password not set: ${JSON.stringify(set.body)}`)
  return u
}

export function cookieOf(res: LightMyRequestResponse): string {
  const raw = res.headers['set-cookie']
  const line = Array.isArray(raw) ? raw[0] : (raw ?? '')
  return line.split(';')[0]
}

export async function login(t: TestApp, email: string, password: string, remoteAddress = '10.0.0.1') {
  const res = await t.app.inject({ method: 'POST', url: '/console/api/login', payload: { login: email, password }, headers: { origin: ORIGIN }, remoteAddress })
  return { res, status: res.statusCode, body: res.json() as Record<string, any>, cookie: res.statusCode === 200 ? cookieOf(res) : '' }
}

/** A REST call as the console makes it: the cookie, the CSRF header, our origin. */
export async function consoleCall(t: TestApp, method: string, cookie: string, csrf: string | null, params: Record<string, unknown> = {}, origin = ORIGIN) {
  const headers: Record<string, string> = { cookie, origin }
  if (csrf !== null) headers['x-console-csrf'] = csrf
  const res = await t.app.inject({ method: 'POST', url: `/rest/${method}`, payload: params, headers })
  return { status: res.statusCode, body: res.json() as Record<string, any> }
}
