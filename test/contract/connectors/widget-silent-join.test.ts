import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { openSocket as open, webhookOf } from '../../helpers/socket-frames.js'

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

  it("the visitor's socket hears neither their typing nor their reading; the operator's console hears their whispers", async () => {
    const token = (await t.app.inject({ method: 'POST', url: '/online/api/start', payload: { line: lineId } })).json().token as string
    const { chatId } = await widget('POST', '/online/api/message', token, { text: 'Hi again' })
    await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, op.hook)
    await t.call('imopenlines.session.join', { CHAT_ID: chatId, SILENT: 'Y' }, boss.hook)
    const visitor = await open(t, `/online/api/socket?token=${token}`)
    const iris = await open(t, `/realtime/operator?webhook=${webhookOf(op.hook)}`)
    const hugo = await open(t, `/realtime/operator?webhook=${webhookOf(boss.hook)}`)
    for (const s of [iris, hugo]) {
      s.ws.send(JSON.stringify({ type: 'subscribe', channel: `chat:${chatId}` }))
      await s.next((f) => f.type === 'subscribed')
    }
    hugo.ws.send(JSON.stringify({ type: 'typing', chatId }))
    await hugo.next((f) => f.type === 'ok')
    await t.call('im.dialog.writing', { DIALOG_ID: `chat${chatId}` }, boss.hook)
    await t.call('im.dialog.read', { DIALOG_ID: `chat${chatId}` }, boss.hook)
    const whisper = (await t.call('im.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'Be brief' }, boss.hook)).body.result
    // Signals go out just after their commit, so the silent join's own note may arrive after subscribing too: look for the whisper's.
    expect(await iris.next((f) => f.type === 'signal' && f.name === 'internalMessage' && f.data?.id === whisper)).toMatchObject({ channel: `chat:${chatId}`, data: { id: whisper } })
    // Then the operator types and replies: that is the first the visitor hears.
    iris.ws.send(JSON.stringify({ type: 'typing', chatId }))
    await iris.next((f) => f.type === 'ok')
    await t.call('im.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'Iris here' }, op.hook)
    await visitor.next((f) => f.type === 'message' && f.message.text === 'Iris here')
    expect(visitor.frames.map((f) => f.type)).toEqual(['typing', 'message'])
    for (const s of [visitor, iris, hugo]) s.ws.terminate()
  })
})
