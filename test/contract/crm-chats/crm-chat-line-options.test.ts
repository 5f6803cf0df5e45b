import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { contactDetails } from '../../../src/crm-chats/crm-tracker.service.js'
import { bindingRow, customerWrites, systemTexts } from './crm-chat-helpers.js'

/**
 * Line settings CRM_CREATE_SECOND (funnel of created deals), CRM_CREATE_THIRD
 * (a returning customer without an open deal gets a new one) and
 * CRM_CHAT_TRACKER (phones and e-mails written in the chat go to the CRM).
 */

let t: DialogueApp
let op: { id: number; hook: string }
let seq = 0
const who = (name: string) => `${name}-${++seq}`

beforeAll(async () => {
  t = await buildDialogueApp()
  op = await t.operator({ name: 'Kate' })
})
afterAll(() => t.close())

async function trackerRows(chatId: number) {
  return t.deps.db.selectFrom('crm_chat_tracker').select(['action', 'entity_type', 'entity_id', 'field', 'value']).where('chat_id', '=', chatId).orderBy('id').execute()
}

async function writesAgain(lineId: number, name: string, text: string) {
  return t.deps.dialogues.receiveCustomerMessage({
    connector: 'livechat', lineId, connectorChatId: `chat-${name}`, connectorUserId: `user-${name}`, user: { name }, message: { text },
  })
}

describe('CRM_CREATE_THIRD and CRM_CREATE_SECOND (CRM_CREATE=deal)', () => {
  it('a returning customer with an open deal: the chat joins that deal, whatever THIRD says', async () => {
    const contact = (await t.call('crm.contact.add', { fields: { NAME: 'Ann', EMAIL: [{ VALUE: 'ann@example.com', VALUE_TYPE: 'WORK' }] } })).body.result
    const deal = (await t.call('crm.deal.add', { fields: { TITLE: 'Running', CONTACT_ID: contact } })).body.result
    for (const third of [true, false]) {
      const line = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'deal', crmCreateThird: third, crmCreateSecond: '0' })
      const d = await customerWrites(t, line.id, who('ann'), 'Hello again', { email: 'ann@example.com' })
      expect(await bindingRow(t, d.chatId)).toMatchObject({ crm_contact_id: contact, crm_deal_id: deal, crm_lead_id: 0 })
      expect(await systemTexts(t, d.chatId)).toContain(`[b]The customer was found in CRM: deal #${deal}[/b]`)
    }
    expect((await t.call('crm.deal.list', { filter: { CONTACT_ID: contact } })).body.total).toBe(1)
  })

  it('a returning customer without an open deal gets a new deal in the line funnel with THIRD=Y, none with THIRD=N', async () => {
    const contact = (await t.call('crm.contact.add', { fields: { NAME: 'Ben', PHONE: [{ VALUE: '+1 555 0199', VALUE_TYPE: 'WORK' }] } })).body.result
    const won = (await t.call('crm.deal.add', { fields: { TITLE: 'Old', CONTACT_ID: contact, STAGE_ID: 'WON' } })).body.result

    const no = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'deal', crmCreateThird: false })
    const d1 = await customerWrites(t, no.id, who('ben'), 'Hi', { phone: '15550199' })
    expect(await bindingRow(t, d1.chatId)).toMatchObject({ crm_contact_id: contact, crm_deal_id: 0 })

    const yes = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'deal', crmCreateThird: true, crmCreateSecond: '0' })
    const d2 = await customerWrites(t, yes.id, who('ben'), 'Hi', { phone: '15550199' })
    const row = await bindingRow(t, d2.chatId)
    expect(row.crm_contact_id).toBe(contact)
    expect(row.crm_deal_id).not.toBe(won)
    const deal = (await t.call('crm.deal.get', { id: row.crm_deal_id })).body.result
    expect(deal).toMatchObject({ CONTACT_ID: String(contact), CATEGORY_ID: '0', CLOSED: 'N', ASSIGNED_BY_ID: String(op.id) })
  })

  it('a funnel this server does not have (CRM_CREATE_SECOND=7) falls back to the default funnel', async () => {
    const line = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'deal', crmCreateSecond: '7' })
    const d = await customerWrites(t, line.id, who('new'), 'Hello')
    const row = await bindingRow(t, d.chatId)
    expect(row.crm_contact_id).toBeGreaterThan(0)
    expect((await t.call('crm.deal.get', { id: row.crm_deal_id })).body.result.CATEGORY_ID).toBe('0')
  })
})

describe('CRM_CHAT_TRACKER', () => {
  it('finds phones and e-mails in a text, not dates, times or links', () => {
    expect(contactDetails('Call me at +1 (555) 010-0123 or mail Joe.Doe@Example.org, joe.doe@example.org; on 2024-05-23 at 12:30 see https://x.io/123456789'))
      .toEqual([{ field: 'EMAIL', value: 'Joe.Doe@Example.org' }, { field: 'PHONE', value: '+1 (555) 010-0123' }])
    expect(contactDetails('order 12345, ok')).toEqual([])
  })

  it('adds a new phone and e-mail the customer writes to the chat lead, once', async () => {
    const line = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'lead', crmChatTracker: true })
    const name = who('eve')
    const d = await customerWrites(t, line.id, name, 'Hello')
    const lead = (await bindingRow(t, d.chatId)).crm_lead_id
    await writesAgain(line.id, name, 'my phone is +49 30 1234567 and mail eve@example.net')
    await writesAgain(line.id, name, 'again: +49 30 1234567')
    const got = (await t.call('crm.lead.get', { id: lead })).body.result
    expect(got.PHONE).toEqual([expect.objectContaining({ VALUE: '+49 30 1234567', VALUE_TYPE: 'WORK' })])
    expect(got.EMAIL).toEqual([expect.objectContaining({ VALUE: 'eve@example.net' })])
    expect(await trackerRows(d.chatId)).toEqual([
      { action: 'extend', entity_type: 'lead', entity_id: lead, field: 'EMAIL', value: 'eve@example.net' },
      { action: 'extend', entity_type: 'lead', entity_id: lead, field: 'PHONE', value: '+49 30 1234567' },
    ])
    expect(await systemTexts(t, d.chatId)).toContain(`[b]The customer's phone number +49 30 1234567 was saved to the lead #${lead}[/b]`)
  })

  it('a phone the CRM knows binds the chat to that contact (the same customer on another channel)', async () => {
    const contact = (await t.call('crm.contact.add', { fields: { NAME: 'Max', PHONE: [{ VALUE: '+7 495 000-11-22', VALUE_TYPE: 'MOBILE' }] } })).body.result
    const line = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'none', crmChatTracker: true })
    const name = who('max')
    const d = await customerWrites(t, line.id, name, 'Hi')
    expect(await bindingRow(t, d.chatId)).toMatchObject({ crm_contact_id: 0, crm_lead_id: 0 })
    await writesAgain(line.id, name, 'It is me, 74950001122, and max@example.com')
    expect(await bindingRow(t, d.chatId)).toMatchObject({ crm_contact_id: contact })
    // the e-mail then goes to the contact the chat is now bound to
    const got = (await t.call('crm.contact.get', { id: contact })).body.result
    expect(got.EMAIL).toEqual([expect.objectContaining({ VALUE: 'max@example.com' })])
    expect((await trackerRows(d.chatId)).map((r) => [r.action, r.entity_type, r.entity_id, r.field])).toEqual([
      ['found', 'contact', contact, 'PHONE'], ['extend', 'contact', contact, 'EMAIL'],
    ])
    const chats = await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'contact', CRM_ENTITY: contact }, op.hook)
    expect(chats.body.result.map((c: { CHAT_ID: string }) => c.CHAT_ID)).toEqual([String(d.chatId)])
  })

  it('does nothing with CRM_CHAT_TRACKER=N', async () => {
    const line = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'lead', crmChatTracker: false })
    const name = who('quiet')
    const d = await customerWrites(t, line.id, name, 'Hello')
    const lead = (await bindingRow(t, d.chatId)).crm_lead_id
    await writesAgain(line.id, name, 'call +44 20 7946 0999')
    expect((await t.call('crm.lead.get', { id: lead })).body.result.PHONE).toBeUndefined()
    expect(await trackerRows(d.chatId)).toEqual([])
  })
})
