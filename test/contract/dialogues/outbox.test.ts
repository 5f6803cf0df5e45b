import { describe, expect, it } from 'vitest'
import type { DialogueApp } from '../../helpers/dialogue-app.js'
import { useDialogueApp } from '../../helpers/dialogue-fixture.js'
import { installApp } from '../apps/app-helpers.js'

describe('dialogue events in the outbox', () => {
  let t: DialogueApp
  useDialogueApp((app) => (t = app), { outbox: true })

  const outbox = (name: string) =>
    t.deps.db.selectFrom('events').selectAll().where('event_name', '=', name).orderBy('id').execute()

  it('writes OnSessionStart, OnOpenLineMessageAdd/Update/Delete and OnSessionFinish with the change, and queues them for bound apps', async () => {
    const app = await installApp(t, { scopes: ['imopenlines'] })
    expect((await app.call('event.bind', { event: 'ONSESSIONSTART', handler: 'http://127.0.0.1:18650/h' })).body.result).toBe(true)
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id] })
    const d = await t.inbound(line.id, '77', 'Hello')
    const [start] = await outbox('ONSESSIONSTART')
    expect(start).toMatchObject({ chat_id: d.chatId, user_id: null })
    expect(JSON.parse(start.data)).toEqual({ DATA: [{
      connector: { connector_id: 'telegrambot', line_id: line.id, chat_id: 'c-77', user_id: 'u-77' },
      session: { id: d.sessionId, closed: 'N', parent_id: 0, close_term: 60 },
      chat: { id: d.chatId },
      user: { id: 'u-77' },
    }] })
    const queued = await t.deps.db.selectFrom('event_deliveries').selectAll().where('event_id', '=', start.id).execute()
    expect(queued).toEqual([expect.objectContaining({ app_id: app.app.id, url: 'http://127.0.0.1:18650/h' })])

    const id = (await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Hi!' }, op.hook)).body.result
    await t.call('im.message.update', { MESSAGE_ID: id, MESSAGE: 'Hi there!' }, op.hook)
    await t.call('im.message.delete', { MESSAGE_ID: id }, op.hook)
    await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, op.hook)
    const [add] = await outbox('ONOPENLINEMESSAGEADD')
    expect(JSON.parse(add.data).DATA[0].message).toMatchObject({ id, text: 'Hi!', system: 'N', user_id: op.id })
    expect(JSON.parse((await outbox('ONOPENLINEMESSAGEUPDATE'))[0].data).DATA[0].im).toEqual({ chat_id: d.chatId, message_id: id })
    expect(await outbox('ONOPENLINEMESSAGEDELETE')).toHaveLength(1)
    expect(JSON.parse((await outbox('ONSESSIONFINISH'))[0].data).DATA[0].session).toEqual({ id: d.sessionId, closed: 'Y', parent_id: 0, close_term: 60 })
  })

  it('writes nothing when the change fails', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id] })
    const d = await t.inbound(line.id, '78', 'Hello')
    const before = (await outbox('ONOPENLINEMESSAGEADD')).length
    const res = await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'x', REPLY_ID: 999999 }, op.hook)
    expect(res.body.error).toBe('REPLY_ACCESS_ERROR')
    expect(await outbox('ONOPENLINEMESSAGEADD')).toHaveLength(before)
  })

  it('an operator reply written in one statement carries the same event, queued the same way, as one written in a transaction', async () => {
    const app = await installApp(t, { scopes: ['imopenlines'] })
    expect((await app.call('event.bind', { event: 'ONOPENLINEMESSAGEADD', handler: 'http://127.0.0.1:18650/add' })).body.result).toBe(true)
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id] })
    const d = await t.inbound(line.id, '79', 'Hello')
    // The first reply answers the dialogue (a transaction); the next ones only add a message (one statement).
    const ids: number[] = []
    for (const text of ['First', 'Second "quoted" \\ text', 'Third']) {
      ids.push((await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: text }, op.hook)).body.result)
    }
    const adds = (await outbox('ONOPENLINEMESSAGEADD')).filter((e) => e.chat_id === d.chatId)
    expect(adds.map((e) => JSON.parse(e.data).DATA[0].message.id)).toEqual(ids)
    const [first, second] = adds.map((e) => JSON.parse(e.data).DATA[0])
    expect(second.message).toEqual({ ...first.message, id: ids[1], text: 'Second "quoted" \\ text' })
    expect(Object.keys(second)).toEqual(Object.keys(first))
    for (const e of adds) {
      expect(e.user_id).toBe(op.id)
      const queued = await t.deps.db.selectFrom('event_deliveries').selectAll().where('event_id', '=', e.id).execute()
      expect(queued).toEqual([expect.objectContaining({ app_id: app.app.id, url: 'http://127.0.0.1:18650/add', auth_user_id: op.id, order_key: String(d.chatId) })])
    }

    // An offline handler of the event: the reply goes the transactional way, and the offline queue gets it.
    expect((await app.call('event.bind', { event: 'ONOPENLINEMESSAGEADD', event_type: 'offline' })).body.result).toBe(true)
    const fourth = (await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Fourth' }, op.hook)).body.result
    const offline = await app.call('event.offline.get', { clear: 0 })
    expect(offline.body.result.events.map((e: { EVENT_DATA: { DATA: Array<{ message: { id: number } }> } }) => e.EVENT_DATA.DATA[0].message.id)).toContain(fourth)
  })
})
