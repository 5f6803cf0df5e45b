import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'
import { listenLocal } from './browser.js'
import { ARTIFACTS, browserPresent, buildFrontends, launch, person, signIn } from './console-signin-helpers.js'

describe.runIf(browserPresent)('console sign-in in a real browser', () => {
  let t: TestApp
  let browser: Browser
  let origin: string
  beforeAll(async () => {
    buildFrontends()
    t = await buildTestApp()
    origin = await listenLocal(t)
    browser = await launch()
    await person(t, { name: 'Olga', email: 'olga@example.com', password: 'olga password' })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('says so on a wrong password, signs in, keeps the session over a reload, and signs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(`${origin}/console/`)
    await page.fill('input[name="login"]', 'olga@example.com')
    await page.fill('input[name="password"]', 'not her password')
    await page.click('button[type="submit"]')
    await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password' }).waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/console-signin-wrong-password.png` })

    await signIn(page, origin, 'olga@example.com', 'olga password')
    await expect(page.locator('.topbar .who').textContent()).resolves.toBe('Olga')
    // The cookie is http-only: the page's scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).toBe('')
    const cookie = (await context.cookies()).find((c) => c.name === 'ol_console')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    await page.screenshot({ path: `${ARTIFACTS}/console-signed-in.png` })

    await page.reload()
    await page.locator('.topbar .signout').waitFor()

    await page.click('.topbar .signout')
    await page.locator('input[name="password"]').waitFor()
    expect((await context.cookies()).find((c) => c.name === 'ol_console')).toBeUndefined()
    // The session is gone on the server too: the old cookie, replayed, is refused.
    const replay = await t.app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie: `ol_console=${cookie?.value ?? ''}` } })
    expect(replay.statusCode).toBe(401)
    await page.reload()
    await page.locator('input[name="password"]').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/console-signed-out.png` })
    await context.close()
  })

  it('signs in on a narrow screen with a one-time link', async () => {
    const olga = await t.deps.db.selectFrom('users').select('id').where('email', '=', 'olga@example.com').executeTakeFirstOrThrow()
    const link = await t.deps.console.sessions.issueLink(olga.id)
    const url = new URL(link.url)
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } })
    const page = await context.newPage()
    await page.goto(`${origin}${url.pathname}${url.search}`)
    await page.locator('.topbar .signout').waitFor()
    expect(new URL(page.url()).pathname).toBe('/console/')
    await page.screenshot({ path: `${ARTIFACTS}/console-link-narrow.png` })
    // A second use of the link is refused.
    const again = await page.goto(`${origin}${url.pathname}${url.search}`)
    expect(again?.status()).toBe(401)
    await context.close()
  })
})
