import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, consoleUser, runBrowser, signIn, startConsoleRig, type ConsoleRig } from './console-browser.js'

describe.runIf(runBrowser)('supervisor console in a real browser', () => {
  let rig: ConsoleRig
  beforeAll(async () => {
    rig = await startConsoleRig()
  })
  afterAll(async () => {
    await rig?.close()
  })

  it("a supervisor sees the line's dialogues, reads one, rates it, and intercepts it from its operator", async () => {
    const { t } = rig
    const olga = await consoleUser(rig, 'Olga')
    const sam = await consoleUser(rig, 'Sam')
    const line = await t.lines.add({ queue: [olga.id], lineName: 'Returns' })
    await t.lines.grant(line.id, sam.id, 'supervisor')
    const { chatId } = await t.inbound(line.id, 'Kim', 'I want to return a [I]broken[/I] kettle')
    await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, olga.hook)
    await t.call('im.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'Sorry to hear that!' }, olga.hook)

    const page = await signIn(rig, sam, { width: 1280, height: 800 })
    await page.getByRole('tab', { name: /All lines/ }).click()
    await page.locator(`.dialogues a[data-chat="${chatId}"]`, { hasText: 'In work' }).click()
    // Not in the chat: the session's history, read-only.
    await page.locator('.msg', { hasText: 'Sorry to hear that!' }).waitFor()
    await expect(page.locator('.msg em', { hasText: 'broken' }).count()).resolves.toBe(1)
    await page.locator('.composer-off', { hasText: 'Join the dialogue' }).waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/console-supervisor.png` })

    await page.getByRole('button', { name: '4 of 5' }).click()
    await expect.poll(async () => (await t.deps.db.selectFrom('sessions').select('vote_head').where('chat_id', '=', chatId).executeTakeFirstOrThrow()).vote_head).toBe(4)

    await page.getByRole('button', { name: 'Intercept', exact: true }).click()
    await page.getByRole('button', { name: 'Finish', exact: true }).waitFor()
    const box = page.getByRole('textbox', { name: 'Write a message' })
    await box.fill('I am the supervisor, I will help you.')
    await box.press('Enter')
    await page.locator('.msg.mine', { hasText: 'I will help you.' }).waitFor()
    const session = await t.deps.db.selectFrom('sessions').select(['operator_id', 'status']).where('chat_id', '=', chatId).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(session).toEqual({ operator_id: sam.id, status: 'answered' })
  }, 120_000)

  it('works on a narrow screen: the list, then the dialogue with a way back', async () => {
    const { t } = rig
    const nina = await consoleUser(rig, 'Nina')
    const line = await t.lines.add({ queue: [nina.id], lineName: 'Mobile' })
    const { chatId } = await t.inbound(line.id, 'Lee', 'Hi from my phone')
    await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, nina.hook)
    const page = await signIn(rig, nina, { width: 390, height: 760 })
    await page.locator(`.dialogues a[data-chat="${chatId}"]`).click()
    await page.locator('.msg', { hasText: 'Hi from my phone' }).waitFor()
    await expect(page.locator('.lists').isVisible()).resolves.toBe(false)
    await page.screenshot({ path: `${ARTIFACTS}/console-narrow.png` })
    await page.getByRole('link', { name: 'Back to the list' }).click()
    await page.locator(`.dialogues a[data-chat="${chatId}"]`).waitFor()
  }, 120_000)
})
