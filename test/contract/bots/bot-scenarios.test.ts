import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { unreachableText } from '../../../src/bots/bot-watch.service.js'
import { BOT_TIMEOUT_TEXT } from '../../../src/sessions/transition.js'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { installApp } from '../apps/app-helpers.js'
import { botToken, startBotHandler, type BotEvent, type BotHandler } from './bot-handler.js'

/**
 * A real bot handler on 127.0.0.1, the server's own delivery worker, and a
 * clock the test moves: what a customer of a line with a welcome bot sees.
 */
describe('a welcome bot in an open line', () => {
  let t: DialogueApp
  let bot: BotHandler
  let botId: number
  let op: { id: number; hook: string }

  beforeEach(async () => {
    t = await buildDialogueApp('2026-03-02T10:00:00Z')
    bot = await startBotHandler()
    const app = await installApp(t)
    botId = (await app.call('imbot.register', { CODE: 'faq', TYPE: 'O', EVENT_HANDLER: bot.url, PROPERTIES: { NAME: 'Faq bot' } })).body.result
    op = await t.operator({ name: 'Olga' })
  })
  afterEach(async () => {
    await bot.close()
    await t.close()
  })

  /** The bot's REST calls, made with the tokens its events carried. */
  const botCall = async (e: BotEvent, method: string, params: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: botToken(e) } })
    return res.json()
  }
  /** Delivers what is due to the handler and waits for the bot to act on it. */
  const deliver = async () => {
    await t.deps.events.worker.drain()
    await bot.idle()
  }
  const lineWithBot = (extra: Record<string, unknown> = {}) =>
    t.lines.add({ queue: [op.id], welcomeBotEnable: true, welcomeBotId: botId, welcomeBotTime: 120, welcomeBotLeft: 'queue', ...extra })
  const messages = async (chatId: number) =>
    (await t.deps.db.selectFrom('messages').select(['author_id', 'text', 'to_customer', 'params']).where('chat_id', '=', chatId).orderBy('id').execute())
      .map((m) => ({ author: m.author_id, text: m.text, toCustomer: m.to_customer }))
  const status = async (sessionId: number) => (await t.session(sessionId)).status

  /** An FAQ bot: greets, answers what it knows, hands over on "operator" or when unsure. */
  function faqLogic() {
    bot.onEvent(async (e) => {
      const dialog = e.data.PARAMS.DIALOG_ID as string
      const chatId = Number(dialog.replace('chat', ''))
      if (e.event === 'ONIMBOTJOINCHAT') return void (await botCall(e, 'imbot.message.add', { DIALOG_ID: dialog, MESSAGE: 'Hello! I am the FAQ bot.' }))
      if (e.event !== 'ONIMBOTMESSAGEADD') return
      const text = String(e.data.PARAMS.MESSAGE).toLowerCase()
      if (text.includes('hours')) return void (await botCall(e, 'imbot.message.add', { DIALOG_ID: dialog, MESSAGE: 'We work 9 to 18.' }))
      if (text.includes('olga')) return void (await botCall(e, 'imopenlines.bot.session.transfer', { CHAT_ID: chatId, USER_ID: op.id, LEAVE: 'Y' }))
      if (text.includes('bye')) return void (await botCall(e, 'imopenlines.bot.session.finish', { CHAT_ID: chatId }))
      if (text.includes('operator') || !text.includes('?')) {
        await botCall(e, 'imbot.message.add', { DIALOG_ID: dialog, MESSAGE: 'Passing you to a person.' })
        await botCall(e, 'imopenlines.bot.session.operator', { CHAT_ID: chatId })
      }
    })
  }

  it('greets, answers, then hands over on "operator" with the history visible to the operator', async () => {
    faqLogic()
    // The line's welcome text (which names operators) goes out with the first message; the bot hears the customer's.
    const line = await lineWithBot({ welcomeMessage: true, welcomeMessageText: 'Welcome! An operator will answer soon.' })
    const d = await t.inbound(line.id, 'ann', 'Hi there?')
    expect(await status(d.sessionId)).toBe('bot')
    await deliver()
    // Each event has its own handler binding (EVENT_WELCOME_MESSAGE, EVENT_MESSAGE_ADD): they may cross on the way.
    expect(bot.events.map((e) => e.event).sort()).toEqual(['ONIMBOTJOINCHAT', 'ONIMBOTMESSAGEADD'])
    bot.events.sort((a, b) => (a.event === 'ONIMBOTJOINCHAT' ? -1 : b.event === 'ONIMBOTJOINCHAT' ? 1 : 0))
    const join = bot.events[0]
    expect(join.data.PARAMS).toMatchObject({ CHAT_TYPE: 'L', BOT_ID: String(botId), DIALOG_ID: `chat${d.chatId}`, CHAT_ENTITY_TYPE: 'LINES' })
    expect(join.data.BOT[String(botId)]).toMatchObject({ BOT_ID: String(botId), BOT_CODE: 'faq', user_id: String(botId), AUTH: { user_id: String(botId) } })
    expect(join.auth.application_token).toEqual(expect.any(String))
    expect(bot.events[1].data.PARAMS).toMatchObject({ MESSAGE: 'Hi there?', MESSAGE_TYPE: 'L', FROM_USER_ID: String(d.userId), TO_CHAT_ID: String(d.chatId) })
    expect(bot.events[1].data.USER).toMatchObject({ ID: String(d.userId), NAME: 'ann', IS_BOT: 'N' })
    // Nobody was offered the dialogue while the bot held it.
    expect((await t.session(d.sessionId)).operator_id).toBeNull()

    await t.inbound(line.id, 'ann', 'What are your hours?')
    await deliver()
    expect(await status(d.sessionId)).toBe('bot')
    await t.inbound(line.id, 'ann', 'I want an operator')
    await deliver()
    expect(await status(d.sessionId)).toBe('offered')
    const s = await t.session(d.sessionId)
    expect(s.operator_id).toBe(op.id)
    expect(await messages(d.chatId)).toEqual([
      { author: d.userId, text: 'Hi there?', toCustomer: true },
      { author: 0, text: 'Welcome! An operator will answer soon.', toCustomer: true },
      { author: botId, text: 'Hello! I am the FAQ bot.', toCustomer: true },
      { author: d.userId, text: 'What are your hours?', toCustomer: true },
      { author: botId, text: 'We work 9 to 18.', toCustomer: true },
      { author: d.userId, text: 'I want an operator', toCustomer: true },
      { author: botId, text: 'Passing you to a person.', toCustomer: true },
    ])
    // The operator reads the whole history of the chat they were offered; the bot left (WELCOME_BOT_LEFT=queue).
    const members = await t.deps.db.selectFrom('chat_members').select('user_id').where('chat_id', '=', d.chatId).execute()
    expect(members.map((m) => m.user_id).sort()).toEqual([d.userId, op.id].sort())
    // Customer messages no longer reach the bot.
    const before = bot.events.length
    await t.inbound(line.id, 'ann', 'Hello Olga?')
    await deliver()
    expect(bot.events.length).toBe(before)
  })

  it('a silent bot: after WELCOME_BOT_TIME from the last customer message the dialogue goes to the queue, and operators read why', async () => {
    bot.mode = 'silent'
    const line = await lineWithBot()
    const d = await t.inbound(line.id, 'bob', 'Hello')
    await deliver()
    await t.tick(100)
    await t.inbound(line.id, 'bob', 'Anyone?')
    await t.tick(100)
    expect(await status(d.sessionId)).toBe('bot')
    await t.tick(20)
    expect(await status(d.sessionId)).toBe('offered')
    const notes = (await t.deps.db.selectFrom('messages').select(['text', 'to_customer', 'params']).where('chat_id', '=', d.chatId).where('author_id', '=', 0).execute())
    expect(notes).toEqual([{ text: BOT_TIMEOUT_TEXT, to_customer: false, params: { CODE: 'BOT_TIMEOUT' } }])
  })

  it('a bot whose handler answers errors: after two failed tries the dialogue goes to the queue at once, and operators read why', async () => {
    bot.mode = 'error'
    const line = await lineWithBot()
    const d = await t.inbound(line.id, 'cat', 'Hello')
    await t.deps.events.worker.drainOnce()
    expect(await status(d.sessionId)).toBe('bot')
    // Retries come due as the clock moves; the watch looks BOT_WATCH_SECONDS after the event, long before WELCOME_BOT_TIME.
    for (let i = 0; i < 4 && (await status(d.sessionId)) === 'bot'; i++) {
      await t.tick(5)
      await t.deps.events.worker.drainOnce()
    }
    await t.tick(5)
    expect(await status(d.sessionId)).toBe('offered')
    const notes = await t.deps.db.selectFrom('messages').select(['text', 'to_customer']).where('chat_id', '=', d.chatId).where('author_id', '=', 0).execute()
    expect(notes).toEqual([{ text: unreachableText('HTTP 500'), to_customer: false }])
  })

  it('a bot whose handler is down (nothing listens) hands over the same way', async () => {
    const line = await lineWithBot()
    await bot.close()
    const d = await t.inbound(line.id, 'cid', 'Hello')
    for (let i = 0; i < 5 && (await status(d.sessionId)) === 'bot'; i++) {
      await t.deps.events.worker.drainOnce()
      await t.tick(5)
    }
    expect(await status(d.sessionId)).toBe('offered')
    // The operator offered the dialogue reads why in the chat (a note the customer does not get).
    const seen = await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${d.chatId}` }, op.hook)
    const texts = (seen.body.result.messages as Array<{ text: string }>).map((m) => m.text)
    expect(texts).toContainEqual(expect.stringMatching(/^The chat bot's handler is not accepting events \(.+\): the dialogue was passed to the operators\.$/))
    const note = await t.deps.db.selectFrom('messages').select('to_customer').where('chat_id', '=', d.chatId).where('author_id', '=', 0).executeTakeFirstOrThrow()
    expect(note.to_customer).toBe(false)
    bot = await startBotHandler()
  })

  it('transfers to a named operator, leaving at once', async () => {
    faqLogic()
    const line = await lineWithBot()
    const d = await t.inbound(line.id, 'dan', 'Can I talk to Olga?')
    await deliver()
    const s = await t.session(d.sessionId)
    expect(s).toMatchObject({ status: 'offered', operator_id: op.id })
    const members = await t.deps.db.selectFrom('chat_members').select('user_id').where('chat_id', '=', d.chatId).execute()
    expect(members.map((m) => m.user_id)).not.toContain(botId)
  })

  it('finishes the dialogue with the closing text and a vote request, and the customer votes', async () => {
    faqLogic()
    const line = await lineWithBot({ voteMessage: true, closeRule: 'text', closeText: 'Thank you!' })
    const d = await t.inbound(line.id, 'eve', 'Bye?')
    await deliver()
    // The dialogue the bot held closes at once: the customer's next message would start a new one.
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'closed', close_reason: 'bot' })
    const texts = (await messages(d.chatId)).map((m) => m.text)
    expect(texts).toContain('Thank you!')
    expect(texts).toContain('Rate us: 1 - good, 0 - bad')
    const voted = await t.inbound(line.id, 'eve', '1')
    expect(voted).toMatchObject({ voted: true, sessionId: d.sessionId })
    expect((await t.session(d.sessionId)).vote).toBe(5)
  })

  it('answers the documented errors of the bot session methods', async () => {
    const app = await installApp(t)
    const line = await lineWithBot()
    const d = await t.inbound(line.id, 'fay', 'Hi')
    expect((await app.call('imopenlines.bot.session.operator', {})).body).toEqual({ error: 'CHAT_ID_EMPTY', error_description: "Chat ID can't be empty" })
    expect((await app.call('imopenlines.bot.session.operator', { CHAT_ID: d.chatId })).body).toEqual({ error: 'BOT_ID_ERROR', error_description: 'Bot not found' })
    expect((await app.call('imopenlines.bot.session.transfer', { CHAT_ID: d.chatId })).body)
      .toEqual({ error: 'TRANSFER_ID_EMPTY', error_description: "Queue ID or User ID can't be empty" })
    expect((await app.call('imopenlines.bot.session.transfer', { CHAT_ID: d.chatId, USER_ID: 0 })).body.error).toBe('USER_ID_EMPTY')
    expect((await app.call('imopenlines.bot.session.transfer', { CHAT_ID: d.chatId, QUEUE_ID: 'x' })).body.error).toBe('QUEUE_ID_EMPTY')
    expect((await t.call('imopenlines.bot.session.finish', { CHAT_ID: d.chatId })).body.error).toBe('ACCESS_DENIED')
  })
})
