import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'

type Json = Record<string, any>

/** What a site's server does (docs/widget.md): HMAC-SHA256 over the fields joined by line feeds. */
function sign(secret: string, lineId: number, u: { id: string; name: string; email: string }, ts: number) {
  const signature = createHmac('sha256', secret).update(['ol1', lineId, u.id, u.name, u.email, ts].join('\n')).digest('hex')
  return { ...u, ts, signature }
}

describe('website widget: signed visitor identities', () => {
  let t: DialogueApp
  let op: { id: number; hook: string }
  let lineId: number
  let secret: string
  const now = () => Math.floor(t.clock.now().getTime() / 1000)
  const alice = { id: 'customer-42', name: 'Alice Smith', email: 'alice@example.com' }

  beforeAll(async () => {
    t = await buildDialogueApp(undefined, { outbox: true })
    op = await t.operator({ name: 'Maria' })
    lineId = (await t.lines.add({ queue: [op.id] })).id
    secret = (await t.call('openlines.widget.secret.get', { CONFIG_ID: lineId })).body.result.SECRET
  })
  afterAll(() => t.close())

  const post = async (path: string, payload: Json, token?: string) => {
    const res = await t.app.inject({ method: 'POST', url: `/online/api/${path}`, payload, headers: token ? { 'x-widget-token': token } : {} })
    return { status: res.statusCode, body: res.json() as Json }
  }
  const history = async (token: string) => (await t.app.inject({ method: 'GET', url: '/online/api/history', headers: { 'x-widget-token': token } })).json() as Json

  it('lets administrators read and rotate the line secret, and nobody else', async () => {
    const again = await t.call('openlines.widget.secret.get', { CONFIG_ID: lineId })
    expect(again.body.result).toEqual({ CONFIG_ID: lineId, SECRET: secret })
    expect(secret).toMatch(/^wsk_[a-z0-9]{48}$/)
    const other = await t.operator({ name: 'Other' })
    const denied = await t.call('openlines.widget.secret.get', { CONFIG_ID: lineId }, other.hook)
    expect([denied.status, denied.body.error]).toEqual([403, 'CONFIG_WRONG_USER_PERMISSION'])
    expect((await t.call('openlines.widget.secret.rotate', { CONFIG_ID: lineId }, other.hook)).status).toBe(403)
    const missing = await t.call('openlines.widget.secret.get', { CONFIG_ID: 999999 })
    expect([missing.status, missing.body.error]).toEqual([404, 'CONFIG_NOT_FOUND'])
    expect((await t.call('openlines.widget.secret.get', {})).body.error).toBe('CONFIG_ID_EMPTY')
  })

  it('merges one signed user\'s history across browsers, and keeps guests out of it', async () => {
    const a = await post('start', { line: lineId, identity: sign(secret, lineId, alice, now()) })
    expect(a.status).toBe(200)
    const sent = (await post('message', { text: 'From my laptop', name: 'Mallory' }, a.body.token)).body
    const reply = await t.call('im.message.add', { DIALOG_ID: `chat${sent.chatId}`, MESSAGE: 'Hello Alice' }, op.hook)
    expect(reply.status).toBe(200)
    // The operator sees the name and email the site signed, not what the browser typed.
    const guest = (await t.deps.db.selectFrom('chats').innerJoin('users', 'users.id', 'chats.guest_user_id')
      .select(['users.name', 'users.last_name', 'users.email']).where('chats.id', '=', sent.chatId).executeTakeFirstOrThrow())
    expect(`${guest.name} ${guest.last_name}`.trim()).toBe('Alice Smith')
    expect(guest.email).toBe('alice@example.com')

    // A second browser (no token) with a fresh signature of the same user: the same chat, the whole history.
    t.clock.advance(3600)
    const b = await post('start', { line: lineId, identity: sign(secret, lineId, alice, now()) })
    expect(b.status).toBe(200)
    expect(b.body.token).not.toBe(a.body.token)
    expect(b.body.chatId).toBe(sent.chatId)
    expect(b.body.messages.map((m: Json) => m.text)).toEqual(['From my laptop', 'Hello Alice'])

    // A guest cannot name that user: no identity gives an empty chat of their own, a forged one is refused.
    const g = await post('start', { line: lineId })
    expect([g.body.chatId, g.body.messages]).toEqual([null, []])
    const forged = await post('start', { line: lineId, identity: { ...alice, ts: now(), signature: 'f'.repeat(64) } }, g.body.token)
    expect(forged).toEqual({ status: 401, body: { error: 'IDENTITY_SIGNATURE', error_description: 'The visitor identity signature does not match' } })
    const unsigned = await post('start', { line: lineId, identity: { ...alice } }, g.body.token)
    expect(unsigned.status).toBe(400)
    const own = (await post('message', { text: 'I am a guest' }, g.body.token)).body
    expect(own.chatId).not.toBe(sent.chatId)
    expect((await history(g.body.token)).messages.map((m: Json) => m.text)).not.toContain('Hello Alice')
    // The guest's earlier chat is not merged when the same browser later signs in; signing out gives a new guest.
    const signedIn = await post('start', { line: lineId, identity: sign(secret, lineId, alice, now()) }, g.body.token)
    expect(signedIn.body.token).not.toBe(g.body.token)
    expect(signedIn.body.messages.map((m: Json) => m.text)).toEqual(['From my laptop', 'Hello Alice'])
    const signedOut = await post('start', { line: lineId }, signedIn.body.token)
    expect(signedOut.body.token).not.toBe(signedIn.body.token)
    expect(signedOut.body.chatId).toBeNull()
  })

  it('refuses expired, altered and rotated signatures', async () => {
    const old = await post('start', { line: lineId, identity: sign(secret, lineId, alice, now() - 2 * 86400) })
    expect(old).toEqual({ status: 401, body: { error: 'IDENTITY_EXPIRED', error_description: 'The visitor identity signature has expired' } })
    const altered = { ...sign(secret, lineId, alice, now()), email: 'mallory@example.com' }
    expect((await post('start', { line: lineId, identity: altered })).body.error).toBe('IDENTITY_SIGNATURE')
    // A signature for another line does not open this one.
    const otherLine = (await t.lines.add({ queue: [op.id] })).id
    const otherSecret = (await t.call('openlines.widget.secret.get', { CONFIG_ID: otherLine })).body.result.SECRET
    expect((await post('start', { line: lineId, identity: sign(otherSecret, otherLine, alice, now()) })).body.error).toBe('IDENTITY_SIGNATURE')
    const rotated = (await t.call('openlines.widget.secret.rotate', { CONFIG_ID: lineId })).body.result.SECRET
    expect(rotated).not.toBe(secret)
    expect((await post('start', { line: lineId, identity: sign(secret, lineId, alice, now()) })).body.error).toBe('IDENTITY_SIGNATURE')
    expect((await post('start', { line: lineId, identity: sign(rotated, lineId, alice, now()) })).status).toBe(200)
    secret = rotated
  })
})
