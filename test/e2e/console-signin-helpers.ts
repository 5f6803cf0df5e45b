import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { TestApp } from '../helpers/test-app.js'

export const CHROMIUM = '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
export const ARTIFACTS = 'test-artifacts'
// Outside CI a machine without Chromium skips these files (and says so); in CI they must run.
export const browserPresent = existsSync(CHROMIUM) || Boolean(process.env.CI)
if (!browserPresent) console.warn(`[e2e] skipping the console browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`)

/** Builds the console and the widget as `npm run build` does: the server reads them when it starts. */
export function buildFrontends(): void {
  execFileSync(process.execPath, ['web/widget/build.mjs'])
  execFileSync(process.execPath, ['web/console/build.mjs'])
  mkdirSync(ARTIFACTS, { recursive: true })
}

/** Ports given to this work: 18700-18799. */
export async function listenInRange(t: TestApp): Promise<string> {
  for (let port = 18700 + Math.floor(Math.random() * 80); port <= 18799; port++) {
    try {
      await t.app.listen({ port, host: '127.0.0.1' })
      return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    } catch {
      continue
    }
  }
  throw new Error('no free port in 18700-18799')
}

/**
 * Chromium asks the user before a page reaches a local server from another origin (Local
 * Network Access); the visitor's site and this test server are both local, so the prompt is off.
 */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights'] })
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
