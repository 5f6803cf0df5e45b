import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { openSocket as open, webhookOf } from '../../helpers/socket-frames.js'

describe('realtime hub: the operator socket', () => {
  let t: DialogueApp
  beforeAll(async () => {
    t = await buildDialogueApp(undefined, { outbox: true })
  })
  afterAll(() => t.close())

  it('pushes committed dialogue events of a chat the operator may see', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id] })
    const d = await t.inbound(line.id, 'rt1', 'Hello')
    const s = await open(t, `/realtime/operator?webhook=${webhookOf(op.hook)}`)
    s.ws.send(JSON.stringify({ type: 'subscribe', channel: `chat:${d.chatId}` }))
    expect(await s.next((f) => f.type === 'subscribed')).toEqual({ type: 'subscribed', channel: `chat:${d.chatId}` })
    const id = (await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Live!' }, op.hook)).body.result
    const frame = await s.next((f) => f.event === 'ONOPENLINEMESSAGEADD')
    expect(frame).toMatchObject({ type: 'event', channel: `chat:${d.chatId}`, id: expect.any(Number) })
    expect(frame.data.DATA[0].message).toMatchObject({ id, text: 'Live!', user_id: op.id })
    // A failed change (rolled back) pushes nothing; the next good one arrives after it.
    await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'x', REPLY_ID: 999999 }, op.hook)
    await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'After' }, op.hook)
    await s.next((f) => f.data?.DATA?.[0]?.message?.text === 'After')
    expect(s.frames.filter((f) => f.event === 'ONOPENLINEMESSAGEADD').map((f) => f.data.DATA[0].message.text)).toEqual(['Live!', 'After'])
    // Passing signals (typing) reach the same subscribers.
    await t.deps.realtime.feed.signal(`chat:${d.chatId}`, 'typing', { userId: 5 })
    expect(await s.next((f) => f.type === 'signal')).toEqual({ type: 'signal', channel: `chat:${d.chatId}`, name: 'typing', data: { userId: 5 } })
    s.ws.terminate()
  })

  it('refuses chats the operator may not see, and sockets without credentials', async () => {
    const op = await t.operator()
    const stranger = await t.operator({ name: 'Stranger' })
    const line = await t.lines.add({ queue: [op.id] })
    const d = await t.inbound(line.id, 'rt2', 'Hello')
    const s = await open(t, `/realtime/operator?webhook=${webhookOf(stranger.hook)}`)
    s.ws.send(JSON.stringify({ type: 'subscribe', channel: `chat:${d.chatId}` }))
    expect(await s.next((f) => f.type === 'error')).toEqual({ type: 'error', error: 'ACCESS_DENIED', channel: `chat:${d.chatId}` })
    s.ws.send('not json')
    expect(await s.next((f) => f.error === 'BAD_FRAME')).toEqual({ type: 'error', error: 'BAD_FRAME' })
    s.ws.terminate()
    const anon = await open(t, '/realtime/operator')
    expect(await anon.closed).toBe(4401)
    const wrong = await open(t, '/realtime/operator?webhook=1/wrongcode')
    expect(await wrong.closed).toBe(4401)
  })
})
