import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { consoleCall, login, personWithPassword } from './console-helpers.js'

describe('openlines.user.password.set', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(() => t.close())

  it('lets an administrator set a password, which then signs the user in', async () => {
    const u = await t.createUser({ name: 'Dora' })
    await t.deps.db.updateTable('users').set({ email: 'dora@example.com' }).where('id', '=', u.id).execute()
    expect((await login(t, 'dora@example.com', 'dora password')).status).toBe(401)
    const set = await t.call('openlines.user.password.set', { ID: u.id, PASSWORD: 'dora password' })
    expect(set.status).toBe(200)
    expect(set.body.result).toBe(true)
    expect((await login(t, 'dora@example.com', 'dora password')).status).toBe(200)
    const stored = await t.deps.db.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow()
    expect(stored.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/)
  })

  it('refuses what it must', async () => {
    const u = await t.createUser({ name: 'Eve' })
    const other = await t.createUser({ name: 'Finn' })
    const bad = (params: Record<string, unknown>, hook?: string) => t.call('openlines.user.password.set', params, hook).then((r) => ({ status: r.status, error: r.body.error }))
    expect(await bad({ ID: other.id, PASSWORD: 'long enough' }, u.hook)).toEqual({ status: 403, error: 'ACCESS_DENIED' })
    expect(await bad({ ID: u.id, PASSWORD: 'short' })).toEqual({ status: 400, error: 'INVALID_PASSWORD' })
    expect(await bad({ ID: u.id, PASSWORD: 'x'.repeat(257) })).toEqual({ status: 400, error: 'INVALID_PASSWORD' })
    expect(await bad({ ID: 99999, PASSWORD: 'long enough' })).toEqual({ status: 400, error: 'USER_NOT_FOUND' })
    // Bots (and connector customers) are not people who sign in.
    const bot = await t.createUser({ name: 'Botty' })
    await t.deps.db.updateTable('users').set({ user_type: 'bot' }).where('id', '=', bot.id).execute()
    expect(await bad({ ID: bot.id, PASSWORD: 'long enough' })).toEqual({ status: 400, error: 'USER_NOT_FOUND' })
    // Without the user scope a webhook cannot call it.
    const noScope = await t.createUser({ name: 'Gus', scopes: ['imopenlines'] })
    expect(await bad({ PASSWORD: 'long enough' }, noScope.hook)).toEqual({ status: 403, error: 'insufficient_scope' })
  })

  it('changes one\'s own password only with the current one, and ends the other sessions', async () => {
    const u = await personWithPassword(t, 'hana@example.com', 'first password')
    const here = await login(t, 'hana@example.com', 'first password')
    const elsewhere = await login(t, 'hana@example.com', 'first password')
    const change = (params: Record<string, unknown>) => consoleCall(t, 'openlines.user.password.set', here.cookie, here.body.csrf, params)
    expect((await change({ PASSWORD: 'second password' })).body.error).toBe('OLD_PASSWORD_REQUIRED')
    expect((await change({ PASSWORD: 'second password', OLD_PASSWORD: 'not it' })).body).toEqual({
      error: 'WRONG_PASSWORD', error_description: 'OLD_PASSWORD is not the current password',
    })
    expect((await change({ PASSWORD: 'second password', OLD_PASSWORD: 'first password' })).body.result).toBe(true)
    // This session stays; the other one ended; only the new password signs in.
    expect((await consoleCall(t, 'user.current', here.cookie, here.body.csrf)).body.result.ID).toBe(String(u.id))
    expect((await consoleCall(t, 'user.current', elsewhere.cookie, elsewhere.body.csrf)).status).toBe(401)
    expect((await login(t, 'hana@example.com', 'first password')).status).toBe(401)
    expect((await login(t, 'hana@example.com', 'second password')).status).toBe(200)
  })

  it('ends every session of a user whose password an administrator resets', async () => {
    const u = await personWithPassword(t, 'ivan@example.com', 'ivan password')
    const s = await login(t, 'ivan@example.com', 'ivan password')
    expect((await t.call('openlines.user.password.set', { ID: u.id, PASSWORD: 'reset by admin' })).body.result).toBe(true)
    expect((await consoleCall(t, 'user.current', s.cookie, s.body.csrf)).status).toBe(401)
  })

  it('is listed with its description', async () => {
    const m = await t.call('method.get', { name: 'openlines.user.password.set' })
    expect(m.body.result).toMatchObject({ isExisting: true, isAvailable: true })
  })
})
