import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signRequest } from '../../../src/network/index.js'
import { timeShape } from '../../helpers/envelope.js'
import { buildPair, KEY, settle, type Side } from './network-pair.js'

describe('network lines between two servers', () => {
  let a: Side
  let b: Side
  let operator: { id: number; hook: string }
  let lineId: number
  let code: string
  let botId: number

  beforeAll(async () => {
    ;({ a, b } = await buildPair())
    operator = await a.createUser({ name: 'Olga' })
    await a.deps.db.updateTable('users').set({ is_online: true }).where('id', '=', operator.id).execute()
    lineId = (await a.lines.add({ lineName: 'Support of A', queue: [operator.id] })).id
    code = (await a.call('openlines.network.line.publish', { CONFIG_ID: lineId })).body.result.CODE
  }, 180_000)
  afterAll(async () => {
    await b?.close()
    await a?.close()
  })

  it('joins the published line by its code and returns the network bot, the same one on a second join', async () => {
    const first = await b.call('imopenlines.network.join', { CODE: code })
    expect(first).toEqual({ status: 200, body: { result: expect.any(Number), time: timeShape } })
    botId = first.body.result
    expect((await b.call('imopenlines.network.join', { CODE: code })).body.result).toBe(botId)
  })

  it('carries a user\'s message to the line\'s operators and the operator\'s answer back to the user', async () => {
    const writer = await b.createUser({ name: 'Bruno', scopes: ['im', 'imopenlines'] })
    const sent = await b.call('im.message.add', { DIALOG_ID: botId, MESSAGE: 'Hello from B' }, writer.hook)
    expect(sent).toEqual({ status: 200, body: { result: expect.any(Number), time: timeShape } })
    await settle(b, a)

    const chat = await a.deps.db.selectFrom('chats').selectAll().where('line_id', '=', lineId).executeTakeFirstOrThrow()
    expect(chat).toMatchObject({ connector_id: 'network', connector_chat_id: expect.stringMatching(/^server-b:\d+$/) })
    const onA = await a.call('im.dialog.messages.get', { DIALOG_ID: `chat${chat.id}` }, operator.hook)
    expect(onA.body.result.messages.map((m: { text: string }) => m.text)).toContain('Hello from B')
    expect(onA.body.result.users.map((u: { name: string }) => u.name)).toContain('Bruno')

    const answer = await a.call('im.message.add', { DIALOG_ID: `chat${chat.id}`, MESSAGE: 'Hi Bruno, how can I help?' }, operator.hook)
    expect(answer.body.result).toEqual(expect.any(Number))
    await settle(a, b)

    const onB = await b.call('im.dialog.messages.get', { DIALOG_ID: botId }, writer.hook)
    const texts = onB.body.result.messages.map((m: { text: string }) => m.text)
    expect(texts).toEqual(['[b]Olga:[/b] [br]Hi Bruno, how can I help?', 'Hello from B'])
    expect(onB.body.result.messages[0].author_id).toBe(botId)
    expect(onB.body.result.users).toContainEqual(expect.objectContaining({ id: botId, name: 'Support of A', bot: true }))
    // The same chat through its chat id, as im.recent.list and the console name it.
    expect((await b.call('im.dialog.messages.get', { DIALOG_ID: `chat${onB.body.result.chat_id}` }, writer.hook)).body.result.messages).toHaveLength(2)
    const recent = await b.call('im.recent.list', {}, writer.hook)
    expect(recent.body.result.items).toEqual([expect.objectContaining({ id: `chat${onB.body.result.chat_id}`, title: 'Support of A' })])
    // Another user of B cannot read or write in it.
    const other = await b.createUser({ name: 'Eve', scopes: ['im'] })
    const foreign = await b.call('im.message.add', { DIALOG_ID: `chat${onB.body.result.chat_id}`, MESSAGE: 'x' }, other.hook)
    expect(foreign.body.error).toBe('ACCESS_ERROR')
  })

  it('keeps a conversation\'s order while the publishing server is unreachable, and delivers once it is back', async () => {
    const writer = await b.createUser({ name: 'Carla', scopes: ['im'] })
    await b.call('openlines.network.peer.set', { ID: 'server-a', URL: 'http://127.0.0.1:9', KEY })
    for (const text of ['one', 'two', 'three']) await b.call('im.message.add', { DIALOG_ID: botId, MESSAGE: text }, writer.hook)
    await settle(b)
    const pending = await b.call('openlines.network.outbox.status')
    expect(pending.body.result).toContainEqual(expect.objectContaining({ PEER_ID: 'server-a', STATE: 'pending', COUNT: 3 }))

    await b.call('openlines.network.peer.set', { ID: 'server-a', URL: a.url, KEY })
    await settle(b, a)
    const guest = await a.deps.db.selectFrom('users').select('id').where('name', '=', 'Carla').where('user_type', '=', 'imconnector').executeTakeFirstOrThrow()
    const chat = await a.deps.db.selectFrom('chats').select('id').where('guest_user_id', '=', guest.id).executeTakeFirstOrThrow()
    const rows = await a.deps.db.selectFrom('messages').select('text').where('chat_id', '=', chat.id).where('author_id', '=', guest.id).orderBy('id').execute()
    expect(rows.map((r) => r.text)).toEqual(['one', 'two', 'three'])
  })

  it('refuses calls signed with a wrong key, stale or replayed, and keeps the message until the keys match', async () => {
    const writer = await b.createUser({ name: 'Dora', scopes: ['im'] })
    await b.call('openlines.network.peer.set', { ID: 'server-a', URL: a.url, KEY: 'x'.repeat(40) })
    await b.call('im.message.add', { DIALOG_ID: botId, MESSAGE: 'signed wrong' }, writer.hook)
    await settle(b)
    const row = await b.deps.db.selectFrom('network_outbox').selectAll().where('state', '=', 'pending').executeTakeFirstOrThrow()
    expect(row.last_error).toContain('HTTP 401 INVALID_SIGNATURE')
    expect(await a.deps.db.selectFrom('users').select('id').where('name', '=', 'Dora').executeTakeFirst()).toBeUndefined()

    await b.call('openlines.network.peer.set', { ID: 'server-a', URL: a.url, KEY })
    await settle(b, a)
    expect(await a.deps.db.selectFrom('users').select('id').where('name', '=', 'Dora').executeTakeFirst()).toBeDefined()

    // A request replayed as it was signed changes nothing; one outside the time window is refused.
    const body = JSON.stringify({ code })
    const post = (timestamp: number, messageId: string, signWith = KEY) => fetch(`${a.url}/network/v1/lookup`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'x-openlines-peer': 'server-b', 'x-openlines-timestamp': String(timestamp), 'x-openlines-message': messageId,
        'x-openlines-signature': signRequest(signWith, { method: 'POST', path: '/network/v1/lookup', timestamp, messageId, body }),
      },
      body,
    })
    const now = Math.floor(Date.now() / 1000)
    const fresh = await post(now, 'lookup-0001')
    expect(fresh.status).toBe(200)
    expect(await fresh.json()).toEqual({ ok: true, found: true, name: 'Support of A', active: true })
    expect((await post(now, 'lookup-0001')).status).toBe(409)
    expect((await post(now - 3600, 'lookup-0002')).status).toBe(401)
    expect((await post(now, 'lookup-0003', 'y'.repeat(40))).status).toBe(401)
    const unknownPeer = await fetch(`${a.url}/network/v1/lookup`, { method: 'POST', headers: { 'x-openlines-peer': 'nobody' }, body })
    expect(unknownPeer.status).toBe(401)
  })

  it('a replayed customer message is stored once', async () => {
    const before = await a.deps.db.selectFrom('messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const chatOnB = await b.deps.db.selectFrom('chats').select('id').where('type', '=', 'network').orderBy('id').executeTakeFirstOrThrow()
    const body = JSON.stringify({ code, chatId: chatOnB.id, user: { id: 2, name: 'Bruno' }, message: { id: 1, text: 'again', params: {} } })
    const send = () => {
      const timestamp = Math.floor(Date.now() / 1000)
      return fetch(`${a.url}/network/v1/customer-message`, {
        method: 'POST',
        headers: {
          'x-openlines-peer': 'server-b', 'x-openlines-timestamp': String(timestamp), 'x-openlines-message': 'replayed-message-1',
          'x-openlines-signature': signRequest(KEY, { method: 'POST', path: '/network/v1/customer-message', timestamp, messageId: 'replayed-message-1', body }),
        },
        body,
      })
    }
    expect(await (await send()).json()).toEqual({ ok: true })
    expect(await (await send()).json()).toEqual({ ok: true, duplicate: true })
    const after = await a.deps.db.selectFrom('messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n) - Number(before.n)).toBe(1)
  })
})
