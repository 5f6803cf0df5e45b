import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'

type Json = Record<string, any>

describe('website widget: a supervisor who joined silently is not shown to the visitor', () => {
  let t: DialogueApp
  let op: { id: number; hook: string }
  let boss: { id: number; hook: string }
  let lineId: number
  beforeAll(async () => {
    t = await buildDialogueApp(undefined, { outbox: true })
    op = await t.operator({ name: 'Iris' })
    boss = await t.operator({ name: 'Hugo' })
    lineId = (await t.lines.add({ queue: [op.id] })).id
    await t.lines.grant(lineId, boss.id, 'supervisor')
  })
  afterAll(() => t.close())

  const widget = async (method: 'GET' | 'POST', url: string, token: string, payload?: Json) =>
    (await t.app.inject({ method, url, headers: { 'x-widget-token': token }, ...(payload ? { payload } : {}) })).json() as Json

  it('no join note, no whispers, no read mark from them; a plain join afterwards is announced', async () => {
    const token = (await t.app.inject({ method: 'POST', url: '/online/api/start', payload: { line: lineId } })).json().token as string
    const { chatId } = await widget('POST', '/online/api/message', token, { text: 'Hello?' })
    await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, op.hook)
    await t.call('im.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'Hi, Iris here.' }, op.hook)
    await t.call('imopenlines.session.join', { CHAT_ID: chatId, SILENT: 'Y' }, boss.hook)
    await t.call('im.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'Ask for the order number' }, boss.hook)
    const { messages } = await widget('POST', '/online/api/message', token, { text: 'It is #42' }).then(() => widget('GET', '/online/api/history', token))
    const last = messages.at(-1).id as number
    await t.call('im.dialog.read', { DIALOG_ID: `chat${chatId}`, MESSAGE_ID: last }, boss.hook)

    const seen = await widget('GET', '/online/api/history', token)
    expect(seen.messages.map((m: Json) => [m.from, m.text])).toEqual([['visitor', 'Hello?'], ['operator', 'Hi, Iris here.'], ['visitor', 'It is #42']])
    expect(seen.readUpTo).toBeLessThan(last)

    await t.call('imopenlines.session.join', { CHAT_ID: chatId }, boss.hook)
    const after = await widget('GET', '/online/api/history', token)
    expect(after.messages.at(-1)).toMatchObject({ from: 'system', text: 'Hugo joined the conversation' })
    expect(after.readUpTo).toBe(last)
  })
})
