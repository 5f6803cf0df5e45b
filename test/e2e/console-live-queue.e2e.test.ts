import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, consoleUser, runBrowser, startConsoleRig, type ConsoleRig } from './console-browser.js'

/**
 * Signs in with the page's clock faked (Playwright's clock), and waits until
 * the console has joined the line's queue channel. Then the clock is paused:
 * no timer of the page runs any more (no fallback refresh, no debounce), so
 * whatever the page shows afterwards came from the socket's signals.
 */
async function signInFrozen(rig: ConsoleRig, user: { email: string; password: string }, lineId: number): Promise<Page> {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.clock.install()
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const joined = new Promise<void>((resolve) => {
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => {
      if (String(payload).includes(`"subscribed","channel":"line:${lineId}"`)) resolve()
    }))
  })
  await page.goto(`${rig.origin}/console/`)
  await page.getByLabel('E-mail').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.locator('.topbar').waitFor()
  await joined
  await page.locator('.lists p.empty', { hasText: 'Loading dialogues' }).waitFor({ state: 'detached' })
  await page.clock.pauseAt(new Date(Date.now() + 1000))
  return page
}

describe.runIf(runBrowser)('the console hears its lines\' queues live', () => {
  let rig: ConsoleRig
  beforeAll(async () => {
    rig = await startConsoleRig()
  })
  afterAll(async () => {
    await rig?.close()
  })

  it('a new dialogue shows in the operator\'s queue and the supervisor\'s list at once, and moves when it is answered', async () => {
    const { t } = rig
    const maria = await consoleUser(rig, 'Maria')
    const sam = await consoleUser(rig, 'Sam')
    await t.deps.db.updateTable('users').set({ last_name: 'Lopez' }).where('id', '=', maria.id).execute()
    const line = await t.lines.add({ queue: [maria.id], lineName: 'Live desk' })
    await t.lines.grant(line.id, sam.id, 'supervisor')

    const operator = await signInFrozen(rig, maria, line.id)
    await operator.getByRole('tab', { name: /Queue/ }).click()
    await operator.getByText('No dialogues wait for you.').waitFor()
    const supervisor = await signInFrozen(rig, sam, line.id)
    await supervisor.getByRole('tab', { name: /All lines/ }).click()
    await supervisor.getByText('No open dialogues on your lines.').waitFor()

    const { chatId } = await t.inbound(line.id, 'Kim', 'Is anyone there?')
    const queued = operator.locator(`.dialogues a[data-chat="${chatId}"]`)
    await queued.waitFor()
    await expect(operator.getByRole('tab', { name: /Queue/ }).locator('.count').textContent()).resolves.toBe('1')
    // The supervisor sees it offered, with the operator's name (not an id).
    const row = supervisor.locator(`.dialogues a[data-chat="${chatId}"]`)
    await row.locator('.state', { hasText: 'Offered' }).waitFor()
    await row.locator('.last', { hasText: 'operator Maria Lopez' }).waitFor()
    await operator.screenshot({ path: `${ARTIFACTS}/console-live-queue.png` })

    // Answered elsewhere (another tab, an app): it leaves the queue and is in work, still without any timer.
    expect((await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, maria.hook)).body.result).toBe(true)
    await queued.waitFor({ state: 'detached' })
    await expect(operator.getByRole('tab', { name: /Mine/ }).locator('.count').textContent()).resolves.toBe('1')
    await row.locator('.state', { hasText: 'In work' }).waitFor()
    await supervisor.screenshot({ path: `${ARTIFACTS}/console-live-all-lines.png` })
    await operator.context().close()
    await supervisor.context().close()
  }, 120_000)
})
