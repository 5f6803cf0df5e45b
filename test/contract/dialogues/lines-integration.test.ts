import { describe, expect, it } from 'vitest'
import type { DialogueApp } from '../../helpers/dialogue-app.js'
import { useDialogueApp } from '../../helpers/dialogue-fixture.js'

describe('dialogues with the lines domain', () => {
  let t: DialogueApp
  useDialogueApp((app) => (t = app))

  it('config.delete closes the line\'s open dialogues and keeps their history readable', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], closeRule: 'text', closeText: 'Bye', voteMessage: true })
    const answered = await t.inbound(line.id, 'del1', 'Hello')
    await t.call('imopenlines.operator.answer', { CHAT_ID: answered.chatId }, op.hook)
    const waiting = await t.inbound(line.id, 'del2', 'Hello too')
    t.events.clear()
    expect((await t.call('imopenlines.config.delete', { CONFIG_ID: line.id })).body.result).toBe(true)
    for (const d of [answered, waiting]) expect(await t.session(d.sessionId)).toMatchObject({ status: 'closed', close_reason: 'line' })
    expect(t.events.named('OnSessionFinish')).toHaveLength(2)
    // Closed by the line's end: no closing text, no vote request.
    const texts = await t.deps.db.selectFrom('messages').select('params').where('chat_id', '=', answered.chatId).where('author_id', '=', 0).execute()
    expect(texts).toEqual([])
    const history = await t.call('imopenlines.session.history.get', { SESSION_ID: answered.sessionId })
    expect(history.body.result.usersMessage[`chat${answered.chatId}`]).toHaveLength(1)
    await expect(t.inbound(line.id, 'del3', 'Anyone?')).rejects.toMatchObject({ code: 'LINE_NOT_FOUND' })
  })

  it('line supervisors and managers granted through openlines.config.access.set act on dialogues', async () => {
    const op = await t.operator()
    const boss = await t.operator()
    const line = await t.lines.add({ queue: [op.id] })
    const d = await t.inbound(line.id, 'sup', 'Hello')
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, op.hook)
    expect((await t.call('imopenlines.operator.another.finish', { CHAT_ID: d.chatId }, boss.hook)).body.error).toBe('ACCESS_DENIED')
    await t.lines.grant(line.id, boss.id, 'supervisor')
    expect((await t.call('imopenlines.operator.another.finish', { CHAT_ID: d.chatId }, boss.hook)).body.result).toBe(true)
  })

  it('imopenlines.message.quick.save reads the message from the line chat', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id] })
    const d = await t.inbound(line.id, 'qs', 'Hello')
    const id = (await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Our hours are 9 to 6' }, op.hook)).body.result
    const saved = await t.call('imopenlines.message.quick.save', { CHAT_ID: d.chatId, MESSAGE_ID: id }, op.hook)
    expect(saved.status).toBe(200)
    expect(saved.body.error).toBeUndefined()
  })
})
