import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'

describe('inbound customer message (internal entry point)', () => {
  let t: DialogueApp
  beforeEach(async () => {
    t = await buildDialogueApp()
  })
  afterEach(() => t.close())

  it('creates the guest user, the chat by USER_CODE and a session offered to an operator', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], lineName: 'Support' })
    const res = await t.inbound(line.id, 'anna', 'Hello')
    expect(res).toEqual({
      chatId: expect.any(Number), sessionId: expect.any(Number), messageId: expect.any(Number), userId: expect.any(Number),
      duplicate: false, sessionStarted: true, voted: false,
    })
    const guest = await t.deps.db.selectFrom('users').selectAll().where('id', '=', res.userId).executeTakeFirstOrThrow()
    expect(guest).toMatchObject({ user_type: 'imconnector', name: 'anna', xml_id: `imconnector|telegrambot|${line.id}|u-anna` })
    const chat = await t.deps.db.selectFrom('chats').selectAll().where('id', '=', res.chatId).executeTakeFirstOrThrow()
    expect(chat).toMatchObject({ entity_type: 'LINES', entity_id: `telegrambot|${line.id}|c-anna|u-anna`, name: 'anna - Support', message_count: 1, last_message_id: res.messageId })
    expect(await t.session(res.sessionId)).toMatchObject({ number: 1, status: 'offered', operator_id: op.id, line_id: line.id })
    const members = await t.deps.db.selectFrom('chat_members').select('user_id').where('chat_id', '=', res.chatId).orderBy('user_id').execute()
    expect(members.map((m) => m.user_id).sort()).toEqual([op.id, res.userId].sort())
  })

  it('stores a message delivered twice once, and keeps one session for the chat', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id] })
    const first = await t.inbound(line.id, 'bob', 'Hi', { externalId: 'm-1' })
    const again = await t.inbound(line.id, 'bob', 'Hi', { externalId: 'm-1' })
    expect(again).toMatchObject({ duplicate: true, messageId: first.messageId, sessionId: first.sessionId, sessionStarted: false })
    const next = await t.inbound(line.id, 'bob', 'Anyone?', { externalId: 'm-2' })
    expect(next).toMatchObject({ duplicate: false, sessionId: first.sessionId, sessionStarted: false })
    const count = await t.deps.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('chat_id', '=', first.chatId).executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(2)
  })

  it('a new customer\'s first messages arriving at once make one chat and one session holding all of them', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id] })
    const all = await Promise.all(['a', 'b', 'c', 'd'].map((x) => t.inbound(line.id, 'rush', `m-${x}`, { externalId: `r-${x}` })))
    expect(new Set(all.map((r) => r.chatId)).size).toBe(1)
    expect(new Set(all.map((r) => r.sessionId)).size).toBe(1)
    expect(all.filter((r) => r.sessionStarted)).toHaveLength(1)
    const chat = await t.deps.db.selectFrom('chats').selectAll().where('id', '=', all[0].chatId).executeTakeFirstOrThrow()
    expect(chat).toMatchObject({ session_count: 1, last_session_id: all[0].sessionId, message_count: 4 })
    expect(await t.session(all[0].sessionId)).toMatchObject({ status: 'offered', wait_answer: true, last_customer_at: expect.any(Date) })
  })

  it('records OnSessionStart inside the transaction with the documented payload', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id] })
    const res = await t.inbound(line.id, '42', 'Hello')
    expect(t.events.named('OnSessionStart')).toEqual([{
      name: 'OnSessionStart', connectorId: 'telegrambot', lineId: line.id, chatId: res.chatId, userId: null, inTransaction: true,
      data: { DATA: [{
        connector: { connector_id: 'telegrambot', line_id: line.id, chat_id: 'c-42', user_id: 'u-42' },
        session: { id: res.sessionId, closed: 'N', parent_id: 0, close_term: 60 },
        chat: { id: res.chatId },
        user: { id: 'u-42' },
      }] },
    }])
  })

  it('waits in the queue when no operator is online, and goes to the first who comes online', async () => {
    const op = await t.operator({ online: false })
    const line = await t.lines.add({ queue: [op.id] })
    const res = await t.inbound(line.id, 'carl', 'Hello')
    expect(await t.session(res.sessionId)).toMatchObject({ status: 'waiting', operator_id: null })
    await t.setOnline(op.id, true)
    await t.deps.timers.runDueTimers(t.clock.now())
    await t.deps.dialogues.queue.sweep(t.clock.now())
    expect(await t.session(res.sessionId)).toMatchObject({ status: 'offered', operator_id: op.id })
  })

  it('refuses an unknown or inactive line and an empty message', async () => {
    await expect(t.inbound(999, 'x', 'Hi')).rejects.toMatchObject({ code: 'LINE_NOT_FOUND' })
    const off = await t.lines.add({ active: false })
    await expect(t.inbound(off.id, 'x', 'Hi')).rejects.toMatchObject({ code: 'LINE_INACTIVE' })
    const line = await t.lines.add()
    await expect(t.inbound(line.id, 'x', '  ')).rejects.toMatchObject({ code: 'MESSAGE_EMPTY' })
    await expect(t.inbound(line.id, 'a|b', 'Hi')).rejects.toMatchObject({ code: 'ERROR_ARGUMENT' })
  })

  it('keeps attachment metadata with the message', async () => {
    const line = await t.lines.add()
    const res = await t.inbound(line.id, 'dora', '', { files: [{ name: 'photo.PNG', type: 'image', url: 'https://cdn.example/p.png', size: 2048, width: 10, height: 20 }] })
    const files = await t.deps.db.selectFrom('message_files').selectAll().where('message_id', '=', res.messageId).execute()
    expect(files).toEqual([expect.objectContaining({ name: 'photo.PNG', type: 'image', extension: 'png', size: 2048, url: 'https://cdn.example/p.png', width: 10, height: 20, author_id: res.userId })])
  })
})
