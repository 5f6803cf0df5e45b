import { beforeAll, describe, expect, it } from 'vitest'
import type { DialogueApp } from '../../helpers/dialogue-app.js'
import { useDialogueApp } from '../../helpers/dialogue-fixture.js'

type Person = { id: number; hook: string }

describe("imopenlines.session.history.get: the customer's vote beside the supervisor's", () => {
  let t: DialogueApp, op: Person, boss: Person, outsider: Person, lineId: number
  let n = 0
  useDialogueApp((app) => (t = app))
  beforeAll(async () => {
    op = await t.operator({ name: 'Vera' })
    boss = await t.operator({ name: 'Head' })
    outsider = await t.operator({ name: 'Nobody' })
    lineId = (await t.lines.add({ queue: [op.id], closeRule: 'text', closeText: 'Bye', voteMessage: true })).id
    await t.lines.grant(lineId, boss.id, 'supervisor')
  })

  /** A dialogue answered, replied to and finished: the customer was asked to rate it. */
  async function finished() {
    const customer = `v${++n}`
    const res = await t.inbound(lineId, customer, 'My parcel is late', { externalId: `vx${n}` })
    await t.call('imopenlines.operator.answer', { CHAT_ID: res.chatId }, op.hook)
    await t.call('im.message.add', { DIALOG_ID: `chat${res.chatId}`, MESSAGE: 'It arrives tomorrow.' }, op.hook)
    await t.call('imopenlines.operator.finish', { CHAT_ID: res.chatId }, op.hook)
    const who = { connector: 'telegrambot', lineId, connectorChatId: `c-${customer}`, connectorUserId: `u-${customer}` }
    return { ...res, vote: (like: boolean) => t.deps.dialogues.receiveCustomerVote(who, like) }
  }
  const history = async (chatId: number, who: Person) => t.call('imopenlines.session.history.get', { CHAT_ID: chatId }, who.hook)

  it('is 0 until the customer rates, then 5 for a like and 1 for a dislike, as Bitrix24 stores it', async () => {
    const liked = await finished()
    expect((await history(liked.chatId, op)).body.result).toMatchObject({ sessionId: liked.sessionId, sessionVote: 0, sessionVoteHead: 0 })
    expect(await liked.vote(true)).toMatchObject({ voted: true })
    expect((await history(liked.chatId, op)).body.result).toMatchObject({ sessionVote: 5, sessionVoteHead: 0, sessionCommentHead: null })
    // One vote a session: a second one changes nothing.
    await liked.vote(false)
    expect((await history(liked.chatId, op)).body.result.sessionVote).toBe(5)

    const disliked = await finished()
    await disliked.vote(false)
    await t.call('imopenlines.session.head.vote', { SESSION_ID: disliked.sessionId, RATING: 2, COMMENT: 'Too slow' }, boss.hook)
    const seen = (await history(disliked.chatId, boss)).body.result
    expect(seen).toMatchObject({ sessionVote: 1, sessionVoteHead: 2, sessionCommentHead: 'Too slow', canVoteHead: 'Y' })
    expect((await history(disliked.chatId, op)).body.result).toMatchObject({ sessionVote: 1, sessionVoteHead: 2, canVoteHead: 'N' })
  })

  it('is read with the rights of session.history.get', async () => {
    const d = await finished()
    await d.vote(true)
    expect(await history(d.chatId, outsider)).toEqual({
      status: 400, body: { error: 'ACCESS_DENIED', error_description: expect.any(String) },
    })
    expect((await t.call('imopenlines.session.history.get', { SESSION_ID: d.sessionId }, boss.hook)).body.result.sessionVote).toBe(5)
  })
})
