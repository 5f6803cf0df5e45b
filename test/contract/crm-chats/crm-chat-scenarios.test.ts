import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { bindingRow, customerWrites, ok, systemTexts } from './crm-chat-helpers.js'

describe('chats and CRM: scenarios', () => {
  let t: DialogueApp
  beforeEach(async () => {
    t = await buildDialogueApp()
  })
  afterEach(() => t.close())

  it('a new widget customer creates a lead owned by the operator, and the dialogue shows the binding', async () => {
    const op = await t.operator({ name: 'Kate' })
    const line = await t.lines.add({ queue: [op.id], lineName: 'Shop', crm: true, crmCreate: 'lead', crmSource: 'create' })
    const d = await customerWrites(t, line.id, 'eve', 'Hello', { name: 'Eve', lastName: 'Adams', email: 'Eve@Example.com', phone: '+1 555 0100' })
    const row = await bindingRow(t, d.chatId)
    expect(row).toMatchObject({ crm_deal_id: 0, crm_contact_id: 0, crm_company_id: 0 })
    const leadId = row.crm_lead_id
    expect(leadId).toBeGreaterThan(0)

    const lead = await t.call('crm.lead.get', { id: leadId }, op.hook)
    expect(lead.body.result).toMatchObject({
      TITLE: 'Eve Adams - Shop', NAME: 'Eve', LAST_NAME: 'Adams', ASSIGNED_BY_ID: String(op.id), SOURCE_ID: `${line.id}|LIVECHAT`,
      EMAIL: [expect.objectContaining({ VALUE: 'Eve@Example.com' })], PHONE: [expect.objectContaining({ VALUE: '+1 555 0100' })],
      IM: [expect.objectContaining({ VALUE: `imol|livechat|${line.id}|chat-eve|user-eve`, VALUE_TYPE: 'IMOL' })],
    })

    const dialog = await t.call('imopenlines.dialog.get', { CHAT_ID: d.chatId }, op.hook)
    expect(dialog.body.result.entity_data_1).toMatch(new RegExp(`^Y\\|LEAD\\|${leadId}\\|N\\|N\\|${d.sessionId}\\|`))
    expect(dialog.body.result.entity_data_2).toBe(`LEAD|${leadId}|COMPANY|0|CONTACT|0|DEAL|0`)
    const history = await t.call('imopenlines.session.history.get', { CHAT_ID: d.chatId, SESSION_ID: d.sessionId }, op.hook)
    expect(history.body.result.chat[String(d.chatId)]).toMatchObject({ entityData2: `LEAD|${leadId}|COMPANY|0|CONTACT|0|DEAL|0` })
    expect(await systemTexts(t, d.chatId)).toContain('[b]A new lead has been created[/b]')
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId }, op.hook))
      .toEqual(ok([{ CHAT_ID: String(d.chatId), CONNECTOR_ID: 'livechat', CONNECTOR_TITLE: 'Live Chat' }]))
  })

  it('the same customer writing from another channel with the same e-mail is recognised (no second lead)', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'lead' })
    const first = await customerWrites(t, line.id, 'web-eve', 'Hi from the site', { email: 'eve@example.com' })
    const leadId = (await bindingRow(t, first.chatId)).crm_lead_id
    const second = await customerWrites(t, line.id, 'tg-eve', 'Hi from Telegram', { connector: 'telegrambot', email: 'EVE@example.com' })
    expect(second.chatId).not.toBe(first.chatId)
    expect(await bindingRow(t, second.chatId)).toMatchObject({ crm_lead_id: leadId, crm_contact_id: 0 })
    const leads = await t.call('crm.lead.list', { filter: { '>ID': 0 } }, op.hook)
    expect(leads.body.total).toBe(1)
    const chats = await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId }, op.hook)
    expect(chats.body.result.map((c: { CHAT_ID: string }) => c.CHAT_ID)).toEqual([String(second.chatId), String(first.chatId)])
    expect(await systemTexts(t, second.chatId)).toContain(`[b]The customer was found in CRM: lead #${leadId}[/b]`)
  })

  it('a known contact is found by phone; CRM_CREATE=deal gives their new dialogue a deal', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'deal' })
    const contact = await t.call('crm.contact.add', { fields: { NAME: 'Bob', PHONE: [{ VALUE: '+44 20 7946 0018', VALUE_TYPE: 'WORK' }] } })
    const d = await customerWrites(t, line.id, 'bob', 'Hello', { phone: '442079460018' })
    const row = await bindingRow(t, d.chatId)
    expect(row).toMatchObject({ crm_contact_id: contact.body.result, crm_lead_id: 0 })
    const deal = await t.call('crm.deal.get', { id: row.crm_deal_id })
    expect(deal.body.result).toMatchObject({ CONTACT_ID: String(contact.body.result), ASSIGNED_BY_ID: String(op.id) })
    const dialog = await t.call('imopenlines.dialog.get', { CHAT_ID: d.chatId }, op.hook)
    expect(dialog.body.result.entity_data_1.split('|').slice(0, 3)).toEqual(['Y', 'DEAL', String(row.crm_deal_id)])
  })

  it('CRM_FORWARD: a known customer goes to their responsible operator first', async () => {
    const a = await t.operator({ name: 'A' })
    const b = await t.operator({ name: 'B' })
    const line = await t.lines.add({ queue: [a.id, b.id], queueType: 'strictly', crm: true, crmCreate: 'none', crmForward: true })
    await t.call('crm.contact.add', { fields: { NAME: 'Vip', ASSIGNED_BY_ID: b.id, EMAIL: [{ VALUE: 'vip@example.com', VALUE_TYPE: 'WORK' }] } })
    const known = await customerWrites(t, line.id, 'vip', 'Hello', { email: 'vip@example.com' })
    expect(await t.session(known.sessionId)).toMatchObject({ status: 'offered', operator_id: b.id })
    // Strictly in queue order otherwise: an unknown customer goes to A.
    const stranger = await customerWrites(t, line.id, 'new', 'Hello')
    expect(await t.session(stranger.sessionId)).toMatchObject({ operator_id: a.id })
    // With forwarding off the known customer is routed as anyone.
    const plain = await t.lines.add({ queue: [a.id, b.id], queueType: 'strictly', crm: true, crmCreate: 'none', crmForward: false })
    const again = await customerWrites(t, plain.id, 'vip', 'Hello', { email: 'vip@example.com' })
    expect(await t.session(again.sessionId)).toMatchObject({ operator_id: a.id })
  })

  it('CRM_FORWARD: an offline responsible or one outside the queue does not hold the dialogue', async () => {
    const a = await t.operator({ name: 'A' })
    const b = await t.operator({ name: 'B', online: false })
    const outsider = await t.operator({ name: 'C' })
    const line = await t.lines.add({ queue: [a.id, b.id], queueType: 'strictly', crm: true, crmCreate: 'none', crmForward: true })
    await t.call('crm.contact.add', { fields: { NAME: 'One', ASSIGNED_BY_ID: b.id, EMAIL: [{ VALUE: 'one@example.com', VALUE_TYPE: 'WORK' }] } })
    await t.call('crm.contact.add', { fields: { NAME: 'Two', ASSIGNED_BY_ID: outsider.id, EMAIL: [{ VALUE: 'two@example.com', VALUE_TYPE: 'WORK' }] } })
    const one = await customerWrites(t, line.id, 'one', 'Hello', { email: 'one@example.com' })
    const two = await customerWrites(t, line.id, 'two', 'Hello', { email: 'two@example.com' })
    expect(await t.session(one.sessionId)).toMatchObject({ operator_id: a.id })
    expect(await t.session(two.sessionId)).toMatchObject({ operator_id: a.id })
  })

  it('CRM_TRANSFER_CHANGE: transferring the dialogue changes the lead\'s responsible', async () => {
    const a = await t.operator()
    const b = await t.operator()
    const line = await t.lines.add({ queue: [a.id], crm: true, crmCreate: 'lead', crmTransferChange: true })
    const d = await customerWrites(t, line.id, 'tr', 'Hello')
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, a.hook)
    const leadId = (await bindingRow(t, d.chatId)).crm_lead_id
    expect((await t.call('imopenlines.operator.transfer', { CHAT_ID: d.chatId, TRANSFER_ID: b.id }, a.hook)).body.result).toBe(true)
    expect((await t.call('crm.lead.get', { id: leadId })).body.result.ASSIGNED_BY_ID).toBe(String(b.id))
  })

  it('crm.lead.create from a dialogue of a line without CRM', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id] })
    const d = await customerWrites(t, line.id, 'ask', 'Hello', { name: 'Ann', email: 'ann@example.com' })
    expect(await bindingRow(t, d.chatId)).toEqual({ crm_lead_id: 0, crm_deal_id: 0, crm_contact_id: 0, crm_company_id: 0 })
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, op.hook)
    expect(await t.call('imopenlines.crm.lead.create', { CHAT_ID: d.chatId }, op.hook)).toEqual(ok(true))
    const leadId = (await bindingRow(t, d.chatId)).crm_lead_id
    expect((await t.call('crm.lead.get', { id: leadId }, op.hook)).body.result).toMatchObject({ NAME: 'Ann', ASSIGNED_BY_ID: String(op.id) })
    expect((await t.call('imopenlines.dialog.get', { CHAT_ID: d.chatId }, op.hook)).body.result.entity_data_2).toBe(`LEAD|${leadId}|COMPANY|0|CONTACT|0|DEAL|0`)
  })

  it('a user added to a CRM chat sees it; removed, no longer', async () => {
    const op = await t.operator()
    const colleague = await t.operator({ name: 'Sales' })
    const line = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'lead' })
    const d = await customerWrites(t, line.id, 'seen', 'Hello')
    const leadId = (await bindingRow(t, d.chatId)).crm_lead_id
    expect((await t.call('imopenlines.dialog.get', { CHAT_ID: d.chatId }, colleague.hook)).body.error).toBe('ACCESS_ERROR')
    expect(await t.call('imopenlines.crm.chat.user.add', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId, USER_ID: colleague.id }, op.hook)).toEqual(ok(d.chatId))
    const seen = await t.call('imopenlines.dialog.get', { CHAT_ID: d.chatId }, colleague.hook)
    expect(seen.body.result).toMatchObject({ id: d.chatId, role: 'member', entity_data_2: `LEAD|${leadId}|COMPANY|0|CONTACT|0|DEAL|0` })
    expect(await t.call('imopenlines.crm.message.add', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId, USER_ID: colleague.id, CHAT_ID: d.chatId, MESSAGE: 'I can help' }, colleague.hook))
      .toEqual(ok(expect.any(Number)))
    expect(await t.call('imopenlines.crm.chat.user.delete', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId, USER_ID: colleague.id }, op.hook)).toEqual(ok(d.chatId))
    expect((await t.call('imopenlines.dialog.get', { CHAT_ID: d.chatId }, colleague.hook)).body.error).toBe('ACCESS_ERROR')
  })

  it('deleting the CRM object keeps the chat and its history, unbinds it and records it', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'lead' })
    const d = await customerWrites(t, line.id, 'gone', 'Hello')
    const leadId = (await bindingRow(t, d.chatId)).crm_lead_id
    expect(await t.call('crm.lead.delete', { id: leadId })).toEqual(ok(true))
    expect(await bindingRow(t, d.chatId)).toEqual({ crm_lead_id: 0, crm_deal_id: 0, crm_contact_id: 0, crm_company_id: 0 })
    const log = await t.deps.db.selectFrom('crm_chat_log').select(['entity_type', 'entity_id', 'action', 'reason']).where('chat_id', '=', d.chatId).orderBy('id').execute()
    expect(log).toEqual([
      { entity_type: 'lead', entity_id: leadId, action: 'bind', reason: 'created' },
      { entity_type: 'lead', entity_id: leadId, action: 'unbind', reason: 'deleted' },
    ])
    const history = await t.call('imopenlines.session.history.get', { CHAT_ID: d.chatId, SESSION_ID: d.sessionId }, op.hook)
    const texts = Object.values(history.body.result.message as Record<string, { text: string }>).map((m) => m.text)
    expect(texts).toEqual(expect.arrayContaining(['Hello', `The lead #${leadId} bound to this dialogue was deleted; the dialogue is no longer bound to it`]))
    expect((await t.call('imopenlines.dialog.get', { CHAT_ID: d.chatId }, op.hook)).body.result.entity_data_2).toBe('LEAD|0|COMPANY|0|CONTACT|0|DEAL|0')
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId }, op.hook)).toEqual(ok([]))
  })
})
