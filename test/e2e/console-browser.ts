/** Shared setup of the console's browser tests: the built console, a server on a free local port, headless Chromium. */
import type { Browser, Page } from 'playwright-core'
import { buildDialogueApp, type DialogueApp } from '../helpers/dialogue-app.js'
import { ARTIFACTS, browserAvailable, buildFrontends, launchChromium, listenLocal } from './browser.js'

export { ARTIFACTS }
export const runBrowser = browserAvailable('the console browser tests')

export interface ConsoleRig {
  t: DialogueApp
  browser: Browser
  origin: string
  close(): Promise<void>
}

export async function startConsoleRig(): Promise<ConsoleRig> {
  // The server reads the built console and widget when it starts.
  buildFrontends({ console: true })
  const t = await buildDialogueApp(undefined, { outbox: true })
  const origin = await listenLocal(t)
  const browser = await launchChromium()
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
