import { describe, expect, it } from 'vitest'
import type { DialogueApp } from '../../helpers/dialogue-app.js'
import { useDialogueTeam, type Person } from '../../helpers/dialogue-fixture.js'

const TRUE = { result: true, time: expect.any(Object) }
const err = (status: number, error: string, error_description: string) => ({ status, body: { error, error_description } })
const DENIED = err(400, 'ACCESS_DENIED', 'You cannot open this conversation as you do not have sufficient rights')

describe('imopenlines.session.* and dialog methods', () => {
  let t: DialogueApp, a: Person, b: Person, boss: Person, outsider: Person, lineId: number
  let n = 0
  useDialogueTeam((team) => ({ t, a, b, boss, outsider, lineId } = team), { lineName: 'Help' })

  async function answered() {
    const res = await t.inbound(lineId, `c${++n}`, 'Hello', { externalId: `x${n}` })
    await t.call('imopenlines.operator.answer', { CHAT_ID: res.chatId }, a.hook)
    return res
  }

  it('session.open finds the chat by USER_CODE for those with access', async () => {
    const d = await answered()
    const code = `telegrambot|${lineId}|c-c${n}|u-c${n}`
    expect((await t.call('imopenlines.session.open', { USER_CODE: code }, a.hook)).body).toEqual({ result: { chatId: d.chatId }, time: expect.any(Object) })
    expect(await t.call('imopenlines.session.open', { USER_CODE: code }, outsider.hook)).toEqual(
      err(400, 'ACCESS_DENIED', 'You cannot open this conversation as you do not have sufficient rights'),
    )
    expect((await t.call('imopenlines.session.open', { USER_CODE: 'nope|1|2|3' }, a.hook)).body.error).toBe('ACCESS_DENIED')
  })

  it('session.start: the operator starts a new session in a chat whose dialogue is closed', async () => {
    const d = await answered()
    expect((await t.call('imopenlines.session.start', { CHAT_ID: d.chatId }, a.hook)).body).toEqual(TRUE)
    expect(await t.call('imopenlines.session.start', { CHAT_ID: d.chatId }, b.hook)).toEqual(DENIED)
    await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, a.hook)
    t.events.clear()
    expect((await t.call('imopenlines.session.start', { CHAT_ID: d.chatId }, boss.hook)).body).toEqual(TRUE)
    const last = await t.deps.db.selectFrom('sessions').selectAll().where('chat_id', '=', d.chatId).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(last).toMatchObject({ number: 2, status: 'answered', operator_id: boss.id, parent_id: d.sessionId })
    expect(t.events.named('OnSessionStart')).toHaveLength(1)
    expect(await t.call('imopenlines.session.start', { CHAT_ID: 0 }, a.hook)).toEqual(err(400, 'CHAT_ID', 'The specified chat identifier is incorrect'))
  })

  it('session.join adds a line operator to the chat; outsiders are refused', async () => {
    const d = await answered()
    expect((await t.call('imopenlines.session.join', { CHAT_ID: d.chatId }, b.hook)).body).toEqual(TRUE)
    expect((await t.call('im.chat.user.list', { CHAT_ID: d.chatId }, b.hook)).body.result).toContain(b.id)
    expect(await t.call('imopenlines.session.join', { CHAT_ID: d.chatId }, outsider.hook)).toEqual(DENIED)
  })

  it('session.intercept moves the dialogue to the caller; errors are CHAT_ID_EMPTY and OPERATOR_WRONG', async () => {
    const d = await answered()
    expect((await t.call('imopenlines.session.intercept', { CHAT_ID: d.chatId }, boss.hook)).body).toEqual(TRUE)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'answered', operator_id: boss.id })
    expect(await t.call('imopenlines.session.intercept', { CHAT_ID: d.chatId }, boss.hook)).toEqual(err(400, 'OPERATOR_WRONG', 'You can not redirect to this operator'))
    expect(await t.call('imopenlines.session.intercept', { CHAT_ID: d.chatId }, outsider.hook)).toEqual(err(400, 'OPERATOR_WRONG', 'You can not redirect to this operator'))
    expect(await t.call('imopenlines.session.intercept', {}, boss.hook)).toEqual(err(400, 'CHAT_ID_EMPTY', "Chat ID can't be empty"))
  })

  it('mode.pin / pinAll / unpinAll pin the caller\'s dialogues', async () => {
    const d1 = await answered()
    const d2 = await answered()
    expect((await t.call('imopenlines.session.mode.pin', { CHAT_ID: d1.chatId }, a.hook)).body).toEqual(TRUE)
    expect((await t.session(d1.sessionId)).pinned).toBe(true)
    expect((await t.call('imopenlines.session.mode.pin', { CHAT_ID: d1.chatId, ACTIVATE: 'N' }, a.hook)).body).toEqual(TRUE)
    expect((await t.session(d1.sessionId)).pinned).toBe(false)
    expect(await t.call('imopenlines.session.mode.pin', { CHAT_ID: d1.chatId }, b.hook)).toEqual(DENIED)
    expect(await t.call('imopenlines.session.mode.pin', {}, a.hook)).toEqual(err(400, 'CHAT_ID_EMPTY', "Chat ID can't be empty"))
    expect((await t.call('imopenlines.session.mode.pin', { CHAT_ID: 'z' }, a.hook)).body.error).toBe('CHAT_ID')
    const pinned = await t.call('imopenlines.session.mode.pinAll', {}, a.hook)
    expect(pinned.body.result).toEqual(expect.arrayContaining([d1.sessionId, d2.sessionId]))
    expect((await t.session(d2.sessionId)).pinned).toBe(true)
    const unpinned = await t.call('imopenlines.session.mode.unpinAll', {}, a.hook)
    expect(unpinned.body.result).toEqual(expect.arrayContaining([d1.sessionId, d2.sessionId]))
    expect((await t.call('imopenlines.session.mode.unpinAll', {}, a.hook)).body.result).toEqual([])
  })

  it('mode.silent keeps operator messages away from the customer', async () => {
    const d = await answered()
    expect((await t.call('imopenlines.session.mode.silent', { CHAT_ID: d.chatId, ACTIVATE: 'Y' }, a.hook)).body).toEqual(TRUE)
    t.events.clear()
    const id = (await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'internal note' }, a.hook)).body.result
    const row = await t.deps.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.to_customer).toBe(false)
    expect(t.events.named('OnOpenLineMessageAdd')).toEqual([])
    expect(await t.call('imopenlines.session.mode.silent', { CHAT_ID: d.chatId, ACTIVATE: 'Y' }, b.hook)).toEqual(DENIED)
  })

  it('head.vote: supervisors rate a session; documented errors', async () => {
    const d = await answered()
    expect((await t.call('imopenlines.session.head.vote', { SESSION_ID: d.sessionId, RATING: 4, COMMENT: 'Good' }, boss.hook)).body).toEqual(TRUE)
    expect(await t.session(d.sessionId)).toMatchObject({ vote_head: 4, comment_head: 'Good' })
    expect(await t.call('imopenlines.session.head.vote', { RATING: 4 }, boss.hook)).toEqual(err(400, 'EMPTY_SESSION_ID', "Session ID can't be empty"))
    expect(await t.call('imopenlines.session.head.vote', { SESSION_ID: d.sessionId }, boss.hook)).toEqual(
      err(400, 'EMPTY_VOTE_PARAMS', 'At least one of the parameters RATING or COMMENT must be specified'),
    )
    expect(await t.call('imopenlines.session.head.vote', { SESSION_ID: d.sessionId, RATING: 5 }, a.hook)).toEqual(DENIED)
  })

  it('history.get returns the session\'s messages, users and chat in the documented shape', async () => {
    const d = await answered()
    await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: '[b]Hi[/b] there' }, a.hook)
    const res = await t.call('imopenlines.session.history.get', { SESSION_ID: d.sessionId }, boss.hook)
    const r = res.body.result
    expect(r).toMatchObject({ chatId: d.chatId, canJoin: 'Y', canVoteHead: 'Y', sessionId: d.sessionId, sessionVoteHead: 0, sessionCommentHead: null, userId: `chat${d.chatId}` })
    const ids = r.usersMessage[`chat${d.chatId}`]
    expect(ids).toHaveLength(2)
    expect(r.message[ids[0]]).toEqual({
      id: ids[0], chatid: String(d.chatId), senderid: String(a.id), recipientid: `chat${d.chatId}`, date: expect.any(String),
      text: '[b]Hi[/b] there', textlegacy: '<b>Hi</b> there', params: [],
    })
    expect(r.users[String(a.id)]).toMatchObject({ id: String(a.id), firstName: 'Ann', connector: false, status: 'online' })
    expect(r.users[String(d.userId)]).toMatchObject({ connector: true, externalAuthId: 'imconnector' })
    expect(r.chat[String(d.chatId)]).toMatchObject({ id: String(d.chatId), entityType: 'LINES', entityId: `telegrambot|${lineId}|c-c${n}|u-c${n}`, type: 'lines' })
    expect(r.chat[String(d.chatId)].entityData1.split('|')[5]).toBe(String(d.sessionId))
    expect(r.userInChat[String(d.chatId)]).toEqual(expect.arrayContaining([a.id, d.userId]))
    expect(r.files).toEqual([])
    expect(r.openlines).toEqual({ canvoteashead: { [String(lineId)]: true } })
    expect((await t.call('imopenlines.session.history.get', { CHAT_ID: d.chatId }, a.hook)).body.result.sessionId).toBe(d.sessionId)
  })

  it('history.get errors', async () => {
    const d = await answered()
    expect(await t.call('imopenlines.session.history.get', {}, a.hook)).toEqual(err(400, 'MISSING_REQUIRED_PARAM', 'Session ID or Chat ID must be provided'))
    expect(await t.call('imopenlines.session.history.get', { SESSION_ID: 'abc' }, a.hook)).toEqual(err(400, 'INVALID_SESSION_ID', 'Unable to determine session ID from provided parameters'))
    expect(await t.call('imopenlines.session.history.get', { CHAT_ID: 99999 }, a.hook)).toEqual(err(400, 'INVALID_SESSION_ID', 'Unable to determine session ID from provided parameters'))
    expect(await t.call('imopenlines.session.history.get', { SESSION_ID: d.sessionId }, outsider.hook)).toEqual(DENIED)
  })

  it('dialog.get by CHAT_ID, DIALOG_ID, SESSION_ID and USER_CODE', async () => {
    const d = await answered()
    const byChat = await t.call('imopenlines.dialog.get', { CHAT_ID: d.chatId }, a.hook)
    expect(byChat.body.result).toMatchObject({
      id: d.chatId, type: 'lines', entity_type: 'LINES', entity_id: `telegrambot|${lineId}|c-c${n}|u-c${n}`, dialog_id: `chat${d.chatId}`,
      owner: a.id, role: 'owner', manager_list: [a.id], message_type: 'L', counter: 1, message_count: 1,
    })
    for (const q of [{ DIALOG_ID: `chat${d.chatId}` }, { SESSION_ID: d.sessionId }, { USER_CODE: `telegrambot|${lineId}|c-c${n}|u-c${n}` }]) {
      expect((await t.call('imopenlines.dialog.get', q, a.hook)).body.result.id).toBe(d.chatId)
    }
    expect(await t.call('imopenlines.dialog.get', { CHAT_ID: d.chatId }, outsider.hook)).toEqual(err(400, 'ACCESS_ERROR', 'You do not have access to the specified dialog'))
    expect((await t.call('imopenlines.dialog.get', {}, a.hook)).body.error).toBe('ACCESS_ERROR')
  })

  it('message.session.start moves a message and those after it into a new session', async () => {
    const d = await answered()
    const second = await t.inbound(lineId, `c${n}`, 'A new question', { externalId: `y${n}` })
    expect((await t.call('imopenlines.message.session.start', { CHAT_ID: d.chatId, MESSAGE_ID: second.messageId }, a.hook)).body).toEqual(TRUE)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'closed', close_reason: 'restart' })
    const moved = await t.deps.db.selectFrom('messages').select('session_id').where('id', '=', second.messageId).executeTakeFirstOrThrow()
    expect(moved.session_id).not.toBe(d.sessionId)
    expect(await t.session(moved.session_id as number)).toMatchObject({ status: 'answered', operator_id: a.id, number: 2 })
    expect((await t.call('imopenlines.message.session.start', { CHAT_ID: d.chatId, MESSAGE_ID: 99999 }, a.hook)).body.error).toBe('ERROR_ARGUMENT')
    expect((await t.call('imopenlines.message.session.start', { CHAT_ID: d.chatId, MESSAGE_ID: second.messageId }, outsider.hook)).body.error).toBe('ACCESS_DENIED')
  })
})
