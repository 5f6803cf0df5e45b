import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'

describe('openlines.dialogue.list', () => {
  let t: DialogueApp
  let a: { id: number; hook: string }
  let boss: { id: number; hook: string }
  let lineId: number

  beforeAll(async () => {
    t = await buildDialogueApp()
    a = await t.operator({ name: 'Ann' })
    boss = await t.operator({ name: 'Boss' })
    lineId = (await t.lines.add({ queue: [a.id], queueType: 'strictly', lineName: 'Help' })).id
    await t.lines.grant(lineId, boss.id, 'supervisor')
  })
  afterAll(() => t.close())

  it("lists a line's open dialogues newest first for its supervisor, without the closed ones", async () => {
    const first = await t.inbound(lineId, 'c1', 'Hello', { externalId: 'x1' })
    const second = await t.inbound(lineId, 'c2', 'Hi there', { externalId: 'x2' })
    const closed = await t.inbound(lineId, 'c3', 'Bye', { externalId: 'x3' })
    await t.call('imopenlines.operator.answer', { CHAT_ID: first.chatId }, a.hook)
    await t.call('imopenlines.operator.answer', { CHAT_ID: closed.chatId }, a.hook)
    await t.call('imopenlines.operator.spam', { CHAT_ID: closed.chatId }, a.hook)
    const res = await t.call('openlines.dialogue.list', { LINE_ID: lineId }, boss.hook)
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(2)
    expect(res.body.result.map((d: { CHAT_ID: number }) => d.CHAT_ID)).toEqual([second.chatId, first.chatId])
    expect(res.body.result[1]).toMatchObject({ LINE_ID: lineId, STATUS: 'answered', OPERATOR_ID: a.id, TITLE: expect.any(String), WAIT_ANSWER: expect.stringMatching(/^[YN]$/) })
    expect(res.body.result[0].STATUS).toBe('offered')
  })

  it('refuses operators without a supervising role and a missing LINE_ID', async () => {
    expect(await t.call('openlines.dialogue.list', { LINE_ID: lineId }, a.hook)).toMatchObject({ status: 403, body: { error: 'ACCESS_DENIED' } })
    expect(await t.call('openlines.dialogue.list', {}, boss.hook)).toMatchObject({ status: 400, body: { error: 'ERROR_ARGUMENT' } })
  })

  it('pages by 50 with next', async () => {
    const other = (await t.lines.add({ queue: [a.id], lineName: 'Busy' })).id
    await t.lines.grant(other, boss.id, 'supervisor')
    for (let i = 0; i < 52; i++) await t.inbound(other, `p${i}`, 'Hello', { externalId: `p${i}` })
    const page1 = await t.call('openlines.dialogue.list', { LINE_ID: other }, boss.hook)
    expect(page1.body).toMatchObject({ total: 52, next: 50 })
    expect(page1.body.result).toHaveLength(50)
    const page2 = await t.call('openlines.dialogue.list', { LINE_ID: other, start: 50 }, boss.hook)
    expect(page2.body.result).toHaveLength(2)
    expect(page2.body.next).toBeUndefined()
  })
})
