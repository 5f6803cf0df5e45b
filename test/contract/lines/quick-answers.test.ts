import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MessageSource } from '../../../src/quick-answers/index.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { manualClock, timeShape } from './fixtures.js'

/**
 * Chats and messages belong to the dialogue domain; until it exists the
 * tests provide them through the container's MessageSource override.
 */
const chats = new Map<number, { lineId: number | null }>()
const messages = new Map<number, { chatId: number; lineId: number; text: string }>()
const fakeMessages: MessageSource = {
  getChat: async (_tx, chatId) => chats.get(chatId) ?? null,
  getLineMessage: async (_tx, messageId) => messages.get(messageId) ?? null,
}
const clock = manualClock()

describe('imopenlines.message.quick.save and openlines.quickanswers.list', () => {
  let t: TestApp
  let line: number
  let operator: { id: number; hook: string }
  beforeAll(async () => {
    t = await buildTestApp({ clock, overrides: { messageSource: fakeMessages } })
    operator = await t.createUser()
    line = (await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Help', QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: operator.id }] } })).body.result
    chats.set(10, { lineId: line })
    chats.set(20, { lineId: null })
    messages.set(100, { chatId: 10, lineId: line, text: 'To reset your password, open Settings → Security.\nThen press Reset.' })
    messages.set(101, { chatId: 10, lineId: line, text: '   ' })
    messages.set(200, { chatId: 20, lineId: line, text: 'Elsewhere' })
  })
  afterAll(() => t.close())

  const save = (params: Record<string, unknown>, hook?: string) => t.call('imopenlines.message.quick.save', params, hook)
  const list = (params: Record<string, unknown>, hook?: string) => t.call('openlines.quickanswers.list', params, hook)

  it("saves a line chat's message as a quick answer of its line, once", async () => {
    expect(await save({ CHAT_ID: 10, MESSAGE_ID: 100 }, operator.hook)).toEqual({ status: 200, body: { result: true, time: timeShape } })
    expect((await save({ CHAT_ID: '10', MESSAGE_ID: '100' })).body.result).toBe(true)
    const res = await list({ LINE_ID: line }, operator.hook)
    expect(res).toEqual({
      status: 200,
      body: {
        result: [
          {
            ID: expect.any(String),
            LINE_ID: String(line),
            TITLE: 'To reset your password, open Settings → Security.',
            TEXT: 'To reset your password, open Settings → Security.\nThen press Reset.',
            CHAT_ID: '10',
            MESSAGE_ID: '100',
            AUTHOR_ID: String(operator.id),
            DATE_CREATE: expect.any(String),
          },
        ],
        total: 1,
        time: timeShape,
      },
    })
  })

  it.each([
    [{ MESSAGE_ID: 100 }, 400, 'CHAT_ID', "Chat ID can't be empty"],
    [{ CHAT_ID: 'ten', MESSAGE_ID: 100 }, 400, 'CHAT_ID', "Chat ID can't be empty"],
    [{ CHAT_ID: 99, MESSAGE_ID: 100 }, 400, 'CHAT_ID', 'Chat 99 does not exist'],
    [{ CHAT_ID: 20, MESSAGE_ID: 200 }, 400, 'CHAT_TYPE', 'The chat is not an open line chat'],
    [{ CHAT_ID: 10 }, 400, 'CANT_SAVE_QUICK_ANSWER', 'Error saving quick answer: MESSAGE_ID must be a positive integer'],
    [{ CHAT_ID: 10, MESSAGE_ID: 200 }, 400, 'CANT_SAVE_QUICK_ANSWER', 'Error saving quick answer: message 200 is not in chat 10'],
    [{ CHAT_ID: 10, MESSAGE_ID: 999 }, 400, 'CANT_SAVE_QUICK_ANSWER', 'Error saving quick answer: message 999 is not in chat 10'],
    [{ CHAT_ID: 10, MESSAGE_ID: 101 }, 400, 'CANT_SAVE_QUICK_ANSWER', 'Error saving quick answer: the message has no text'],
  ])('answers %j with %i %s', async (params, status, error, description) => {
    expect(await save(params)).toEqual({ status, body: { error, error_description: description } })
  })

  it('answers ACCESS_DENIED to someone who does not work on the line', async () => {
    const stranger = await t.createUser()
    expect(await save({ CHAT_ID: 10, MESSAGE_ID: 100 }, stranger.hook)).toEqual({
      status: 403,
      body: { error: 'ACCESS_DENIED', error_description: 'You have no access to this chat' },
    })
    expect(await list({ LINE_ID: line }, stranger.hook)).toEqual({
      status: 403,
      body: { error: 'ACCESS_DENIED', error_description: `You have no access to open line ${line}` },
    })
  })

  it('lists newest first, 50 a page with next and total, and searches title and text', async () => {
    for (let i = 0; i < 60; i++) {
      messages.set(1000 + i, { chatId: 10, lineId: line, text: i % 2 ? `Shipping takes ${i} days` : `Refund policy #${i}` })
      clock.advance(1)
      await save({ CHAT_ID: 10, MESSAGE_ID: 1000 + i })
    }
    const first = await list({ LINE_ID: line })
    expect(first.body.result).toHaveLength(50)
    expect(first.body.total).toBe(61)
    expect(first.body.next).toBe(50)
    expect(first.body.result[0].TEXT).toBe('Shipping takes 59 days')
    const second = await list({ LINE_ID: line, start: 50 })
    expect(second.body.result).toHaveLength(11)
    expect(second.body).not.toHaveProperty('next')
    const found = await list({ LINE_ID: line, SEARCH: 'REFUND' })
    expect(found.body.total).toBe(30)
    expect(found.body.result.every((a: { TEXT: string }) => a.TEXT.startsWith('Refund'))).toBe(true)
    expect((await list({ LINE_ID: line, SEARCH: '100%' })).body.result).toEqual([])
    const noTotal = await list({ LINE_ID: line, start: -1 })
    expect(noTotal.body).not.toHaveProperty('total')
    expect(noTotal.body.result).toHaveLength(50)
  })

  it('refuses a missing or unknown line', async () => {
    expect(await list({})).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: 'Argument "LINE_ID": must be a positive integer id' } })
    expect(await list({ LINE_ID: 777 })).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: 'Argument "LINE_ID": 777 is not the id of an existing open line' } })
  })
})

describe('imopenlines.message.quick.save before chats exist', () => {
  it('finds no chat', async () => {
    const t = await buildTestApp()
    try {
      expect(await t.call('imopenlines.message.quick.save', { CHAT_ID: 1, MESSAGE_ID: 1 })).toEqual({
        status: 400,
        body: { error: 'CHAT_ID', error_description: 'Chat 1 does not exist' },
      })
    } finally {
      await t.close()
    }
  })
})
