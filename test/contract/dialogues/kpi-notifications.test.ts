import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RealtimeMessage } from '../../../src/realtime/index.js'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'

const page = (result: unknown[], total = result.length) => ({ result, total, time: expect.any(Object) })

describe('KPI alerts reach KPI_*_ANSWER_LIST and the operator as notifications', () => {
  let t: DialogueApp
  let heard: RealtimeMessage[]
  let stops: Array<() => void>
  beforeEach(async () => {
    t = await buildDialogueApp('2026-03-02T10:00:00Z')
    heard = []
    stops = []
  })
  afterEach(async () => {
    for (const stop of stops) stop()
    await t.close()
  })

  /** What a console subscribed to `user:<id>` hears. */
  function listen(userId: number): void {
    stops.push(t.deps.realtime.hub.subscribe(`user:${userId}`, { deliver: (m) => heard.push(m) }))
  }

  async function heardBy(userId: number, count: number): Promise<RealtimeMessage[]> {
    const mine = () => heard.filter((m) => m.channel === `user:${userId}`)
    for (let i = 0; i < 200 && mine().length < count; i++) await new Promise((r) => setTimeout(r, 10))
    return mine()
  }

  async function setUp() {
    const kate = await t.operator({ name: 'Kate' })
    const boss = await t.operator({ name: 'Boss' })
    const lead = await t.operator({ name: 'Lead' })
    const outsider = await t.operator({ name: 'Out' })
    const line = await t.lines.add({
      queue: [kate.id], queueTime: 0,
      kpiFirstAnswerTime: 60, kpiFirstAnswerAlert: true, kpiFirstAnswerText: '#OPERATOR# late in #DIALOG#', kpiFirstAnswerList: [boss.id],
      kpiFurtherAnswerTime: 120, kpiFurtherAnswerAlert: true, kpiFurtherAnswerText: '#OPERATOR# slow in #DIALOG#', kpiFurtherAnswerList: [lead.id, boss.id],
    })
    await t.deps.realtime.feed.start()
    for (const u of [kate, boss, lead, outsider]) listen(u.id)
    return { kate, boss, lead, outsider, line }
  }

  it('a late first answer: a live signal on user:<id> and a notification to read, for the list and the operator only', async () => {
    const { kate, boss, lead, outsider, line } = await setUp()
    const d = await t.inbound(line.id, 'c1', 'Hello')
    await t.tick(59)
    expect((await t.call('openlines.notify.list', {}, boss.hook)).body).toEqual(page([]))
    await t.tick(1)
    const expected = {
      ID: expect.any(Number), TYPE: 'KPI_FIRST_ANSWER', TEXT: `Kate late in ${d.sessionId}`, DATE: '2026-03-02T10:01:00+00:00',
      CHAT_ID: d.chatId, SESSION_ID: d.sessionId, LINE_ID: line.id, PARAMS: { OPERATOR_ID: kate.id }, READ: 'N',
    }
    for (const who of [boss, kate]) {
      expect(await heardBy(who.id, 1)).toEqual([{ type: 'signal', channel: `user:${who.id}`, id: 0, name: 'notification', data: expected }])
      expect((await t.call('openlines.notify.list', {}, who.hook)).body).toEqual(page([expected]))
    }
    for (const who of [lead, outsider]) {
      expect(await heardBy(who.id, 0)).toEqual([])
      expect((await t.call('openlines.notify.list', {}, who.hook)).body).toEqual(page([]))
    }
    // The chat keeps the operators-only system message as before.
    const system = await t.deps.db.selectFrom('messages').select(['text', 'to_customer']).where('chat_id', '=', d.chatId).where('author_id', '=', 0).execute()
    expect(system).toEqual([{ text: `Kate late in ${d.sessionId}`, to_customer: false }])
  })

  it('a late further answer goes to KPI_FURTHER_ANSWER_LIST and the operator; read marks, UNREAD filter and errors', async () => {
    const { kate, boss, lead, outsider, line } = await setUp()
    const d = await t.inbound(line.id, 'c1', 'Hello')
    await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Hi, how can I help?' }, kate.hook)
    await t.inbound(line.id, 'c1', 'A question')
    await t.tick(119)
    expect(await heardBy(lead.id, 0)).toEqual([])
    await t.tick(1)
    for (const who of [lead, boss, kate]) {
      const [signal] = await heardBy(who.id, 1)
      expect(signal.data).toMatchObject({ TYPE: 'KPI_FURTHER_ANSWER', TEXT: `Kate slow in ${d.sessionId}`, READ: 'N' })
    }
    expect(await heardBy(outsider.id, 0)).toEqual([])

    const [mine] = (await t.call('openlines.notify.list', {}, lead.hook)).body.result
    const notFound = { status: 400, body: { error: 'NOTIFY_ID', error_description: 'Notification not found' } }
    expect(await t.call('openlines.notify.read', { ID: mine.ID }, outsider.hook)).toEqual(notFound)
    expect(await t.call('openlines.notify.read', { ID: 'x' }, lead.hook)).toEqual(notFound)
    expect((await t.call('openlines.notify.read', { ID: mine.ID }, lead.hook)).body).toEqual({ result: 1, time: expect.any(Object) })
    expect((await t.call('openlines.notify.list', { UNREAD: 'Y' }, lead.hook)).body).toEqual(page([]))
    expect((await t.call('openlines.notify.list', {}, lead.hook)).body.result).toEqual([{ ...mine, READ: 'Y' }])
    // Without ID: all of the caller's unread ones; the others' stay unread.
    expect((await t.call('openlines.notify.read', {}, kate.hook)).body.result).toBe(1)
    expect((await t.call('openlines.notify.list', { UNREAD: 'Y' }, boss.hook)).body.total).toBe(1)
  })

  it('no alert when the operator answers in time', async () => {
    const { kate, boss, line } = await setUp()
    const d = await t.inbound(line.id, 'c1', 'Hello')
    await t.tick(30)
    await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Hi' }, kate.hook)
    await t.tick(600)
    expect((await t.call('openlines.notify.list', {}, boss.hook)).body).toEqual(page([]))
    expect(await heardBy(kate.id, 0)).toEqual([])
  })
})
