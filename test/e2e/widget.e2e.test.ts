import { createHmac } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, browserAvailable, buildFrontends, launchChromium, listenLocal } from './browser.js'
import { buildDialogueApp, type DialogueApp } from '../helpers/dialogue-app.js'

/** A real 4x4 PNG picture. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4H8AARwzEcQAwohTxXePE2AAAAABJRU5ErkJggg==', 'base64')
const run = browserAvailable('the widget browser test')

describe.runIf(run)('widget in a real browser', () => {
  let t: DialogueApp
  let browser: Browser
  let origin: string
  beforeAll(async () => {
    // The server reads the built widget when it starts.
    buildFrontends()
    t = await buildDialogueApp(undefined, { outbox: true })
    origin = await listenLocal(t)
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('a visitor writes from a demo page, sees the operator reply live, and rates the dialogue', async () => {
    const op = await t.operator({ name: 'Maria' })
    const line = await t.lines.add({ queue: [op.id], lineName: 'Demo shop support', voteMessage: true, welcomeMessage: true, welcomeMessageText: 'Hi! How can we help?' })
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } })
    await page.goto(`${origin}/online/demo?line=${line.id}`)
    await page.click('#ol-widget-button')
    const chat = page.frameLocator('#ol-widget-frame')
    await chat.locator('.ol-head', { hasText: 'Demo shop support' }).waitFor()
    await chat.locator('textarea').fill('Hello, is my order on its way?')
    await chat.locator('textarea').press('Enter')
    await chat.locator('.ol-visitor', { hasText: 'Hello, is my order on its way?' }).waitFor()
    await chat.locator('.ol-system', { hasText: 'Hi! How can we help?' }).waitFor()

    const row = await t.deps.db.selectFrom('chats').select('id').where('connector_id', '=', 'livechat').where('line_id', '=', line.id).executeTakeFirstOrThrow()
    const reply = await t.call('im.message.add', { DIALOG_ID: `chat${row.id}`, MESSAGE: 'Yes, it ships today.' }, op.hook)
    expect(reply.status).toBe(200)
    await chat.locator('.ol-operator', { hasText: 'Yes, it ships today.' }).waitFor()
    await expect(chat.locator('.ol-operator .ol-name').first().textContent()).resolves.toBe('Maria')
    await page.screenshot({ path: `${ARTIFACTS}/widget-reply.png` })

    await t.call('imopenlines.operator.finish', { CHAT_ID: row.id }, op.hook)
    const like = chat.locator('.ol-vote button[data-like="true"]')
    await like.waitFor()
    await like.click()
    await chat.locator('.ol-vote', { hasText: 'Thank you for your rating!' }).waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/widget-rated.png` })
    const session = await t.deps.db.selectFrom('sessions').select('vote').where('chat_id', '=', row.id).executeTakeFirstOrThrow()
    // Bitrix24 stores a like as 5 and a dislike as 1.
    expect(session.vote).toBe(5)

    // Back on the page later: the history is there again.
    await page.reload()
    await page.click('#ol-widget-button')
    await page.frameLocator('#ol-widget-frame').locator('.ol-operator', { hasText: 'Yes, it ships today.' }).waitFor()
    await page.close()
  })

  it('a message typed before the widget has started waits for it and is sent, welcome included', async () => {
    const op = await t.operator({ name: 'Maria' })
    const line = await t.lines.add({ queue: [op.id], lineName: 'Slow start', welcomeMessage: true, welcomeMessageText: 'Welcome, slow network!' })
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } })
    // A busy network: the widget's start answer arrives only after the visitor has already pressed Enter.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/start', async (route) => {
      await held
      await route.continue()
    })
    await page.goto(`${origin}/online/demo?line=${line.id}`)
    await page.click('#ol-widget-button')
    const chat = page.frameLocator('#ol-widget-frame')
    await chat.locator('textarea').fill('Are you there?')
    await chat.locator('textarea').press('Enter')
    release()
    await chat.locator('.ol-visitor', { hasText: 'Are you there?' }).waitFor()
    await chat.locator('.ol-system', { hasText: 'Welcome, slow network!' }).waitFor()
    await expect(chat.locator('.ol-error').textContent()).resolves.toBe('')
    await page.close()
  })

  it('a signed visitor sends a picture, sees it read, and finds the chat again in another browser', async () => {
    const op = await t.operator({ name: 'Maria' })
    const line = await t.lines.add({ queue: [op.id], lineName: 'Signed support' })
    const secret = (await t.call('openlines.widget.secret.get', { CONFIG_ID: line.id })).body.result.SECRET as string
    const user = { id: 'shop-user-7', name: 'Alice Smith', email: 'alice@example.com' }
    const signedPage = () => {
      const ts = Math.floor(t.clock.now().getTime() / 1000)
      const signature = createHmac('sha256', secret).update(['ol1', line.id, user.id, user.name, user.email, ts].join('\n')).digest('hex')
      return `<!doctype html><html><body><h1>My account</h1><script src="${origin}/online/loader.js" data-line="${line.id}" data-user-id="${user.id}"
        data-user-name="${user.name}" data-user-email="${user.email}" data-user-ts="${ts}" data-user-signature="${signature}"></script></body></html>`
    }
    const first = await browser.newContext({ viewport: { width: 390, height: 800 } })
    const page = await first.newPage()
    await page.route(`${origin}/shop`, (route) => route.fulfill({ contentType: 'text/html', body: signedPage() }))
    await page.goto(`${origin}/shop`)
    await page.click('#ol-widget-button')
    const chat = page.frameLocator('#ol-widget-frame')
    await chat.locator('.ol-head', { hasText: 'Signed support' }).waitFor()
    await chat.locator('input[type=file]').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG })
    await chat.locator('.ol-visitor .ol-file img').waitFor()
    await expect.poll(() => chat.locator('.ol-visitor .ol-file img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(4)

    const row = await t.deps.db.selectFrom('chats').select('id').where('connector_id', '=', 'livechat').where('line_id', '=', line.id).executeTakeFirstOrThrow()
    await t.call('imopenlines.operator.answer', { CHAT_ID: row.id }, op.hook)
    await t.call('im.dialog.read', { DIALOG_ID: `chat${row.id}` }, op.hook)
    await chat.locator('.ol-visitor .ol-read').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/widget-signed-file.png` })

    // Another browser (no shared storage) with a fresh signature of the same user: the same chat and the picture.
    const second = await browser.newContext({ viewport: { width: 1024, height: 768 } })
    const other = await second.newPage()
    await other.route(`${origin}/shop`, (route) => route.fulfill({ contentType: 'text/html', body: signedPage() }))
    await other.goto(`${origin}/shop`)
    await other.click('#ol-widget-button')
    await other.frameLocator('#ol-widget-frame').locator('.ol-visitor .ol-file', { hasText: 'receipt.png' }).waitFor()
    await other.screenshot({ path: `${ARTIFACTS}/widget-signed-second-browser.png` })
    await first.close()
    await second.close()
  })
})
