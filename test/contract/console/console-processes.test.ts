import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../src/app.js'
import { createDeps } from '../../../src/container.js'
import { createLogger } from '../../../src/platform/logger.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { consoleCall, login, ORIGIN, personWithPassword } from './console-helpers.js'

/** Two servers on one store share no memory: sessions and lockout counts must come from the database. */
describe('console sessions across server processes', () => {
  let a: TestApp
  let b: TestApp
  beforeAll(async () => {
    a = await buildTestApp({ overrides: { lockout: { accountFailures: 3, ipFailures: 100, windowMs: 15 * 60_000 } } })
    const deps = await createDeps(a.deps.config, { store: a.deps.store, logger: createLogger('silent'), lockout: { accountFailures: 3, ipFailures: 100, windowMs: 15 * 60_000 } })
    const { app, dispatch } = await buildApp(deps)
    await app.ready()
    b = { ...a, app, deps, dispatch, close: () => app.close() }
    await personWithPassword(a, 'anna@example.com', 'correct horse')
  })
  afterAll(async () => {
    await b.close()
    await a.close()
  })

  it('a session made by one process works on the other, and signing out on one ends it on both', async () => {
    const s = await login(a, 'anna@example.com', 'correct horse')
    expect((await consoleCall(b, 'user.current', s.cookie, s.body.csrf)).status).toBe(200)
    const out = await b.app.inject({ method: 'POST', url: '/console/api/logout', payload: {}, headers: { cookie: s.cookie, origin: ORIGIN, 'x-console-csrf': s.body.csrf } })
    expect(out.statusCode).toBe(200)
    expect((await consoleCall(a, 'user.current', s.cookie, s.body.csrf)).status).toBe(401)
  })

  it('counts failures made on either process towards one lockout', async () => {
    expect((await login(a, 'anna@example.com', 'guess 1')).status).toBe(401)
    expect((await login(b, 'anna@example.com', 'guess 2')).status).toBe(401)
    expect((await login(a, 'anna@example.com', 'guess 3')).status).toBe(401)
    expect((await login(b, 'anna@example.com', 'correct horse')).status).toBe(429)
  })
})
