import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { openSocket, webhookOf } from '../../helpers/socket-frames.js'

type Json = Record<string, any>

describe('website widget: public endpoints', () => {
  let t: DialogueApp
  let op: { id: number; hook: string }
  let lineId: number
  beforeAll(async () => {
    t = await buildDialogueApp(undefined, { outbox: true })
    op = await t.operator({ name: 'Maria' })
    lineId = (await t.lines.add({ queue: [op.id], welcomeMessage: true, welcomeMessageText: 'Welcome to our shop!', voteMessage: true })).id
  })
  afterAll(() => t.close())

  const post = async (path: string, payload: Json, token?: string) => {
    const res = await t.app.inject({ method: 'POST', url: `/online/api/${path}`, payload, headers: token ? { 'x-widget-token': token } : {} })
    return { status: res.statusCode, body: res.json() as Json }
  }
  const get = async (path: string, token?: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/online/api/${path}`, headers: token ? { 'x-widget-token': token } : {} })
    return { status: res.statusCode, body: res.json() as Json }
  }

  it('gives a visitor an identity, takes their message into the line and shows the welcome text, never user ids', async () => {
    const start = await post('start', { line: lineId })
    expect(start).toEqual({ status: 200, body: {
      token: expect.stringMatching(/^[a-z0-9]{40}$/), line: { lineName: expect.any(String), vote: true, likeText: expect.any(String), dislikeText: expect.any(String) },
      chatId: null, messages: [], readUpTo: 0,
    } })
    const token = start.body.token as string
    const sent = await post('message', { text: 'Do you ship to Berlin?', clientId: 'c-1' }, token)
    expect(sent).toEqual({ status: 200, body: { chatId: expect.any(Number), id: expect.any(Number) } })
    // The same client id again (a retried request) is stored once.
    expect((await post('message', { text: 'Do you ship to Berlin?', clientId: 'c-1' }, token)).body.id).toBe(sent.body.id)
    const history = await get('history', token)
    expect(history.body.messages.map((m: Json) => [m.from, m.text])).toEqual([['visitor', 'Do you ship to Berlin?'], ['system', 'Welcome to our shop!']])
    expect(Object.keys(history.body.messages[0]).sort()).toEqual(['date', 'from', 'id', 'name', 'text', 'vote'])
    // Returning with the same token continues the same chat.
    const again = await post('start', { line: lineId }, token)
    expect(again.body).toMatchObject({ token, chatId: sent.body.chatId })
    expect(again.body.messages).toHaveLength(2)
  })

  it('pushes the operator reply to the visitor\'s socket and takes the rating', async () => {
    const token = (await post('start', { line: lineId })).body.token as string
    const { chatId } = (await post('message', { text: 'Hello?' }, token)).body
    const ws = await t.app.injectWS(`/online/api/socket?token=${token}`)
    const frames: Json[] = []
    const got = new Promise<Json>((resolve) => ws.on('message', (raw: Buffer) => {
      const f = JSON.parse(raw.toString()) as Json
      frames.push(f)
      if (f.type === 'message' && f.message.from === 'operator') resolve(f)
    }))
    await t.call('im.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'Yes, we do.' }, op.hook)
    expect(await got).toEqual({ type: 'message', message: { id: expect.any(Number), text: 'Yes, we do.', date: expect.any(String), from: 'operator', name: 'Maria', vote: false } })
    // Another visitor's socket never joins this chat.
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'chat:1' }))
    await t.call('imopenlines.operator.finish', { CHAT_ID: chatId }, op.hook)
    const h = await get('history', token)
    const voteRequest = h.body.messages.find((m: Json) => m.vote === true)
    expect(voteRequest).toMatchObject({ from: 'system' })
    expect((await post('vote', { like: true }, token)).body).toEqual({ voted: true })
    ws.terminate()
    expect(frames).toContainEqual({ type: 'error', error: 'ACCESS_DENIED', channel: 'chat:1' })
  })

  it('answers unknown visitors, unknown lines and empty messages with errors, and limits floods', async () => {
    expect(await get('history', 'nope')).toEqual({ status: 401, body: { error: 'VISITOR_UNKNOWN', error_description: 'Unknown visitor' } })
    expect(await post('start', { line: 999999 })).toEqual({ status: 404, body: { error: 'LINE_NOT_AVAILABLE', error_description: 'This chat is not available' } })
    const token = (await post('start', { line: lineId })).body.token as string
    expect(await post('message', { text: '  ' }, token)).toEqual({ status: 400, body: { error: 'MESSAGE_EMPTY', error_description: 'Message text is empty or too long' } })
    const ws = await t.app.injectWS('/online/api/socket?token=wrong')
    expect(await new Promise((resolve) => ws.on('close', (code: number) => resolve(code)))).toBe(4401)
    let limited = 0
    for (let i = 0; i < 70; i++) if ((await get('history', token)).status === 429) limited++
    expect(limited).toBeGreaterThan(0)
  })

  it('serves the loader, the widget, the chat page and a demo page at the public path', async () => {
    const loader = await t.app.inject({ method: 'GET', url: '/online/loader.js' })
    expect(loader.statusCode).toBe(200)
    expect(loader.headers['content-type']).toContain('javascript')
    expect((await t.app.inject({ method: 'GET', url: '/online/widget.js' })).statusCode).toBe(200)
    const page = await t.app.inject({ method: 'GET', url: `/online/chat?line=${lineId}` })
    expect(page.body).toContain(`data-line="${lineId}"`)
    expect((await t.app.inject({ method: 'GET', url: `/online/demo?line=${lineId}` })).body).toContain('/online/loader.js')
    expect((await t.app.inject({ method: 'GET', url: '/online/chat?line=abc' })).statusCode).toBe(404)
  })

  it('shows the visitor that the operator is typing and has read their messages, when done through REST', async () => {
    const token = (await post('start', { line: lineId })).body.token as string
    const { chatId, id } = (await post('message', { text: 'Anyone there?' }, token)).body
    const ws = await t.app.injectWS(`/online/api/socket?token=${token}`)
    const frames: Json[] = []
    const seen = (type: string) => new Promise<Json>((resolve, reject) => {
      const check = () => frames.find((f) => f.type === type)
      const timer = setInterval(() => {
        const f = check()
        if (f) { clearInterval(timer); resolve(f) }
      }, 20)
      setTimeout(() => { clearInterval(timer); reject(new Error(`no ${type} frame: ${JSON.stringify(frames)}`)) }, 5000).unref()
    })
    ws.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString()) as Json))
    // The operator takes the dialogue first (a chat member), then types and reads.
    await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, op.hook)
    expect((await t.call('im.dialog.writing', { DIALOG_ID: `chat${chatId}` }, op.hook)).body.result).toBe(true)
    expect(await seen('typing')).toEqual({ type: 'typing' })
    const read = await t.call('im.dialog.read', { DIALOG_ID: `chat${chatId}`, MESSAGE_ID: id }, op.hook)
    expect(read.body.result).toMatchObject({ chatId, lastId: id })
    expect(await seen('read')).toEqual({ type: 'read', upTo: id })
    expect((await get('history', token)).body.readUpTo).toBe(id)
    ws.terminate()
  })

  it('tells the operators that the visitor is typing only on lines with WATCH_TYPING=Y', async () => {
    const quiet = (await t.lines.add({ queue: [op.id] })).id
    expect((await t.call('imopenlines.config.update', { CONFIG_ID: quiet, PARAMS: { WATCH_TYPING: 'N' } })).body.result).toBe(true)
    const opSocket = await openSocket(t, `/realtime/operator?webhook=${webhookOf(op.hook)}`)
    const chats: number[] = []
    // The quiet line first: signals arrive in order, so once the second is heard the first would have been too.
    for (const line of [quiet, lineId]) {
      const token = (await post('start', { line })).body.token as string
      const { chatId } = (await post('message', { text: 'typing test' }, token)).body
      chats.push(chatId)
      // Wait for the subscription's answer: the rights check is a query, and a typing
      // signal raised before it ends would not reach a channel the socket has not joined yet.
      expect(await opSocket.subscribe(`chat:${chatId}`)).toMatchObject({ type: 'subscribed' })
      const ws = await t.app.injectWS(`/online/api/socket?token=${token}`)
      const ok = new Promise((resolve) => ws.on('message', resolve))
      ws.send(JSON.stringify({ type: 'typing' }))
      await ok
      ws.terminate()
    }
    await opSocket.next((f) => f.name === 'visitorTyping')
    const typing = opSocket.frames.filter((f) => f.name === 'visitorTyping').map((f) => f.channel)
    expect(typing).toEqual([`chat:${chats[1]}`])
    opSocket.ws.terminate()
  })
})
