import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, consoleUser, runBrowser, signIn, startConsoleRig, type ConsoleRig } from './console-browser.js'

describe.runIf(runBrowser)('operator console in a real browser', () => {
  let rig: ConsoleRig
  beforeAll(async () => {
    rig = await startConsoleRig()
  })
  afterAll(async () => {
    await rig?.close()
  })

  it('an operator takes a waiting dialogue, answers while the customer sees it live, transfers it and the colleague finishes it', async () => {
    const { t, browser, origin } = rig
    const maria = await consoleUser(rig, 'Maria')
    const line = await t.lines.add({ queue: [maria.id], lineName: 'Shop support' })

    // The customer writes from the website widget (a second browser context).
    const customer = await (await browser.newContext({ viewport: { width: 390, height: 800 } })).newPage()
    customer.setDefaultTimeout(15_000)
    await customer.goto(`${origin}/online/demo?line=${line.id}`)
    await customer.click('#ol-widget-button')
    const widget = customer.frameLocator('#ol-widget-frame')
    await widget.locator('textarea').fill('Hello, where is my [B]order[/B]?')
    await widget.locator('textarea').press('Enter')
    await widget.locator('.ol-visitor', { hasText: 'where is my' }).waitFor()

    const page = await signIn(rig, maria)
    await page.getByRole('tab', { name: /Queue/ }).click()
    const waiting = page.locator('.dialogues a').first()
    await waiting.waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/console-queue.png` })
    await waiting.click()
    await page.locator('.msg.customer', { hasText: 'Hello, where is my' }).waitFor()
    // BB-code is rendered, not shown.
    await expect(page.locator('.msg.customer strong').first().textContent()).resolves.toBe('order')
    await page.getByRole('button', { name: 'Answer', exact: true }).click()
    await page.getByRole('button', { name: 'Finish' }).waitFor()

    const box = page.getByRole('textbox', { name: 'Write a message' })
    await box.fill('It ships today.')
    await box.press('Shift+Enter')
    await box.pressSequentially('Tracking follows.')
    await box.press('Enter')
    await page.locator('.msg.mine', { hasText: 'Tracking follows.' }).waitFor()
    await widget.locator('.ol-operator', { hasText: 'It ships today.' }).waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/console-dialogue.png` })

    // A good reply is kept as a quick answer of the line, from the message itself.
    await page.locator('.msg.mine', { hasText: 'Tracking follows.' }).getByRole('button', { name: 'Save as a quick answer' }).click()
    await page.locator('.msg.mine', { hasText: 'Tracking follows.' }).getByRole('button', { name: 'Saved as a quick answer' }).waitFor()
    const saved = await t.deps.db.selectFrom('quick_answers').select('text').where('line_id', '=', line.id).execute()
    expect(saved.map((q) => q.text)).toEqual([expect.stringContaining('Tracking follows.')])

    // The customer types: the operator sees it.
    await widget.locator('textarea').pressSequentially('Thanks')
    await page.locator('.typing', { hasText: 'typing' }).waitFor()

    // Transfer to a colleague, who then finishes the dialogue.
    const ivan = await consoleUser(rig, 'Ivan')
    await t.lines.update(line.id, { queue: [maria.id, ivan.id] })
    await page.getByRole('button', { name: 'Transfer' }).click()
    await page.locator(`.modal [data-user="${ivan.id}"]`).click()
    await page.locator('.modal').waitFor({ state: 'detached' })
    const chat = await t.deps.db.selectFrom('chats').select('id').where('line_id', '=', line.id).executeTakeFirstOrThrow()
    const ivanPage = await signIn(rig, ivan)
    // A link to the dialogue opens it directly (the cookie session survives the page load).
    await ivanPage.goto(`${origin}/console/chat/${chat.id}`)
    await ivanPage.locator('.msg', { hasText: 'It ships today.' }).waitFor()
    const answer = ivanPage.getByRole('button', { name: 'Answer', exact: true })
    if (await answer.isVisible()) await answer.click()
    await ivanPage.getByRole('button', { name: 'Finish' }).click()
    await ivanPage.getByText('Choose a dialogue.').waitFor()
    await ivanPage.getByRole('tab', { name: /Mine/ }).click()
    await ivanPage.locator(`.dialogues a[data-chat="${chat.id}"]`).waitFor({ state: 'detached' })
    const session = await t.deps.db.selectFrom('sessions').select(['status', 'operator_id']).where('chat_id', '=', chat.id).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(session.operator_id).toBe(ivan.id)
    expect(['closing', 'closed']).toContain(session.status)
  }, 120_000)
})
