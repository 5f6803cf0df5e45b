import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, consoleUser, runBrowser, signIn, startConsoleRig, type ConsoleRig } from './console-browser.js'

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

describe.runIf(runBrowser)('dialogue view in a real browser: files, silent join, the vote', () => {
  let rig: ConsoleRig
  beforeAll(async () => {
    rig = await startConsoleRig()
  })
  afterAll(async () => {
    await rig?.close()
  })

  it('the operator sends a file the widget visitor gets; a supervisor joins silently and whispers; the customer\'s like shows live', async () => {
    const { t, browser, origin } = rig
    const olga = await consoleUser(rig, 'Olga')
    const sam = await consoleUser(rig, 'Sam')
    const line = await t.lines.add({ queue: [olga.id], lineName: 'Manuals', voteMessage: true, closeRule: 'text', closeText: 'Bye!' })
    await t.lines.grant(line.id, sam.id, 'supervisor')

    const customer = await (await browser.newContext({ viewport: { width: 390, height: 800 } })).newPage()
    customer.setDefaultTimeout(15_000)
    await customer.goto(`${origin}/online/demo?line=${line.id}`)
    await customer.click('#ol-widget-button')
    const widget = customer.frameLocator('#ol-widget-frame')
    await widget.locator('textarea').fill('Do you have the manual?')
    await widget.locator('textarea').press('Enter')
    await widget.locator('.ol-visitor', { hasText: 'the manual' }).waitFor()
    const chat = await t.deps.db.selectFrom('chats').select('id').where('line_id', '=', line.id).executeTakeFirstOrThrow()
    await t.call('imopenlines.operator.answer', { CHAT_ID: chat.id }, olga.hook)

    // The operator attaches a file: a progress state, then the file in the history, downloadable from the console.
    const page = await signIn(rig, olga)
    await page.goto(`${origin}/console/chat/${chat.id}`)
    await page.getByRole('button', { name: 'Finish' }).waitFor()
    await page.getByLabel('Attach a file').setInputFiles({ name: 'manual.pdf', mimeType: 'application/pdf', buffer: PDF })
    const attachment = page.locator('.msg.mine .attachment', { hasText: 'manual.pdf' })
    await attachment.waitFor()
    const href = await attachment.getAttribute('href')
    const fetched = await page.evaluate(async (url) => {
      const res = await fetch(url!)
      return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength }
    }, href)
    expect(fetched).toEqual({ status: 200, type: 'application/pdf', size: PDF.length })
    // The visitor sees it as the operator's message and downloads it.
    const file = widget.locator('.ol-operator .ol-file', { hasText: 'manual.pdf' })
    await file.waitFor()
    const download = customer.waitForEvent('download')
    await file.locator('a').click()
    expect((await download).suggestedFilename()).toBe('manual.pdf')
    await page.screenshot({ path: `${ARTIFACTS}/console-file-sent.png` })

    // The supervisor joins silently and writes: the operator sees it, the customer does not.
    const boss = await signIn(rig, sam)
    await boss.goto(`${origin}/console/chat/${chat.id}`)
    await boss.getByRole('button', { name: 'Join silently' }).click()
    await boss.getByText('You joined silently').waitFor()
    const box = boss.getByRole('textbox', { name: 'Write a message' })
    await box.fill('Tell her about the English edition')
    await box.press('Enter')
    await boss.locator('.msg.mine', { hasText: 'English edition' }).waitFor()
    await page.locator('.msg.colleague', { hasText: 'English edition' }).waitFor()
    await page.locator('.msg.system', { hasText: 'Sam joined the dialogue silently' }).waitFor()
    await boss.screenshot({ path: `${ARTIFACTS}/console-silent-join.png` })

    const reply = page.getByRole('textbox', { name: 'Write a message' })
    await reply.fill('There is an English edition too.')
    await reply.press('Enter')
    await widget.locator('.ol-operator', { hasText: 'English edition too' }).waitFor()
    await expect(widget.locator('.ol-msg', { hasText: 'Tell her about' }).count()).resolves.toBe(0)
    await expect(widget.locator('.ol-msg', { hasText: 'joined' }).count()).resolves.toBe(0)

    // The operator finishes; the customer likes it; the supervisor's open view shows the rating without a reload.
    await page.getByRole('button', { name: 'Finish' }).click()
    await widget.locator('.ol-vote button[data-like="true"]').click()
    await boss.locator('.session-votes [data-vote="like"]', { hasText: 'liked' }).waitFor()
    await boss.screenshot({ path: `${ARTIFACTS}/console-vote.png` })
    const session = await t.deps.db.selectFrom('sessions').select(['vote']).where('chat_id', '=', chat.id).executeTakeFirstOrThrow()
    expect(session.vote).toBe(5)
  }, 120_000)
})
