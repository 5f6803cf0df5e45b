import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../helpers/dialogue-app.js'
import { listenLocal } from './browser.js'
import { ARTIFACTS, browserPresent, buildFrontends, launch, person, signIn } from './console-signin-helpers.js'

describe.runIf(browserPresent)('console administration in a real browser', () => {
  let t: DialogueApp
  let browser: Browser
  let origin: string
  beforeAll(async () => {
    buildFrontends()
    t = await buildDialogueApp(undefined, { outbox: true })
    origin = await listenLocal(t)
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('an administrator creates a line in the console, and a visitor page with its script tag gets an answer', { timeout: 120_000 }, async () => {
    await person(t, { name: 'Ada', email: 'ada@example.com', password: 'ada password', isAdmin: true })
    const maria = await person(t, { name: 'Maria', email: 'maria@example.com', password: 'maria password' })
    await t.setOnline(maria.id, true)

    const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    admin.setDefaultTimeout(20_000)
    await signIn(admin, origin, 'ada@example.com', 'ada password')
    await admin.getByRole('link', { name: 'Lines', exact: true }).click()
    await admin.fill('input[name="new-line"]', 'Garden shop')
    // Keyboard only: Enter submits the form.
    await admin.press('input[name="new-line"]', 'Enter')
    const editor = admin.locator('form[aria-label="Line Garden shop"]')
    await editor.waitFor()
    await editor.locator('select[name="QUEUE"]').selectOption([String(maria.id)])
    await editor.getByLabel('Send a welcome message').check()
    await editor.locator('textarea[name="WELCOME_MESSAGE_TEXT"]').fill('Welcome to the garden shop!')
    await editor.getByRole('button', { name: 'Save settings' }).first().click()
    await editor.getByRole('status').filter({ hasText: 'Saved.' }).first().waitFor()
    const snippet = (await editor.getByTestId('widget-snippet').textContent()) ?? ''
    await admin.screenshot({ path: `${ARTIFACTS}/console-admin-line.png`, fullPage: true })

    const [, lineId] = /data-line="(\d+)"/.exec(snippet) ?? []
    const config = await t.call('imopenlines.config.get', { CONFIG_ID: lineId })
    expect(config.body.result).toMatchObject({ LINE_NAME: 'Garden shop', WELCOME_MESSAGE: 'Y', WELCOME_MESSAGE_TEXT: 'Welcome to the garden shop!', QUEUE: [String(maria.id)] })

    // The visitor's page is another site that pasted the snippet (on loopback too: Chrome keeps public pages off local servers).
    const visitor = await browser.newPage({ viewport: { width: 390, height: 800 } })
    visitor.setDefaultTimeout(20_000)
    await visitor.route('http://localhost:9/garden', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><body><h1>Garden shop</h1>${snippet}</body></html>` }),
    )
    await visitor.goto('http://localhost:9/garden')
    await visitor.click('#ol-widget-button')
    const chat = visitor.frameLocator('#ol-widget-frame')
    await chat.locator('textarea').fill('Do you sell tulip bulbs?')
    await chat.locator('textarea').press('Enter')
    await chat.locator('.ol-system', { hasText: 'Welcome to the garden shop!' }).waitFor()

    const row = await t.deps.db.selectFrom('chats').select('id').where('line_id', '=', Number(lineId)).executeTakeFirstOrThrow()
    const reply = await t.call('im.message.add', { DIALOG_ID: `chat${row.id}`, MESSAGE: 'Yes, from September.' }, maria.hook)
    expect(reply.status).toBe(200)
    await chat.locator('.ol-operator', { hasText: 'Yes, from September.' }).waitFor()
    await visitor.screenshot({ path: `${ARTIFACTS}/console-admin-widget-answer.png` })
    await visitor.close()
    await admin.close()
  })

  it('shows the other administration screens on a narrow screen, each action with its progress', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await signIn(page, origin, 'ada@example.com', 'ada password')
    await page.getByRole('link', { name: 'Users and departments' }).click()
    await page.locator('table[aria-label="Users"]').getByText('maria@example.com').waitFor()
    await page.fill('input[name="NAME"]', 'Nils')
    await page.fill('input[name="EMAIL"]', 'nils@example.com')
    await page.click('form[aria-label="New user"] button[type="submit"]')
    await page.getByRole('status').filter({ hasText: /Added user #\d+/ }).waitFor()
    const nilsRow = page.locator('table[aria-label="Users"] tr', { hasText: 'nils@example.com' })
    await nilsRow.getByRole('button', { name: 'Set password' }).click()
    await nilsRow.locator('input[name="password"]').fill('nils password')
    await nilsRow.locator('input[name="password"]').press('Enter')
    await nilsRow.getByRole('status').filter({ hasText: 'Password set.' }).waitFor()
    const login = await t.app.inject({ method: 'POST', url: '/console/api/login', payload: { login: 'nils@example.com', password: 'nils password' } })
    expect(login.statusCode).toBe(200)
    await page.screenshot({ path: `${ARTIFACTS}/console-admin-users-narrow.png`, fullPage: true })

    await page.getByRole('link', { name: 'Apps and webhooks' }).click()
    await page.fill('input[name="TITLE"]', 'Garden CRM sync')
    await page.click('form[aria-label="New application"] button[type="submit"]')
    await page.getByText(/client_secret: \S+/).waitFor()
    await page.locator('table[aria-label="Applications"]').getByText('Garden CRM sync').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/console-admin-apps-narrow.png`, fullPage: true })

    await page.getByRole('link', { name: 'Event deliveries' }).click()
    await page.getByText('No failed deliveries.').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/console-admin-deliveries-narrow.png`, fullPage: true })
    await page.close()
  })
})
