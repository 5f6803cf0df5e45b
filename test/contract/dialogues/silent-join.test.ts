import { describe, expect, it } from 'vitest'
import type { DialogueApp } from '../../helpers/dialogue-app.js'
import { useDialogueTeam, type Person } from '../../helpers/dialogue-fixture.js'

const TRUE = { result: true, time: expect.any(Object) }
const err = (status: number, error: string, error_description: string) => ({ status, body: { error, error_description } })
const DENIED = err(400, 'ACCESS_DENIED', 'You cannot open this conversation as you do not have sufficient rights')

describe('imopenlines.session.join with SILENT=Y: a supervisor listens in unseen', () => {
  let t: DialogueApp, a: Person, b: Person, boss: Person, outsider: Person, lineId: number
  let n = 0
  useDialogueTeam((team) => ({ t, a, b, boss, outsider, lineId } = team))

  async function answered() {
    const res = await t.inbound(lineId, `s${++n}`, 'Hello', { externalId: `sx${n}` })
    await t.call('imopenlines.operator.answer', { CHAT_ID: res.chatId }, a.hook)
    await t.call('im.message.add', { DIALOG_ID: `chat${res.chatId}`, MESSAGE: 'How can I help?' }, a.hook)
    return res
  }
  const messages = (chatId: number) => t.deps.db.selectFrom('messages').selectAll().where('chat_id', '=', chatId).orderBy('id').execute()
  const history = async (chatId: number, who: Person) => (await t.call('imopenlines.session.history.get', { CHAT_ID: chatId }, who.hook)).body.result
  const sent = () => t.events.named('OnOpenLineMessageAdd').map((e) => (e.data.DATA as Array<{ message: { text: string } }>)[0].message.text)

  it('a plain join tells the customer who joined', async () => {
    const d = await answered()
    t.events.clear()
    expect((await t.call('imopenlines.session.join', { CHAT_ID: d.chatId }, boss.hook)).body).toEqual(TRUE)
    const note = (await messages(d.chatId)).at(-1)!
    expect(note).toMatchObject({ author_id: 0, is_system: true, to_customer: true, text: 'Boss joined the conversation', params: { CODE: 'USER_JOIN' } })
    expect(sent()).toEqual(['Boss joined the conversation'])
    // Joining again changes nothing.
    t.events.clear()
    expect((await t.call('imopenlines.session.join', { CHAT_ID: d.chatId }, boss.hook)).body).toEqual(TRUE)
    expect(sent()).toEqual([])
  })

  it('a silent join tells only the operators; what the supervisor writes stays among them and changes nothing in the session', async () => {
    const d = await answered()
    const before = await t.session(d.sessionId)
    t.events.clear()
    expect((await t.call('imopenlines.session.join', { CHAT_ID: d.chatId, SILENT: 'Y' }, boss.hook)).body).toEqual(TRUE)
    expect((await t.call('im.chat.user.list', { CHAT_ID: d.chatId }, boss.hook)).body.result).toContain(boss.id)
    const note = (await messages(d.chatId)).at(-1)!
    expect(note).toMatchObject({ author_id: 0, is_system: true, to_customer: false, params: { CODE: 'USER_JOIN_SILENT' } })
    expect(note.text).toContain('Boss joined the dialogue silently')
    expect(sent()).toEqual([])
    expect(await history(d.chatId, boss)).toMatchObject({ canJoin: 'N', joinedSilently: 'Y' })
    expect(await history(d.chatId, a)).toMatchObject({ joinedSilently: 'N' })

    // Twice, and the customer gets a message from the customer in between: the whisper still goes nowhere.
    await t.inbound(lineId, `s${n}`, 'Still there?', { externalId: `sx${n}-2` })
    for (const text of ['Offer a refund', 'Or a voucher']) {
      const id = (await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: text }, boss.hook)).body.result
      const row = await t.deps.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ author_id: boss.id, to_customer: false, is_system: false })
    }
    expect(sent()).toEqual([])
    const after = await t.session(d.sessionId)
    expect(after).toMatchObject({ operator_id: a.id, status: 'answered', wait_answer: true, last_operator_at: before.last_operator_at })
    // The operator's own reply still goes out.
    await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Here is a voucher' }, a.hook)
    expect(sent()).toEqual(['Here is a voucher'])
  })

  it('joining again without SILENT makes the supervisor visible; intercepting does too', async () => {
    const d = await answered()
    await t.call('imopenlines.session.join', { CHAT_ID: d.chatId, SILENT: 'Y' }, boss.hook)
    t.events.clear()
    expect((await t.call('imopenlines.session.join', { CHAT_ID: d.chatId }, boss.hook)).body).toEqual(TRUE)
    expect(sent()).toEqual(['Boss joined the conversation'])
    expect(await history(d.chatId, boss)).toMatchObject({ joinedSilently: 'N' })
    t.events.clear()
    await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Hello from the supervisor' }, boss.hook)
    expect(sent()).toEqual(['Hello from the supervisor'])
    // A visible member asking for a silent join stays visible.
    expect((await t.call('imopenlines.session.join', { CHAT_ID: d.chatId, SILENT: 'Y' }, boss.hook)).body).toEqual(TRUE)
    expect(await history(d.chatId, boss)).toMatchObject({ joinedSilently: 'N' })

    const e = await answered()
    await t.call('imopenlines.session.join', { CHAT_ID: e.chatId, SILENT: 'Y' }, boss.hook)
    expect((await t.call('imopenlines.session.intercept', { CHAT_ID: e.chatId }, boss.hook)).body).toEqual(TRUE)
    t.events.clear()
    await t.call('im.message.add', { DIALOG_ID: `chat${e.chatId}`, MESSAGE: 'I take it from here' }, boss.hook)
    expect(sent()).toEqual(['I take it from here'])
    expect(await t.session(e.sessionId)).toMatchObject({ operator_id: boss.id, last_operator_at: expect.any(Date) })
  })

  it('documented errors: CHAT_ID, CHAT_TYPE, ACCESS_DENIED (no role on the line, or no open dialogue)', async () => {
    const d = await answered()
    expect(await t.call('imopenlines.session.join', { CHAT_ID: d.chatId, SILENT: 'Y' }, outsider.hook)).toEqual(DENIED)
    expect(await t.call('imopenlines.session.join', { CHAT_ID: 0, SILENT: 'Y' }, boss.hook)).toEqual(err(400, 'CHAT_ID', 'The specified chat identifier is incorrect'))
    expect(await t.call('imopenlines.session.join', { CHAT_ID: 999999, SILENT: 'Y' }, boss.hook)).toEqual(err(400, 'CHAT_ID', 'The specified chat identifier is incorrect'))
    await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, a.hook)
    expect(await t.call('imopenlines.session.join', { CHAT_ID: d.chatId, SILENT: 'Y' }, b.hook)).toEqual(DENIED)
    expect((await messages(d.chatId)).some((m) => m.author_id === 0 && (m.params as { CODE?: string }).CODE === 'USER_JOIN_SILENT')).toBe(false)
  })
})
