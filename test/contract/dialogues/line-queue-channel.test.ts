import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { openSocket, webhookOf, type Frame } from '../../helpers/socket-frames.js'

const lineSignals = (frames: Frame[], channel: string) => frames.filter((f) => f.type === 'signal' && f.channel === channel)

describe('line:<id> queue channel on the operator socket', () => {
  let t: DialogueApp
  beforeAll(async () => {
    t = await buildDialogueApp()
  })
  afterAll(() => t.close())

  it('tells the line\'s supervisor which dialogue changed and how, and its operator only that the queue changed', async () => {
    const op = await t.operator({ name: 'Queue operator' })
    const sup = await t.operator({ name: 'Supervisor' })
    const line = await t.lines.add({ queue: [op.id] })
    expect((await t.call('openlines.config.access.set', { USER_ID: sup.id, CONFIG_ID: line.id, ROLE: 'supervisor' })).body.result).toBe(true)
    const channel = `line:${line.id}`
    const supSocket = await openSocket(t, `/realtime/operator?webhook=${webhookOf(sup.hook)}`)
    const opSocket = await openSocket(t, `/realtime/operator?webhook=${webhookOf(op.hook)}`)
    expect(await supSocket.subscribe(channel)).toEqual({ type: 'subscribed', channel })
    expect(await opSocket.subscribe(channel)).toEqual({ type: 'subscribed', channel })

    const d = await t.inbound(line.id, 'lq1', 'Hello')
    const offered = await supSocket.next((f) => f.type === 'signal' && f.data.STATUS === 'offered')
    expect(offered).toEqual({
      type: 'signal', channel, name: 'lineDialogue',
      data: { LINE_ID: line.id, CHAT_ID: d.chatId, SESSION_ID: d.sessionId, STATUS: 'offered', OPERATOR_ID: op.id },
    })
    expect(await opSocket.next((f) => f.type === 'signal')).toEqual({ type: 'signal', channel, name: 'lineDialogue', data: { LINE_ID: line.id } })

    // The operator takes it: it leaves the queue.
    expect((await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, op.hook)).body.result).toBe(true)
    const answered = await supSocket.next((f) => f.type === 'signal' && f.data.STATUS === 'answered')
    expect(answered.data).toEqual({ LINE_ID: line.id, CHAT_ID: d.chatId, SESSION_ID: d.sessionId, STATUS: 'answered', OPERATOR_ID: op.id })

    // A message inside the answered dialogue moves nothing in the queue: no signal for it.
    const before = lineSignals(supSocket.frames, channel).length
    await t.inbound(line.id, 'lq1', 'More')
    expect((await t.call('imopenlines.session.intercept', { CHAT_ID: d.chatId }, sup.hook)).status).toBe(200)
    const intercepted = await supSocket.next((f) => f.type === 'signal' && f.data.OPERATOR_ID === sup.id)
    expect(intercepted.data).toMatchObject({ CHAT_ID: d.chatId, OPERATOR_ID: sup.id })
    expect(lineSignals(supSocket.frames, channel).slice(before).map((f) => f.data.OPERATOR_ID)).toEqual([sup.id])
    supSocket.ws.terminate()
    opSocket.ws.terminate()
  })

  it('refuses the channel to users with no role on the line', async () => {
    const op = await t.operator({ name: 'Line A operator' })
    const stranger = await t.operator({ name: 'Line B operator' })
    const a = await t.lines.add({ queue: [op.id] })
    await t.lines.add({ queue: [stranger.id] })
    const s = await openSocket(t, `/realtime/operator?webhook=${webhookOf(stranger.hook)}`)
    expect(await s.subscribe(`line:${a.id}`)).toEqual({ type: 'error', error: 'ACCESS_DENIED', channel: `line:${a.id}` })
    expect(await s.subscribe('line:999999')).toEqual({ type: 'error', error: 'ACCESS_DENIED', channel: 'line:999999' })
    await t.inbound(a.id, 'lq2', 'Hello')
    // The administrator (every line) hears it; the stranger's socket got nothing but its refusals.
    const admin = await openSocket(t, `/realtime/operator?webhook=${webhookOf(t.adminHook)}`)
    expect(await admin.subscribe(`line:${a.id}`)).toEqual({ type: 'subscribed', channel: `line:${a.id}` })
    await t.inbound(a.id, 'lq3', 'Hello')
    expect((await admin.next((f) => f.type === 'signal')).data).toMatchObject({ LINE_ID: a.id, STATUS: 'offered', OPERATOR_ID: op.id })
    expect(s.frames.filter((f) => f.type === 'signal')).toEqual([])
    s.ws.terminate()
    admin.ws.terminate()
  })
})
