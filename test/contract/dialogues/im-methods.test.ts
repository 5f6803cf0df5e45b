import { describe, expect, it } from 'vitest'
import type { DialogueApp } from '../../helpers/dialogue-app.js'
import { useDialogueTeam, type Person } from '../../helpers/dialogue-fixture.js'

const err = (status: number, error: string, error_description: string) => ({ status, body: { error, error_description } })

describe('im.* methods on open-line chats', () => {
  let t: DialogueApp, a: Person, b: Person, lineId: number
  let n = 0
  useDialogueTeam((team) => ({ t, a, b, lineId } = team), { queue: 'ann' })

  async function offered() {
    return t.inbound(lineId, `c${++n}`, 'Hello')
  }

  it('im.message.add: the offered operator\'s message answers the dialogue and goes out as OnOpenLineMessageAdd', async () => {
    const d = await offered()
    t.events.clear()
    const res = await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'How can I help?', ATTACH: JSON.stringify([{ MESSAGE: 'card' }]) }, a.hook)
    expect(res.body).toEqual({ result: expect.any(Number), time: expect.any(Object) })
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'answered', operator_id: a.id, first_answer_at: expect.any(Date) })
    expect(t.events.named('OnOpenLineMessageAdd')).toEqual([{
      name: 'OnOpenLineMessageAdd', connectorId: 'telegrambot', lineId, chatId: d.chatId, userId: a.id, inTransaction: true,
      data: { DATA: [{
        connector: { connector_id: 'telegrambot', line_id: lineId, chat_id: `c-c${n}`, user_id: `u-c${n}` },
        chat: { id: d.chatId },
        message: { id: res.body.result, date: expect.any(String), text: 'How can I help?', files: [], attach: '[{"MESSAGE":"card"}]', system: 'N', user_id: a.id },
        ref: [],
        extra: { EXTRA_URL: '' },
      }] },
    }])
  })

  it('im.message.add errors', async () => {
    const d = await offered()
    const add = (p: Record<string, unknown>, hook = a.hook) => t.call('im.message.add', p, hook)
    expect(await add({ DIALOG_ID: `chat${d.chatId}`, MESSAGE: ' ' })).toEqual(err(400, 'MESSAGE_EMPTY', "Message can't be empty"))
    expect(await add({ MESSAGE: 'x' })).toEqual(err(400, 'USER_ID_EMPTY', "User ID can't be empty"))
    expect(await add({ DIALOG_ID: '99999', MESSAGE: 'x' })).toEqual(err(400, 'USER_NOT_FOUND', 'User not found'))
    expect(await add({ DIALOG_ID: String(b.id), MESSAGE: 'x' })).toEqual(err(400, 'ACCESS_ERROR', 'Action unavailable'))
    expect(await add({ DIALOG_ID: 'chat99999', MESSAGE: 'x' })).toEqual(err(400, 'CHAT_ID', 'Error creating message'))
    expect(await add({ DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'x' }, b.hook)).toEqual(err(400, 'ACCESS_ERROR', 'Action unavailable'))
    expect(await add({ DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'x', ATTACH: '{broken' })).toEqual(err(400, 'ATTACH_ERROR', 'Incorrect attach params'))
    expect(await add({ DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'x', ATTACH: [{ MESSAGE: 'y'.repeat(40000) }] })).toEqual(err(400, 'ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach'))
    expect(await add({ DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'x', KEYBOARD: 5 })).toEqual(err(400, 'KEYBOARD_ERROR', 'Incorrect keyboard params'))
    expect(await add({ DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'x', MENU: 'nope' })).toEqual(err(400, 'MENU_ERROR', 'Incorrect menu params'))
    expect(await add({ DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'x', REPLY_ID: 99999 })).toEqual(err(400, 'REPLY_ACCESS_ERROR', 'Action unavailable'))
    const other = await offered()
    expect(await add({ DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'x', REPLY_ID: other.messageId })).toEqual(err(400, 'REPLY_FROM_OTHER_CHAT_ERROR', 'You can only reply to a message within the same chat'))
    expect((await add({ DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'x', REPLY_ID: d.messageId })).body.result).toEqual(expect.any(Number))
  })

  it('im.message.update and im.message.delete: the author edits, OnOpenLineMessageUpdate/Delete are recorded', async () => {
    const d = await offered()
    const id = (await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Draft' }, a.hook)).body.result
    t.events.clear()
    expect((await t.call('im.message.update', { MESSAGE_ID: id, MESSAGE: 'Final' }, a.hook)).body).toEqual({ result: true, time: expect.any(Object) })
    const row = await t.deps.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ text: 'Final', params: { IS_EDITED: 'Y' } })
    expect(t.events.named('OnOpenLineMessageUpdate')[0].data).toEqual({
      CONNECTOR: 'telegrambot', LINE: lineId, DATA: [{ im: { chat_id: d.chatId, message_id: id }, message: { id }, chat: { id: `c-c${n}` } }],
    })
    expect(await t.call('im.message.update', { MESSAGE_ID: id, MESSAGE: 'Hack' }, b.hook)).toEqual(err(403, 'CANT_EDIT_MESSAGE', "Time has expired for modification or you don't have access"))
    expect(await t.call('im.message.update', { MESSAGE: 'x' }, a.hook)).toEqual(err(400, 'MESSAGE_ID_ERROR', "Message ID can't be empty"))
    expect((await t.call('im.message.update', { MESSAGE_ID: id, ATTACH: 'x{' }, a.hook)).body.error).toBe('ATTACH_ERROR')
    expect((await t.call('im.message.update', { MESSAGE_ID: id, MENU: 7 }, a.hook)).body.error).toBe('menu_ERROR')
    expect((await t.call('im.message.delete', { MESSAGE_ID: id }, b.hook)).body.error).toBe('CANT_EDIT_MESSAGE')
    expect((await t.call('im.message.delete', { MESSAGE_ID: id }, a.hook)).body.result).toBe(true)
    expect(t.events.named('OnOpenLineMessageDelete')).toHaveLength(1)
    expect((await t.call('im.message.delete', { MESSAGE_ID: id }, a.hook)).body.error).toBe('CANT_EDIT_MESSAGE')
    expect((await t.call('im.message.delete', {}, a.hook)).body.error).toBe('MESSAGE_ID_ERROR')
  })

  it('im.dialog.messages.get pages by LAST_ID and FIRST_ID, newest first', async () => {
    const d = await offered()
    const ids = [d.messageId]
    for (const text of ['one', 'two', 'three']) ids.push((await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: text }, a.hook)).body.result)
    const latest = await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${d.chatId}`, LIMIT: 2 }, a.hook)
    expect(latest.body.result.chat_id).toBe(d.chatId)
    expect(latest.body.result.messages.map((m: { id: number }) => m.id)).toEqual([ids[3], ids[2]])
    expect(latest.body.result.messages[0]).toEqual({
      id: ids[3], chat_id: d.chatId, author_id: a.id, date: expect.any(String), text: 'three', unread: false, uuid: expect.any(String), replaces: [], params: [], disappearing_date: null,
    })
    expect(latest.body.result.users.map((u: { id: number }) => u.id)).toEqual([a.id])
    const older = await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${d.chatId}`, LAST_ID: ids[2] }, a.hook)
    expect(older.body.result.messages.map((m: { id: number }) => m.id)).toEqual([ids[1], ids[0]])
    expect(older.body.result.messages[1]).toMatchObject({ author_id: d.userId, unread: true })
    const newer = await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${d.chatId}`, FIRST_ID: ids[1] }, a.hook)
    expect(newer.body.result.messages.map((m: { id: number }) => m.id)).toEqual([ids[3], ids[2]])
    expect(await t.call('im.dialog.messages.get', {}, a.hook)).toEqual(err(400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty"))
    expect(await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${d.chatId}`, FIRST_ID: 'x' }, a.hook)).toEqual(err(400, 'FIRST_ID_STRING', "First ID can't be string"))
    expect(await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${d.chatId}`, LAST_ID: 'x' }, a.hook)).toEqual(err(400, 'LAST_ID_STRING', "Last ID can't be string"))
    expect(await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${d.chatId}` }, b.hook)).toEqual(err(403, 'ACCESS_ERROR', 'You do not have access to the specified dialog'))
  })

  it('im.dialog.read, im.dialog.writing, im.chat.get, im.chat.user.list', async () => {
    const d = await offered()
    const read = await t.call('im.dialog.read', { DIALOG_ID: `chat${d.chatId}` }, a.hook)
    expect(read.body.result).toEqual({ dialogId: `chat${d.chatId}`, chatId: d.chatId, lastId: d.messageId, counter: 0 })
    expect((await t.call('im.dialog.read', { DIALOG_ID: `chat${d.chatId}` }, b.hook)).body.result).toBe(false)
    expect(await t.call('im.dialog.read', {}, a.hook)).toEqual(err(400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty"))

    const signals: unknown[] = []
    t.deps.dialogues.imDialogs.onTyping((s) => signals.push(s))
    expect((await t.call('im.dialog.writing', { DIALOG_ID: `chat${d.chatId}` }, a.hook)).body.result).toBe(true)
    expect(signals).toEqual([{ chatId: d.chatId, userId: a.id, at: expect.any(Date) }])
    expect(await t.call('im.dialog.writing', { DIALOG_ID: `chat${d.chatId}` }, b.hook)).toEqual(err(403, 'ACCESS_ERROR', 'Action unavailable'))
    expect((await t.call('im.dialog.writing', { DIALOG_ID: 'x' }, a.hook)).body.error).toBe('DIALOG_ID_EMPTY')

    const code = `telegrambot|${lineId}|c-c${n}|u-c${n}`
    expect((await t.call('im.chat.get', { ENTITY_TYPE: 'LINES', ENTITY_ID: code }, a.hook)).body.result).toEqual({ ID: d.chatId })
    expect((await t.call('im.chat.get', { ENTITY_TYPE: 'LINES', ENTITY_ID: 'no|1|2|3' }, a.hook)).body.result).toBeNull()
    expect((await t.call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|1' }, a.hook)).body.result).toBeNull()

    expect((await t.call('im.chat.user.list', { CHAT_ID: d.chatId }, a.hook)).body.result.sort()).toEqual([a.id, d.userId].sort())
    expect((await t.call('im.chat.user.list', { CHAT_ID: d.chatId }, b.hook)).body.result).toEqual([])
    expect(await t.call('im.chat.user.list', {}, a.hook)).toEqual(err(400, 'CHAT_ID_EMPTY', "Chat ID can't be empty"))
    expect(await t.call('im.chat.user.list', { CHAT_ID: 99999 }, a.hook)).toEqual(err(403, 'ACCESS_ERROR', 'Action unavailable'))
  })

  it('im.recent.list lists the operator\'s line chats with their session', async () => {
    const me = await t.operator({ name: 'Recent' })
    const line = await t.lines.add({ queue: [me.id] })
    const d1 = await t.inbound(line.id, 'r1', 'First')
    t.clock.advance(5)
    const d2 = await t.inbound(line.id, 'r2', 'Second')
    const res = await t.call('im.recent.list', {}, me.hook)
    const r = res.body.result
    expect(r).toMatchObject({ hasMore: false, hasMorePages: false, messagesAutoDeleteConfigs: [] })
    expect(r.items.map((i: { chat_id: number }) => i.chat_id)).toEqual([d2.chatId, d1.chatId])
    expect(r.items[0]).toMatchObject({
      id: `chat${d2.chatId}`, type: 'chat', title: 'r2 - ' + line.lineName, counter: 1, pinned: false,
      message: { id: d2.messageId, text: 'Second', author_id: d2.userId, file: false, attach: false },
      lines: { id: d2.sessionId, status: 0 }, chat: { id: d2.chatId, type: 'lines', entity_type: 'LINES' },
      user: { id: d2.userId, connector: true },
    })
    const page = await t.call('im.recent.list', { LIMIT: 1 }, me.hook)
    expect(page.body.result).toMatchObject({ hasMore: true, items: [expect.objectContaining({ chat_id: d2.chatId })] })
    expect((await t.call('im.recent.list', { SKIP_OPENLINES: 'Y' }, me.hook)).body.result.items).toEqual([])
    await t.call('im.dialog.read', { DIALOG_ID: `chat${d1.chatId}` }, me.hook)
    expect((await t.call('im.recent.list', { UNREAD_ONLY: 'Y' }, me.hook)).body.result.items.map((i: { chat_id: number }) => i.chat_id)).toEqual([d2.chatId])
  })
})
