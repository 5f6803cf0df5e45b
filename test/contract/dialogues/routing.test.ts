import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'

describe('routing by queue type', () => {
  let t: DialogueApp
  beforeEach(async () => {
    t = await buildDialogueApp()
  })
  afterEach(() => t.close())

  async function sessionOf(lineId: number, customer: string) {
    t.clock.advance(1)
    const res = await t.inbound(lineId, customer, 'Hello')
    return t.session(res.sessionId)
  }

  it('evenly: to the operator with the fewest dialogues, ties to who got one longest ago', async () => {
    const [a, b, c] = [await t.operator(), await t.operator(), await t.operator()]
    const line = await t.lines.add({ queue: [a.id, b.id, c.id], queueType: 'evenly' })
    const got = []
    for (const name of ['c1', 'c2', 'c3', 'c4', 'c5']) got.push((await sessionOf(line.id, name)).operator_id)
    expect(got).toEqual([a.id, b.id, c.id, a.id, b.id])
  })

  it('strictly: always the first in queue order who can take it', async () => {
    const [a, b] = [await t.operator(), await t.operator()]
    const line = await t.lines.add({ queue: [b.id, a.id], queueType: 'strictly', maxChat: 2 })
    const got = []
    for (const name of ['c1', 'c2', 'c3']) got.push((await sessionOf(line.id, name)).operator_id)
    expect(got).toEqual([b.id, b.id, a.id])
  })

  it('all: offered to every available operator at once', async () => {
    const [a, b, c] = [await t.operator(), await t.operator(), await t.operator({ online: false })]
    const line = await t.lines.add({ queue: [a.id, b.id, c.id], queueType: 'all' })
    const s = await sessionOf(line.id, 'c1')
    expect(s).toMatchObject({ status: 'offered', operator_id: null, offered_to: [a.id, b.id] })
  })

  it('CHECK_AVAILABLE: offline operators are skipped only when the line checks', async () => {
    const [off, on] = [await t.operator({ online: false }), await t.operator()]
    const checked = await t.lines.add({ queue: [off.id, on.id], queueType: 'strictly' })
    expect((await sessionOf(checked.id, 'c1')).operator_id).toBe(on.id)
    const unchecked = await t.lines.add({ queue: [off.id, on.id], queueType: 'strictly', checkAvailable: false })
    expect((await sessionOf(unchecked.id, 'c2')).operator_id).toBe(off.id)
  })

  it('MAX_CHAT with TYPE_MAX_CHAT=answered_new counts offered dialogues; =answered does not', async () => {
    const a = await t.operator()
    const capped = await t.lines.add({ queue: [a.id], maxChat: 1, typeMaxChat: 'answered_new' })
    expect((await sessionOf(capped.id, 'c1')).status).toBe('offered')
    expect(await sessionOf(capped.id, 'c2')).toMatchObject({ status: 'waiting', operator_id: null })
    const loose = await t.lines.add({ queue: [a.id], maxChat: 1, typeMaxChat: 'answered' })
    expect(await sessionOf(loose.id, 'c3')).toMatchObject({ status: 'offered', operator_id: a.id })
    expect(await sessionOf(loose.id, 'c4')).toMatchObject({ status: 'offered', operator_id: a.id })
  })

  it('QUEUE_TIME: an unanswered offer moves to the next operator, then starts a new round', async () => {
    const [a, b] = [await t.operator(), await t.operator()]
    const line = await t.lines.add({ queue: [a.id, b.id], queueType: 'strictly', queueTime: 30 })
    const s = await sessionOf(line.id, 'c1')
    expect(s.operator_id).toBe(a.id)
    await t.tick(29)
    expect((await t.session(s.id as number)).operator_id).toBe(a.id)
    expect(await t.tick(1)).toBe(1)
    expect(await t.session(s.id as number)).toMatchObject({ status: 'offered', operator_id: b.id, tried: [a.id, b.id] })
    const members = await t.deps.db.selectFrom('chat_members').select('user_id').where('chat_id', '=', s.chat_id as number).execute()
    expect(members.map((m) => m.user_id)).not.toContain(a.id)
    await t.tick(30)
    expect(await t.session(s.id as number)).toMatchObject({ operator_id: a.id, tried: [a.id] })
  })
})

describe('openlines.operator.presence.set', () => {
  let t: DialogueApp
  beforeEach(async () => {
    t = await buildDialogueApp()
  })
  afterEach(() => t.close())

  it('sets presence and hands waiting dialogues to an operator coming online', async () => {
    const op = await t.operator({ online: false })
    const line = await t.lines.add({ queue: [op.id] })
    const res = await t.inbound(line.id, 'c1', 'Hello')
    expect((await t.session(res.sessionId)).status).toBe('waiting')
    const set = await t.call('openlines.operator.presence.set', { STATUS: 'online' }, op.hook)
    expect(set.body).toEqual({ result: true, time: expect.any(Object) })
    expect(await t.session(res.sessionId)).toMatchObject({ status: 'offered', operator_id: op.id })
    const get = await t.call('openlines.operator.presence.get', {}, op.hook)
    expect(get.body.result).toEqual({ USER_ID: op.id, STATUS: 'online' })
  })

  it('an operator coming online takes waiting dialogues oldest first up to MAX_CHAT, the rest keep waiting', async () => {
    const op = await t.operator({ online: false })
    const line = await t.lines.add({ queue: [op.id], queueType: 'strictly', maxChat: 2, typeMaxChat: 'answered_new' })
    const ids: number[] = []
    for (const c of ['c1', 'c2', 'c3']) {
      t.clock.advance(1000)
      ids.push((await t.inbound(line.id, c, 'Hello')).sessionId)
    }
    await t.call('openlines.operator.presence.set', { STATUS: 'online' }, op.hook)
    const states = await Promise.all(ids.map((id) => t.session(id)))
    expect(states.map((s) => [s.status, s.operator_id])).toEqual([['offered', op.id], ['offered', op.id], ['waiting', null]])
    // Two operators free at once (both come online): each gets one, the waiting queue empties in order.
    const [a, b] = [await t.operator({ online: false }), await t.operator({ online: false })]
    const pair = await t.lines.add({ queue: [a.id, b.id], queueType: 'evenly', maxChat: 1, typeMaxChat: 'answered_new' })
    const waiting: number[] = []
    for (const c of ['p1', 'p2', 'p3']) {
      t.clock.advance(1000)
      waiting.push((await t.inbound(pair.id, c, 'Hello')).sessionId)
    }
    await t.call('openlines.operator.presence.set', { STATUS: 'online' }, a.hook)
    await t.call('openlines.operator.presence.set', { STATUS: 'online' }, b.hook)
    const pairStates = await Promise.all(waiting.map((id) => t.session(id)))
    expect(pairStates.map((s) => [s.status, s.operator_id])).toEqual([['offered', a.id], ['offered', b.id], ['waiting', null]])
  })

  it('returns dialogues only offered to an operator going offline to the queue', async () => {
    const [a, b] = [await t.operator(), await t.operator()]
    const line = await t.lines.add({ queue: [a.id, b.id], queueType: 'strictly' })
    const res = await t.inbound(line.id, 'c1', 'Hello')
    expect((await t.session(res.sessionId)).operator_id).toBe(a.id)
    await t.call('openlines.operator.presence.set', { STATUS: 'offline' }, a.hook)
    expect(await t.session(res.sessionId)).toMatchObject({ status: 'offered', operator_id: b.id })
  })

  it('answers the documented errors', async () => {
    const op = await t.operator()
    const other = await t.operator()
    expect(await t.call('openlines.operator.presence.set', { STATUS: 'busy' }, op.hook)).toEqual({
      status: 400, body: { error: 'ERROR_ARGUMENT', error_description: 'Argument "STATUS": expected online or offline' },
    })
    expect(await t.call('openlines.operator.presence.set', { STATUS: 'online', USER_ID: other.id }, op.hook)).toEqual({
      status: 403, body: { error: 'ACCESS_DENIED', error_description: 'Only administrators may set the presence of another user' },
    })
    expect(await t.call('openlines.operator.presence.set', { STATUS: 'online', USER_ID: 9999 })).toEqual({
      status: 404, body: { error: 'USER_NOT_FOUND', error_description: 'User not found' },
    })
    expect((await t.call('openlines.operator.presence.set', { STATUS: 'offline', USER_ID: other.id })).body.result).toBe(true)
  })
})
