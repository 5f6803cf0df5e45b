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

/** Opens the console in a fresh context and signs in with the user's webhook. */
export async function signIn(rig: ConsoleRig, user: { hook: string }, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await rig.browser.newContext({ viewport })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(`${rig.origin}/console/`)
  await page.getByRole('button', { name: 'Use an incoming webhook instead' }).click()
  await page.getByLabel('Webhook URL').fill(`${rig.origin}${user.hook}`)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.locator('.topbar').waitFor()
  return page
}
