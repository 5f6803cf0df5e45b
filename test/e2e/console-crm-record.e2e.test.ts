import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, consoleUser, runBrowser, signIn, startConsoleRig, type ConsoleRig } from './console-browser.js'

describe.runIf(runBrowser)('the CRM record behind a dialogue, in the console', () => {
  let rig: ConsoleRig
  beforeAll(async () => {
    rig = await startConsoleRig()
  })
  afterAll(async () => {
    await rig?.close()
  })

  it("the customer card's link opens the record's fields and its dialogues in the console", async () => {
    const { t } = rig
    const maria = await consoleUser(rig, 'Maria')
    const line = await t.lines.add({ queue: [maria.id], lineName: 'Sales', crm: true, crmCreate: 'lead', crmSource: 'create' })
    const { chatId } = await t.inbound(line.id, 'Kim', 'How much is the blue kettle?')
    await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, maria.hook)
    const leadId = (await t.deps.db.selectFrom('chats').select('crm_lead_id').where('id', '=', chatId).executeTakeFirstOrThrow()).crm_lead_id
    const lead = (await t.call('crm.lead.get', { id: leadId }, maria.hook)).body.result

    const page = await signIn(rig, maria)
    await page.locator(`.dialogues a[data-chat="${chatId}"]`).click()
    await page.locator(`.crm-object[data-crm="LEAD${leadId}"]`).getByRole('link', { name: 'Open the record' }).click()
    const record = page.getByRole('region', { name: `Lead ${leadId}` })
    await record.getByRole('heading', { name: `Lead #${leadId}: ${lead.TITLE}` }).waitFor()
    expect(new URL(page.url()).pathname).toBe(`/console/crm/lead/${leadId}`)
    // Fields by their titles from crm.lead.fields, with their values.
    await expect(record.locator('[data-field="STATUS_ID"] dt').textContent()).resolves.toBe('Stage')
    await expect(record.locator('[data-field="STATUS_ID"] dd').textContent()).resolves.toBe(String(lead.STATUS_ID))
    // People by name, not id.
    await record.locator('[data-field="ASSIGNED_BY_ID"] dd', { hasText: /^Maria$/ }).waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/console-crm-record.png`, fullPage: true })
    await record.getByRole('link', { name: `Dialogue #${chatId}` }).click()
    await page.locator('.msg.customer', { hasText: 'blue kettle' }).waitFor()
    await page.context().close()
  }, 120_000)
})
