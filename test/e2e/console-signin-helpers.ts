import type { Browser, Page } from 'playwright-core'
import type { TestApp } from '../helpers/test-app.js'
import { ARTIFACTS, browserAvailable, buildFrontends as build, launchChromium } from './browser.js'

export { ARTIFACTS }
export const browserPresent = browserAvailable('the console browser tests')

/** Builds the console and the widget as `npm run build` does: the server reads them when it starts. */
export const buildFrontends = (): void => build({ console: true })

/**
 * Chromium asks the user before a page reaches a local server from another origin (Local
 * Network Access); the visitor's site and this test server are both local, so the prompt is off.
 */
export function launch(): Promise<Browser> {
  return launchChromium(['--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights'])
}

/** A person with an e-mail and a password, set as an administrator would (openlines.user.password.set). */
export async function person(t: TestApp, o: { name: string; email: string; password: string; isAdmin?: boolean }): Promise<{ id: number; hook: string }> {
  const u = await t.createUser({ name: o.name, isAdmin: o.isAdmin ?? false })
  await t.deps.db.updateTable('users').set({ email: o.email }).where('id', '=', u.id).execute()
  const set = await t.call('openlines.user.password.set', { ID: u.id, PASSWORD: o.password })
  if (set.body.result !== true) throw new Error(`password not set: ${JSON.stringify(set.body)}`)
  return u
}

/** Signs in on the console's sign-in screen and waits for the layout. */
export async function signIn(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/console/`)
  await page.fill('input[name="login"]', email)
  await page.fill('input[name="password"]', password)
  await page.press('input[name="password"]', 'Enter')
  await page.locator('.topbar .signout').waitFor()
}
