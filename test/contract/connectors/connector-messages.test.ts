import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { installApp, type InstalledApp } from '../apps/app-helpers.js'

const ICON = { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%2F%3E' }
const time = expect.objectContaining({ start: expect.any(Number) })

describe('imconnector: messages, statuses and events', () => {
  let t: DialogueApp
  let app: InstalledApp
  let op: { id: number; hook: string }
  let lineId: number
  beforeAll(async () => {
    t = await buildDialogueApp(undefined, { outbox: true })
    app = await installApp(t)
    op = await t.operator({ name: 'Klaus' })
    lineId = (await t.lines.add({ queue: [op.id] })).id
    await app.call('imconnector.register', { ID: 'tg', NAME: 'Channel', ICON, PLACEMENT_HANDLER: 'https://example.com/s' })
    await app.call('imconnector.activate', { CONNECTOR: 'tg', LINE: lineId, ACTIVE: 1 })
    const other = await installApp(t, { title: 'Listener' })
    for (const a of [app, other]) await a.call('event.bind', { event: 'ONIMCONNECTORMESSAGEADD', handler: 'http://127.0.0.1:18700/h' })
  })
  afterAll(() => t.close())

  const outbox = (name: string) => t.deps.db.selectFrom('events').selectAll().where('event_name', '=', name).orderBy('id').execute()
  const call = (method: string, MESSAGES: unknown[]) => app.call(method, { CONNECTOR: 'tg', LINE: lineId, MESSAGES })
  const msg = (id: string, text: string, user = 'u-1', chat = 'c-1') => ({
    user: { id: user, name: 'Anna', last_name: 'Berg', picture: { url: 'https://example.com/a.png' }, gender: 'female' },
    message: { id, date: 1773265993, text },
    chat: { id: chat, name: 'Support', url: 'https://example.com/c/1' },
  })

  it('takes customer messages in through the dialogue engine, once per external id', async () => {
    const res = await call('imconnector.send.messages', [msg('m-1', 'Hello')])
    const chat = await t.deps.db.selectFrom('chats').selectAll().where('connector_id', '=', 'tg').executeTakeFirstOrThrow()
    const session = await t.deps.db.selectFrom('sessions').select('id').where('chat_id', '=', chat.id).executeTakeFirstOrThrow()
    const item = {
      user: String(chat.guest_user_id),
      message: { id: 'm-1', date: 1773265993, text: 'Hello' },
      chat: { id: 'c-1', name: 'Support', description: 'Link to the original post: https://example.com/c/1' },
      SUCCESS: true,
      session: { ID: String(session.id), CHAT_ID: String(chat.id) },
    }
    expect(res).toEqual({ status: 200, body: { result: { SUCCESS: true, DATA: { RESULT: [item] } }, time } })
    expect(chat).toMatchObject({ line_id: lineId, connector_chat_id: 'c-1', connector_user_id: 'u-1', name: 'Support' })
    // The same message again is not stored twice.
    expect((await call('imconnector.send.messages', [msg('m-1', 'Hello')])).body.result.DATA.RESULT[0]).toMatchObject({ SUCCESS: true, session: item.session })
    const stored = await t.deps.db.selectFrom('messages').select(['text', 'external_id']).where('chat_id', '=', chat.id).where('external_id', 'is not', null).execute()
    expect(stored).toEqual([{ text: 'Hello', external_id: 'm-1' }])
    const guest = await t.deps.db.selectFrom('users').selectAll().where('id', '=', chat.guest_user_id).executeTakeFirstOrThrow()
    expect(guest).toMatchObject({ name: 'Anna', last_name: 'Berg' })
  })

  it('answers per-message failures inside RESULT and keeps the others', async () => {
    const bad = { user: { id: 'u-1' }, message: { id: 'm-x' }, chat: { id: 'c-1' } }
    const res = (await call('imconnector.send.messages', [bad, msg('m-2', 'Second')])).body.result
    expect(res.SUCCESS).toBe(false)
    expect(res.DATA.RESULT[0]).toEqual({ user: '', message: { id: 'm-x' }, chat: { id: 'c-1' }, SUCCESS: false, ERRORS: [expect.any(String)] })
    expect(res.DATA.RESULT[1]).toMatchObject({ SUCCESS: true })
  })

  it('updates and deletes the customer\'s messages by external id', async () => {
    const upd = await call('imconnector.update.messages', [msg('m-2', 'Second, edited')])
    expect(upd.body.result).toEqual({ SUCCESS: true, DATA: { RESULT: [{
      user: expect.any(String), message: { id: 'm-2', date: 1773265993, text: 'Second, edited' },
      chat: { id: 'c-1', name: 'Support', description: 'Link to the original post: https://example.com/c/1' }, SUCCESS: true,
    }] } })
    const del = await call('imconnector.delete.messages', [{ user: { id: 'u-1' }, message: { id: 'm-2' }, chat: { id: 'c-1' } }])
    expect(del.body.result).toEqual({ SUCCESS: true, DATA: { RESULT: [{ user: expect.any(String), message: { id: 'm-2' }, chat: { id: 'c-1' }, SUCCESS: true }] } })
    const row = await t.deps.db.selectFrom('messages').select(['text', 'deleted']).where('external_id', '=', 'm-2').executeTakeFirstOrThrow()
    expect(row).toEqual({ text: 'Second, edited', deleted: true })
    const missing = await call('imconnector.delete.messages', [{ user: { id: 'u-1' }, message: { id: 'nope' }, chat: { id: 'c-1' } }])
    expect(missing.body.result).toEqual({ SUCCESS: false, DATA: { RESULT: [{ user: '', message: { id: 'nope' }, chat: { id: 'c-1' }, SUCCESS: false, ERRORS: ['Message not found'] }] } })
  })

  it('records the operator\'s reply, edit and deletion as OnImConnectorMessage* for the connector app, and takes delivery and reading', async () => {
    const chat = await t.deps.db.selectFrom('chats').selectAll().where('connector_id', '=', 'tg').executeTakeFirstOrThrow()
    const id = (await t.call('im.message.add', { DIALOG_ID: `chat${chat.id}`, MESSAGE: 'Guten Tag!' }, op.hook)).body.result as number
    const [add] = await outbox('ONIMCONNECTORMESSAGEADD')
    expect(add).toMatchObject({ chat_id: chat.id, user_id: op.id })
    expect(JSON.parse(add.data)).toEqual({ CONNECTOR: 'tg', LINE: lineId, MESSAGES: [{
      im: { chat_id: chat.id, message_id: id }, message: { user_id: op.id, text: '[b]Klaus:[/b] [br]Guten Tag!' }, chat: { id: 'c-1' },
    }] })
    const delivered = await call('imconnector.send.status.delivery', [{ im: { chat_id: chat.id, message_id: id }, message: { id: ['ext-7'], date: 1773265999 }, chat: { id: 'c-1' } }])
    expect(delivered).toEqual({ status: 200, body: { result: { SUCCESS: true, DATA: [] }, time } })
    const read = await call('imconnector.send.status.reading', [{ im: { chat_id: chat.id, message_id: id }, message: { id: ['ext-7'] }, chat: { id: 'c-1' } }])
    expect(read.body.result).toEqual({ SUCCESS: true, DATA: [] })
    const mark = await t.deps.db.selectFrom('chat_members').select('last_read_id').where('chat_id', '=', chat.id).where('user_id', '=', chat.guest_user_id).executeTakeFirstOrThrow()
    expect(mark.last_read_id).toBe(id)
    const wrong = await call('imconnector.send.status.delivery', [{ im: { chat_id: chat.id, message_id: 1 }, message: { id: ['x'] }, chat: { id: 'c-1' } }])
    expect(wrong.body.result).toEqual({ SUCCESS: false, DATA: [{ im: { chat_id: chat.id, message_id: 1 }, ERRORS: ['Message not found in a chat of this connector'] }] })

    await t.call('im.message.update', { MESSAGE_ID: id, MESSAGE: 'What questions do you have?' }, op.hook)
    await t.call('im.message.delete', { MESSAGE_ID: id }, op.hook)
    const [upd] = await outbox('ONIMCONNECTORMESSAGEUPDATE')
    expect(JSON.parse(upd.data)).toEqual({ CONNECTOR: 'tg', LINE: lineId, MESSAGES: [{
      im: { chat_id: chat.id, message_id: id }, message: { id: ['ext-7'], text: '[b]Klaus:[/b] [br]What questions do you have?' }, chat: { id: 'c-1' },
    }] })
    const [del] = await outbox('ONIMCONNECTORMESSAGEDELETE')
    expect(JSON.parse(del.data)).toEqual({ CONNECTOR: 'tg', LINE: lineId, MESSAGES: [{ im: { chat_id: chat.id, message_id: id }, message: { id: 'ext-7' }, chat: { id: 'c-1' } }] })
    // Queued for the connector's app only, though another app listens to the event too.
    const queued = await t.deps.db.selectFrom('event_deliveries').select('app_id').where('event_id', '=', add.id).execute()
    expect(queued).toEqual([{ app_id: app.app.id }])
  })

  it('records OnImConnectorDialogStart and DialogFinish with the session block', async () => {
    const chat = await t.deps.db.selectFrom('chats').selectAll().where('connector_id', '=', 'tg').executeTakeFirstOrThrow()
    await t.call('imopenlines.operator.finish', { CHAT_ID: chat.id }, op.hook)
    const [start] = await outbox('ONIMCONNECTORDIALOGSTART')
    const [finish] = await outbox('ONIMCONNECTORDIALOGFINISH')
    const block = (closed: string) => ({ CONNECTOR: 'tg', LINE: String(lineId), DATA: [{
      connector: { connector_id: 'tg', line_id: lineId, chat_id: 'c-1', user_id: 'u-1' },
      session: { id: chat.last_session_id, closed, parent_id: 0, close_term: expect.any(Number) },
      chat: { id: chat.id },
      user: { id: 'u-1' },
    }] })
    expect(JSON.parse(start.data)).toEqual(block('N'))
    expect(JSON.parse(finish.data)).toEqual(block('Y'))
  })

  it('renames the chat of an external chat', async () => {
    const res = await app.call('imconnector.chat.name.set', { CONNECTOR: 'tg', LINE: lineId, CHAT_ID: 'c-1', USER_ID: 'u-1', NAME: 'VIP customer' })
    expect(res).toEqual({ status: 200, body: { result: { SUCCESS: true, DATA: { RESULT: {} } }, time } })
    expect((await t.deps.db.selectFrom('chats').select('name').where('connector_id', '=', 'tg').executeTakeFirstOrThrow()).name).toBe('VIP customer')
    expect(await app.call('imconnector.chat.name.set', { CONNECTOR: 'tg', LINE: lineId, CHAT_ID: 'nope', USER_ID: 'u-1', NAME: 'x' }))
      .toEqual({ status: 400, body: { error: 'CHAT_RENAMING_FAILED', error_description: 'Failed to rename the chat' } })
  })

  it('keeps operator messages as sent in a channel registered with EDIT_INTERNAL_MESSAGES=N and DEL_INTERNAL_MESSAGES=N', async () => {
    await app.call('imconnector.register', { ID: 'fixed', NAME: 'No edits', ICON, PLACEMENT_HANDLER: 'https://example.com/s', EDIT_INTERNAL_MESSAGES: 'N', DEL_INTERNAL_MESSAGES: 'N' })
    await app.call('imconnector.activate', { CONNECTOR: 'fixed', LINE: lineId, ACTIVE: 1 })
    await app.call('imconnector.send.messages', { CONNECTOR: 'fixed', LINE: lineId, MESSAGES: [msg('f-1', 'Hi', 'u-f', 'c-f')] })
    const chat = await t.deps.db.selectFrom('chats').selectAll().where('connector_id', '=', 'fixed').executeTakeFirstOrThrow()
    const id = (await t.call('im.message.add', { DIALOG_ID: `chat${chat.id}`, MESSAGE: 'Sent for good' }, op.hook)).body.result as number
    const refused = { status: 403, body: { error: 'CANT_EDIT_MESSAGE', error_description: "Time has expired for modification or you don't have access" } }
    expect(await t.call('im.message.update', { MESSAGE_ID: id, MESSAGE: 'Changed' }, op.hook)).toEqual(refused)
    expect(await t.call('im.message.update', { MESSAGE_ID: id, MESSAGE: '' }, op.hook)).toEqual(refused)
    expect(await t.call('im.message.delete', { MESSAGE_ID: id }, op.hook)).toEqual(refused)
    expect(await t.deps.db.selectFrom('messages').select(['text', 'deleted']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ text: 'Sent for good', deleted: false })
    // Editing only is allowed when the connector allows it (DEL stays off).
    await app.call('imconnector.register', { ID: 'fixed', NAME: 'No deletes', ICON, PLACEMENT_HANDLER: 'https://example.com/s', DEL_INTERNAL_MESSAGES: 'N' })
    expect((await t.call('im.message.update', { MESSAGE_ID: id, MESSAGE: 'Changed' }, op.hook)).body.result).toBe(true)
    expect(await t.call('im.message.delete', { MESSAGE_ID: id }, op.hook)).toEqual(refused)
  })
})
