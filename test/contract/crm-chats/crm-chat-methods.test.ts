import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { bindingRow, customerWrites, err, ok } from './crm-chat-helpers.js'

const E_TYPE_EMPTY = err(400, 'ERROR_ARGUMENT', "Argument 'CRM_ENTITY_TYPE' is null or empty")
const E_ENTITY_EMPTY = err(400, 'ERROR_ARGUMENT', "Argument 'CRM_ENTITY' is null or empty")
const E_ENTITY_TYPE = err(400, 'ERROR_ARGUMENT', "The value of an argument 'CRM_ENTITY' has an invalid type")
const EMPTY_CRM = err(400, 'CRM_CHAT_EMPTY_CRM_DATA', 'Empty CRM data')
const NOT_FOUND = err(400, 'CRM_CHAT_EMPTY_CRM_DATA', 'Could not find CRM object')
const NOT_IN_CRM = err(400, 'CHAT_NOT_IN_CRM', 'Chat does not belong to the CRM object being checked')
const JOIN_DENIED = err(403, 'ACCESS_DENIED', "Access denied! You don't have access to join user to chat")
const NOT_ACTIVE = err(400, 'CRM_CHAT_USER_NOT_ACTIVE', 'User not active')

describe('imopenlines.crm.* methods', () => {
  let t: DialogueApp
  let op: { id: number; hook: string }
  let other: { id: number; hook: string }
  let lineId: number
  let chatId: number
  let sessionId: number
  let leadId: number

  beforeEach(async () => {
    t = await buildDialogueApp()
    op = await t.operator({ name: 'Owner' })
    other = await t.operator({ name: 'Other' })
    lineId = (await t.lines.add({ queue: [op.id], crm: true, crmCreate: 'lead' })).id
    const d = await customerWrites(t, lineId, 'c1', 'Hello')
    chatId = d.chatId
    sessionId = d.sessionId
    leadId = (await bindingRow(t, chatId)).crm_lead_id
    await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, op.hook)
  })
  afterEach(() => t.close())

  /** Employees then read only their own objects (the CRM permission setting), and the lead is not open to everyone. */
  const ownOnly = async () => {
    await t.deps.crm.updateSettings(t.deps.db, { readAll: false })
    expect(await t.call('crm.lead.update', { id: leadId, fields: { OPENED: 'N' } })).toEqual(ok(true))
  }

  it('crm.chat.get: active chats by default, all with ACTIVE_ONLY=N, [] for a missing object', async () => {
    const chat = { CHAT_ID: String(chatId), CONNECTOR_ID: 'livechat', CONNECTOR_TITLE: 'Live Chat' }
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId }, op.hook)).toEqual(ok([chat]))
    await t.call('imopenlines.operator.finish', { CHAT_ID: chatId }, op.hook)
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY: String(leadId) }, op.hook)).toEqual(ok([]))
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId, ACTIVE_ONLY: 'N' }, op.hook)).toEqual(ok([chat]))
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'deal', CRM_ENTITY: 999 }, op.hook)).toEqual(ok([]))
  })

  it('crm.chat.get errors', async () => {
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY: leadId }, op.hook)).toEqual(E_TYPE_EMPTY)
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead' }, op.hook)).toEqual(E_ENTITY_EMPTY)
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: 'abc' }, op.hook)).toEqual(E_ENTITY_TYPE)
    const denied = err(403, 'ACCESS_DENIED', "Access denied! You don't have access to this action")
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'invoice', CRM_ENTITY: leadId }, op.hook)).toEqual(denied)
    await ownOnly()
    expect(await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId }, other.hook)).toEqual(denied)
  })

  it('crm.chat.getLastId: the newest chat; errors', async () => {
    expect(await t.call('imopenlines.crm.chat.getLastId', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId }, op.hook)).toEqual(ok(chatId))
    expect(await t.call('imopenlines.crm.chat.getLastId', { CRM_ENTITY: leadId }, op.hook)).toEqual(EMPTY_CRM)
    expect(await t.call('imopenlines.crm.chat.getLastId', { CRM_ENTITY_TYPE: 'lead' }, op.hook)).toEqual(EMPTY_CRM)
    expect(await t.call('imopenlines.crm.chat.getLastId', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: '1.5' }, op.hook))
      .toEqual(err(400, 'ERROR_ARGUMENT', 'The value of an argument CRM_ENTITY has an invalid type'))
    expect(await t.call('imopenlines.crm.chat.getLastId', { CRM_ENTITY_TYPE: 'invoice', CRM_ENTITY: leadId }, op.hook)).toEqual(NOT_FOUND)
    expect(await t.call('imopenlines.crm.chat.getLastId', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: 999999 }, op.hook)).toEqual(NOT_FOUND)
    const bare = await t.call('crm.lead.add', { fields: { TITLE: 'No chat' } })
    expect(await t.call('imopenlines.crm.chat.getLastId', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: bare.body.result }, op.hook)).toEqual(NOT_FOUND)
    await ownOnly()
    expect(await t.call('imopenlines.crm.chat.getLastId', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId }, other.hook)).toEqual(NOT_FOUND)
  })

  it('crm.chat.user.add: CHAT_ID or the newest chat, 0 when the object has none; errors', async () => {
    const base = { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId }
    expect(await t.call('imopenlines.crm.chat.user.add', { ...base, USER_ID: other.id, CHAT_ID: chatId }, op.hook)).toEqual(ok(chatId))
    expect(await t.call('imopenlines.crm.chat.user.add', { ...base, USER_ID: other.id }, op.hook))
      .toEqual(err(400, 'WRONG_REQUEST', "You don't have access or user already member in chat"))
    const bare = await t.call('crm.lead.add', { fields: { TITLE: 'No chat' } })
    expect(await t.call('imopenlines.crm.chat.user.add', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: bare.body.result, USER_ID: other.id }, op.hook)).toEqual(ok(0))
    expect(await t.call('imopenlines.crm.chat.user.add', { CRM_ENTITY: leadId, USER_ID: other.id }, op.hook)).toEqual(E_TYPE_EMPTY)
    expect(await t.call('imopenlines.crm.chat.user.add', { CRM_ENTITY_TYPE: 'lead', USER_ID: other.id }, op.hook)).toEqual(E_ENTITY_EMPTY)
    expect(await t.call('imopenlines.crm.chat.user.add', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: 'x', USER_ID: other.id }, op.hook)).toEqual(E_ENTITY_TYPE)
    expect(await t.call('imopenlines.crm.chat.user.add', base, op.hook)).toEqual(err(400, 'ERROR_ARGUMENT', "Argument 'Empty USER_ID' is null or empty"))
    expect(await t.call('imopenlines.crm.chat.user.add', { ...base, CRM_ENTITY_TYPE: 'quote', USER_ID: other.id }, op.hook)).toEqual(JOIN_DENIED)
    expect(await t.call('imopenlines.crm.chat.user.add', { ...base, USER_ID: 999999 }, op.hook)).toEqual(NOT_ACTIVE)
    const other2 = await t.operator({ name: 'Third' })
    expect(await t.call('imopenlines.crm.chat.user.add', { ...base, USER_ID: other2.id, CHAT_ID: 999999 }, op.hook)).toEqual(NOT_IN_CRM)
    await ownOnly()
    expect(await t.call('imopenlines.crm.chat.user.add', { ...base, USER_ID: op.id }, other2.hook)).toEqual(JOIN_DENIED)
    expect(await t.call('imopenlines.crm.chat.user.add', { ...base, USER_ID: other2.id }, op.hook)).toEqual(err(403, 'ACCESS_DENIED',
      'Access denied! This user does not have access to the chat because he does not have access to this CRM object'))
  })

  it('crm.chat.user.delete: removes a member; errors', async () => {
    const base = { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId }
    await t.call('imopenlines.crm.chat.user.add', { ...base, USER_ID: other.id }, op.hook)
    expect(await t.call('imopenlines.crm.chat.user.delete', { ...base, USER_ID: other.id }, other.hook))
      .toEqual(err(403, 'CHAT_DELETE_USER_PERMISSION_DENIED', "You don't have access to delete a user from this chat"))
    expect(await t.call('imopenlines.crm.chat.user.delete', { ...base, USER_ID: other.id, CHAT_ID: chatId }, op.hook)).toEqual(ok(chatId))
    const notIn = err(400, 'WRONG_REQUEST', "You don't have access or user already not in chat")
    expect(await t.call('imopenlines.crm.chat.user.delete', { ...base, USER_ID: other.id }, op.hook)).toEqual(notIn)
    // The operator holding the dialogue leaves only through the dialogue's own actions.
    expect(await t.call('imopenlines.crm.chat.user.delete', { ...base, USER_ID: op.id }, op.hook)).toEqual(notIn)
    const bare = await t.call('crm.lead.add', { fields: { TITLE: 'No chat' } })
    expect(await t.call('imopenlines.crm.chat.user.delete', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: bare.body.result, USER_ID: other.id }, op.hook)).toEqual(ok(0))
    expect(await t.call('imopenlines.crm.chat.user.delete', { CRM_ENTITY_TYPE: 'lead', USER_ID: other.id }, op.hook)).toEqual(EMPTY_CRM)
    expect(await t.call('imopenlines.crm.chat.user.delete', base, op.hook)).toEqual(err(400, 'CRM_CHAT_EMPTY_USER', 'Empty User ID'))
    expect(await t.call('imopenlines.crm.chat.user.delete', { ...base, CRM_ENTITY: 'x', USER_ID: other.id }, op.hook)).toEqual(E_ENTITY_TYPE)
    expect(await t.call('imopenlines.crm.chat.user.delete', { ...base, CRM_ENTITY_TYPE: 'quote', USER_ID: other.id }, op.hook)).toEqual(JOIN_DENIED)
    expect(await t.call('imopenlines.crm.chat.user.delete', { ...base, USER_ID: other.id, CHAT_ID: 999999 }, op.hook)).toEqual(NOT_IN_CRM)
    expect(await t.call('imopenlines.crm.chat.user.delete', { ...base, USER_ID: 999999 }, op.hook)).toEqual(NOT_ACTIVE)
    await ownOnly()
    expect(await t.call('imopenlines.crm.chat.user.delete', { ...base, USER_ID: op.id }, other.hook)).toEqual(JOIN_DENIED)
  })

  it('crm.message.add: a participant writes into the chat; errors', async () => {
    const base = { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId, USER_ID: op.id, CHAT_ID: chatId, MESSAGE: 'From the CRM card' }
    const sent = await t.call('imopenlines.crm.message.add', base, op.hook)
    expect(sent).toEqual(ok(expect.any(Number)))
    const row = await t.deps.db.selectFrom('messages').selectAll().where('id', '=', sent.body.result).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ chat_id: chatId, author_id: op.id, text: 'From the CRM card', session_id: sessionId })
    for (const name of ['CRM_ENTITY_TYPE', 'CRM_ENTITY', 'USER_ID', 'CHAT_ID', 'MESSAGE'] as const) {
      const { [name]: _gone, ...rest } = base
      expect(await t.call('imopenlines.crm.message.add', rest, op.hook)).toEqual(err(400, 'ERROR_ARGUMENT', `Argument \`${name}\` is null or empty`))
    }
    expect(await t.call('imopenlines.crm.message.add', { ...base, USER_ID: other.id }, op.hook))
      .toEqual(err(400, 'CANCELED', 'You cannot send messages to the specified chat'))
    const otherChat = (await customerWrites(t, lineId, 'c2', 'Hi')).chatId
    expect(await t.call('imopenlines.crm.message.add', { ...base, CHAT_ID: otherChat }, op.hook)).toEqual(NOT_IN_CRM)
    const denied = err(403, 'ACCESS_DENIED', "Access denied! User don't have access to this entity")
    expect(await t.call('imopenlines.crm.message.add', { ...base, CRM_ENTITY_TYPE: 'quote' }, op.hook)).toEqual(denied)
    await ownOnly()
    expect(await t.call('imopenlines.crm.message.add', base, other.hook)).toEqual(denied)
    expect(await t.call('imopenlines.crm.message.add', { ...base, USER_ID: other.id }, op.hook)).toEqual(denied)
  })

  it('crm.lead.create errors', async () => {
    expect(await t.call('imopenlines.crm.lead.create', {}, op.hook)).toEqual(err(400, 'CHAT_ID', 'The specified chat identifier is incorrect'))
    expect(await t.call('imopenlines.crm.lead.create', { CHAT_ID: 999999 }, op.hook)).toEqual(err(400, 'CHAT_ID', 'The specified chat identifier is incorrect'))
    const outsider = await t.createUser({ name: 'Outsider' })
    expect(await t.call('imopenlines.crm.lead.create', { CHAT_ID: chatId }, outsider.hook))
      .toEqual(err(400, 'ACCESS_DENIED', 'You cannot open this conversation as you do not have sufficient rights'))
    await t.call('imopenlines.crm.chat.user.add', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId, USER_ID: other.id }, op.hook)
    expect(await t.call('imopenlines.crm.lead.create', { CHAT_ID: chatId }, other.hook))
      .toEqual(err(400, 'ERROR_USER_NOT_OPERATOR', 'Attempt to save a CRM object by a user who is not an operator'))
    expect(await bindingRow(t, chatId)).toMatchObject({ crm_lead_id: leadId })
  })

  it('asks for the imopenlines scope', async () => {
    const crmOnly = await t.createUser({ name: 'Crm only', scopes: ['crm'] })
    const res = await t.call('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: leadId }, crmOnly.hook)
    expect(res.status).toBe(403)
    expect(res.body.error).toBe('insufficient_scope')
  })
})
