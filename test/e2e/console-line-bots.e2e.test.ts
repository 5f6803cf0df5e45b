import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installApp } from '../contract/apps/app-helpers.js'
import { ARTIFACTS, consoleUser, runBrowser, signIn, startConsoleRig, type ConsoleRig } from './console-browser.js'

describe.runIf(runBrowser)("the line editor's bots", () => {
  let rig: ConsoleRig
  beforeAll(async () => {
    rig = await startConsoleRig()
  })
  afterAll(async () => {
    await rig?.close()
  })

  it('offers the registered bots by name for the welcome bot and the bot outside working hours', async () => {
    const { t } = rig
    const app = await installApp(t)
    const bot = async (code: string, name: string) =>
      (await app.call('imbot.register', { CODE: code, TYPE: 'O', EVENT_HANDLER: 'http://127.0.0.1:9/bot', PROPERTIES: { NAME: name } })).body.result as number
    const greeter = await bot('greeter', 'Greeter')
    const nightOwl = await bot('night', 'Night owl')
    const ada = await consoleUser(rig, 'Ada', { isAdmin: true })
    const line = await t.lines.add({ lineName: 'Bot desk' })

    const page = await signIn(rig, ada)
    await page.getByRole('link', { name: 'Lines', exact: true }).click()
    await page.getByRole('button', { name: /Bot desk/ }).click()
    const editor = page.locator('form[aria-label="Line Bot desk"]')
    const welcome = editor.locator('select[name="WELCOME_BOT_ID"]')
    await welcome.locator('option', { hasText: 'Greeter' }).waitFor({ state: 'attached' })
    await expect(welcome.locator('option').allTextContents()).resolves.toEqual(['(none)', 'Greeter', 'Night owl'])
    await editor.getByLabel('A bot answers first').check()
    await welcome.selectOption({ label: 'Greeter' })
    await editor.locator('select[name="WORKTIME_DAYOFF_BOT_ID"]').selectOption({ label: 'Night owl' })
    await editor.getByRole('button', { name: 'Save settings' }).first().click()
    await editor.getByRole('status').filter({ hasText: 'Saved.' }).first().waitFor()
    await editor.locator('select[name="WELCOME_BOT_ID"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${ARTIFACTS}/console-admin-line-bots.png` })
    const config = (await t.call('imopenlines.config.get', { CONFIG_ID: line.id })).body.result
    expect(config).toMatchObject({ WELCOME_BOT_ENABLE: 'Y', WELCOME_BOT_ID: String(greeter), WORKTIME_DAYOFF_BOT_ID: String(nightOwl) })
    await page.context().close()
  }, 120_000)
})
