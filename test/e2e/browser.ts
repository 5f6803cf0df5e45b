/**
 * What every browser test shares: Debian's Chromium and its flags, where
 * screenshots go, the built frontends, and a test server on a free local port.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import type { TestApp } from '../helpers/test-app.js'

export const CHROMIUM = '/usr/bin/chromium'
export const ARTIFACTS = 'test-artifacts'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/**
 * Whether this machine runs browser tests. Outside CI a machine without
 * Chromium skips them (and says so); in CI they must run, so a missing browser fails there.
 */
export function browserAvailable(what: string): boolean {
  const ok = existsSync(CHROMIUM) || Boolean(process.env.CI)
  if (!ok) console.warn(`[e2e] skipping ${what}: ${CHROMIUM} is missing (apt-get install -y chromium)`)
  return ok
}

/** Builds the widget (and the console) as `npm run build` does: the server reads them when it starts. */
export function buildFrontends(opts: { console?: boolean } = {}): void {
  execFileSync(process.execPath, ['web/widget/build.mjs'])
  if (opts.console) execFileSync(process.execPath, ['web/console/build.mjs'])
  mkdirSync(ARTIFACTS, { recursive: true })
}

/** Headless Chromium; extra flags for tests that need them. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...extraArgs] })
}

/** Starts the test server on a free port of 127.0.0.1 and answers its origin. */
export async function listenLocal(t: Pick<TestApp, 'app'>): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
}
