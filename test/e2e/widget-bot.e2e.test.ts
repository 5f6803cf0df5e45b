import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, browserAvailable, buildFrontends, launchChromium, listenLocal } from './browser.js'
import { buildDialogueApp, type DialogueApp } from '../helpers/dialogue-app.js'
import { installApp } from '../contract/apps/app-helpers.js'
import { startBotHandler, type BotHandler } from '../contract/bots/bot-handler.js'

const run = browserAvailable('the widget bot test')

describe.runIf(run)('a bot in the widget, in a real browser', () => {
  let t: DialogueApp
  let browser: Browser
  let bot: BotHandler
  let origin: string
  beforeAll(async () => {
    // The server reads the built widget when it starts.
    buildFrontends()
    t = await buildDialogueApp(undefined, { outbox: true })
    origin = await listenLocal(t)
    browser = await launchChromium()
    bot = await startBotHandler()
  })
  afterAll(async () => {
    await browser?.close()
    await bot?.close()
    await t?.close()
  })

  it('shows the bot\'s formatting and keyboard; SEND buttons and [SEND] links write for the visitor, COMMAND buttons run the bot\'s command', async () => {
    const app = await installApp(t)
    const botId = (await app.call('imbot.register', { CODE: 'shop', TYPE: 'O', EVENT_HANDLER: bot.url, PROPERTIES: { NAME: 'Shop bot' } })).body.result as number
    await app.call('imbot.command.register', { BOT_ID: botId, COMMAND: 'prices', EVENT_COMMAND_ADD: bot.url, LANG: [{ LANGUAGE_ID: 'en', TITLE: 'Prices' }] })
    const op = await t.operator({ name: 'Maria' })
    const line = await t.lines.add({ queue: [op.id], welcomeBotEnable: true, welcomeBotId: botId, welcomeBotTime: 600 })
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } })
    await page.goto(`${origin}/online/chat?line=${line.id}`)
    await page.locator('textarea').fill('Hello')
    await page.locator('textarea').press('Enter')
    await page.locator('.ol-visitor', { hasText: 'Hello' }).waitFor()
    const chat = await t.deps.db.selectFrom('chats').select('id').where('line_id', '=', line.id).executeTakeFirstOrThrow()
    const KEYBOARD = { BUTTONS: [{ TEXT: 'Prices', COMMAND: 'prices', COMMAND_PARAMS: 'all' }, { TEXT: 'Say thanks', ACTION: 'SEND', ACTION_VALUE: 'Thanks!' }] }
    const sent = await app.call('imbot.message.add', { BOT_ID: botId, DIALOG_ID: `chat${chat.id}`, MESSAGE: 'Pick [B]one[/B][BR]or [SEND=delivery]ask about delivery[/SEND]', KEYBOARD })
    expect(sent.status).toBe(200)
    const message = page.locator('.ol-operator', { hasText: 'Pick one' })
    await message.waitFor()
    await expect(message.locator('b').textContent()).resolves.toBe('one')
    await page.screenshot({ path: `${ARTIFACTS}/widget-bot-keyboard.png` })

    await message.locator('.ol-keys button', { hasText: 'Say thanks' }).click()
    await page.locator('.ol-visitor', { hasText: 'Thanks!' }).waitFor()
    await message.locator('.ol-cmd', { hasText: 'ask about delivery' }).click()
    await page.locator('.ol-visitor', { hasText: 'delivery' }).waitFor()

    await message.locator('.ol-keys button', { hasText: 'Prices' }).click()
    for (let i = 0; i < 50 && !bot.events.some((e) => e.event === 'ONIMCOMMANDADD'); i++) {
      await t.deps.events.worker.drain()
      await new Promise((r) => setTimeout(r, 100))
    }
    const pressed = bot.events.find((e) => e.event === 'ONIMCOMMANDADD')!
    expect(Object.values(pressed.data.COMMAND)[0]).toMatchObject({ COMMAND: 'prices', COMMAND_PARAMS: 'all', COMMAND_CONTEXT: 'KEYBOARD', MESSAGE_ID: String(sent.body.result) })
    const texts = (await t.deps.db.selectFrom('messages').select('text').where('chat_id', '=', chat.id).orderBy('id').execute()).map((m) => m.text)
    expect(texts).toContain('Thanks!')
    expect(texts).toContain('delivery')
    await page.close()
  })
})
