import { describe, expect, it } from 'vitest'
import type { DialogueApp } from '../../helpers/dialogue-app.js'
import { useDialogueTeam, type Person } from '../../helpers/dialogue-fixture.js'

const TRUE = { result: true, time: expect.any(Object) }
const err = (status: number, error: string, error_description: string) => ({ status, body: { error, error_description } })

describe('imopenlines.operator.*', () => {
  let t: DialogueApp, a: Person, b: Person, boss: Person, outsider: Person, lineId: number
  let n = 0
  useDialogueTeam((team) => ({ t, a, b, boss, outsider, lineId } = team))

  /** A fresh dialogue offered to Ann. */
  async function dialogue() {
    const res = await t.inbound(lineId, `cust${++n}`, 'Hello')
    return { chatId: res.chatId, sessionId: res.sessionId }
  }

  it('answer: takes the offered dialogue; a second answer by another operator is refused', async () => {
    const d = await dialogue()
    expect((await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, a.hook)).body).toEqual(TRUE)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'answered', operator_id: a.id, answered_at: expect.any(Date) })
    expect(await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, b.hook)).toEqual(
      err(400, 'ACCESS_DENIED', 'You cannot open this conversation as you do not have sufficient rights'),
    )
  })

  it('answer: documented errors for CHAT_ID and access', async () => {
    expect(await t.call('imopenlines.operator.answer', {}, a.hook)).toEqual(err(400, 'CHAT_ID', 'The specified chat identifier is incorrect'))
    expect(await t.call('imopenlines.operator.answer', { CHAT_ID: 'abc' }, a.hook)).toEqual(err(400, 'CHAT_ID', 'The specified chat identifier is incorrect'))
    expect(await t.call('imopenlines.operator.answer', { CHAT_ID: 99999 }, a.hook)).toEqual(err(400, 'CHAT_ID', 'The specified chat identifier is incorrect'))
    const d = await dialogue()
    expect((await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, outsider.hook)).body.error).toBe('ACCESS_DENIED')
    const noScope = await t.createUser({ scopes: ['user'] })
    expect(await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, noScope.hook)).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } })
  })

  it('skip: passes the dialogue to the next operator; a closed dialogue answers ACCESS_DENIED_KICK', async () => {
    const d = await dialogue()
    expect((await t.call('imopenlines.operator.skip', { CHAT_ID: d.chatId }, a.hook)).body).toEqual(TRUE)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'offered', operator_id: b.id })
    expect((await t.call('imopenlines.operator.skip', { CHAT_ID: d.chatId }, a.hook)).body.error).toBe('ACCESS_DENIED')
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, b.hook)
    await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, b.hook)
    expect(await t.call('imopenlines.operator.skip', { CHAT_ID: d.chatId }, b.hook)).toEqual(
      err(400, 'ACCESS_DENIED_KICK', 'Insufficient permissions to remove participants from the chat'),
    )
  })

  it('finish: only the dialogue\'s operator; records OnSessionFinish; the operator leaves the chat', async () => {
    const d = await dialogue()
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, a.hook)
    expect((await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, boss.hook)).body.error).toBe('ACCESS_DENIED')
    t.events.clear()
    expect((await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, a.hook)).body).toEqual(TRUE)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'closed', closed_by: a.id, close_reason: 'operator', closed_at: expect.any(Date) })
    expect(t.events.named('OnSessionFinish')).toEqual([expect.objectContaining({ inTransaction: true, data: { DATA: [expect.objectContaining({ session: { id: d.sessionId, closed: 'Y', parent_id: 0, close_term: 60 } })] } })])
    const members = (await t.call('im.chat.user.list', { CHAT_ID: d.chatId })).body.result
    expect(members).not.toContain(a.id)
    expect((await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, a.hook)).body.error).toBe('ACCESS_DENIED')
  })

  it('another.finish: a supervisor closes another operator\'s dialogue; an operator of the line may not', async () => {
    const d = await dialogue()
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, a.hook)
    expect((await t.call('imopenlines.operator.another.finish', { CHAT_ID: d.chatId }, b.hook)).body.error).toBe('ACCESS_DENIED')
    expect((await t.call('imopenlines.operator.another.finish', { CHAT_ID: d.chatId }, boss.hook)).body).toEqual(TRUE)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'closed', closed_by: boss.id, close_reason: 'another' })
    expect((await t.call('imopenlines.operator.another.finish', { CHAT_ID: 'x' }, boss.hook)).body.error).toBe('CHAT_ID')
  })

  it('spam: marks and closes; the next customer message starts a new session', async () => {
    const d = await dialogue()
    expect((await t.call('imopenlines.operator.spam', { CHAT_ID: d.chatId }, a.hook)).body).toEqual(TRUE)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'closed', spam: true, close_reason: 'spam' })
    const again = await t.inbound(lineId, `cust${n}`, 'Me again')
    expect(again).toMatchObject({ chatId: d.chatId, sessionStarted: true })
    expect(await t.session(again.sessionId)).toMatchObject({ number: 2, parent_id: d.sessionId })
  })

  it('transfer: to a user, to a line queue, and every documented error', async () => {
    const d = await dialogue()
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, a.hook)
    expect((await t.call('imopenlines.operator.transfer', { CHAT_ID: d.chatId, TRANSFER_ID: b.id }, a.hook)).body).toEqual(TRUE)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'offered', operator_id: b.id, transfer_count: 1 })
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, b.hook)
    const other = await t.lines.add({ queue: [boss.id] })
    expect((await t.call('imopenlines.operator.transfer', { CHAT_ID: d.chatId, TRANSFER_ID: `queue${other.id}` }, b.hook)).body).toEqual(TRUE)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'offered', line_id: other.id, operator_id: boss.id })

    const e = (params: Record<string, unknown>) => t.call('imopenlines.operator.transfer', params, boss.hook)
    expect(await e({ TRANSFER_ID: b.id })).toEqual(err(400, 'CHAT_ID_EMPTY', "Chat ID can't be empty"))
    expect(await e({ CHAT_ID: d.chatId })).toEqual(err(400, 'TRANSFER_ID_EMPTY', "Queue ID or User ID can't be empty"))
    expect(await e({ CHAT_ID: d.chatId, USER_ID: 'x' })).toEqual(err(400, 'USER_ID_EMPTY', "User ID can't be empty"))
    expect(await e({ CHAT_ID: d.chatId, QUEUE_ID: 0 })).toEqual(err(400, 'QUEUE_ID_EMPTY', "QUEUE ID can't be empty"))
    expect(await e({ CHAT_ID: d.chatId, USER_ID: 99999 })).toEqual(err(400, 'OPERATOR_WRONG', 'You cannot redirect to this operator'))
    const empty = await t.lines.add({ queue: [] })
    expect(await e({ CHAT_ID: d.chatId, QUEUE_ID: empty.id })).toEqual(err(400, 'OPERATOR_WRONG', 'You cannot redirect to this operator'))
    expect(await e({ CHAT_ID: d.chatId, TRANSFER_ID: 'queue#99999#' })).toEqual(err(400, 'OPERATOR_WRONG', 'You cannot redirect to this operator'))
    expect((await t.call('imopenlines.operator.transfer', { CHAT_ID: d.chatId, USER_ID: a.id }, outsider.hook)).body.error).toBe('OPERATOR_WRONG')
  })

  it('answer race in one process: of concurrent answers exactly one wins', async () => {
    const all = await t.lines.add({ queue: [a.id, b.id, boss.id], queueType: 'all' })
    const res = await t.inbound(all.id, 'race', 'Who is first?')
    const calls = await Promise.all([a, b, boss].map((u) => t.call('imopenlines.operator.answer', { CHAT_ID: res.chatId }, u.hook)))
    expect(calls.filter((c) => c.body.result === true)).toHaveLength(1)
    expect(calls.filter((c) => c.body.error === 'ACCESS_DENIED')).toHaveLength(2)
  })
})
