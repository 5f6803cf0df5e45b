/** Shared setup of the console's browser tests: the built console, a server on this work's ports, headless Chromium. */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'
import { buildDialogueApp, type DialogueApp } from '../helpers/dialogue-app.js'

export const CHROMIUM = '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
export const ARTIFACTS = 'test-artifacts'
// Outside CI a machine without Chromium skips these files (and says so); in CI they must run.
export const runBrowser = existsSync(CHROMIUM) || Boolean(process.env.CI)
if (!runBrowser) console.warn(`[e2e] skipping the console browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`)

/** Ports given to this work: 18600-18699. */
async function listenInRange(t: DialogueApp): Promise<number> {
  for (let port = 18600 + Math.floor(Math.random() * 80); port <= 18699; port++) {
    try {
      await t.app.listen({ port, host: '127.0.0.1' })
      return (t.app.server.address() as AddressInfo).port
    } catch {
      continue
    }
  }
  throw new Error('no free port in 18600-18699')
}

export interface ConsoleRig {
  t: DialogueApp
  browser: Browser
  origin: string
  close(): Promise<void>
}

export async function startConsoleRig(): Promise<ConsoleRig> {
  // The server reads the built console and widget when it starts.
  execFileSync(process.execPath, ['web/widget/build.mjs'])
  execFileSync(process.execPath, ['web/console/build.mjs'])
  mkdirSync(ARTIFACTS, { recursive: true })
  const t = await buildDialogueApp(undefined, { outbox: true })
  const origin = `http://127.0.0.1:${await listenInRange(t)}`
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  return {
    t, browser, origin,
    async close() {
      await browser.close()
      await t.close()
    },
  }
}

/** A person who signs in to the console: an operator (webhook for setup calls) with an e-mail and a password set by the administrator. */
export async function consoleUser(rig: ConsoleRig, name: string, opts: { isAdmin?: boolean } = {}) {
  const u = await rig.t.operator({ name, isAdmin: opts.isAdmin })
  const email = `${name.toLowerCase()}@shop.test`
  await rig.t.deps.db.updateTable('users').set({ email }).where('id', '=', u.id).execute()
  const set = await rig.t.call('openlines.user.password.set', { ID: u.id, PASSWORD: `${name} has a long password` })
  if (set.body.result !== true) throw new Error(`password not set: ${JSON.stringify(set.body)}`)
  return { ...u, email, password: `${name} has a long password` }
}

/** Opens the console in a fresh context and signs in on its sign-in screen. */
export async function signIn(rig: ConsoleRig, user: { email: string; password: string }, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await rig.browser.newContext({ viewport })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(`${rig.origin}/console/`)
  await page.getByLabel('E-mail').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.locator('.topbar').waitFor()
  return page
}
