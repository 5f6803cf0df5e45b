import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { installApp, type InstalledApp } from '../apps/app-helpers.js'
import { botToken, startBotHandler, type BotEvent, type BotHandler } from './bot-handler.js'

type Json = Record<string, any>

/**
 * Bots a line names besides the welcome bot (off-hours, no-answer), a bot kept
 * till the close, commands available in every chat, keyboards a widget
 * visitor presses, and edits and deletions reaching the bot: a real handler on
 * 127.0.0.1, the server's delivery worker, and a clock the test moves.
 */
describe('bots in open lines: off-hours and no-answer bots, closing, commands, keyboards, changes', () => {
  let t: DialogueApp
  let bot: BotHandler
  let app: InstalledApp
  let botId: number
  let op: { id: number; hook: string }

  beforeEach(async () => {
    // Monday 2026-03-02, 20:00 UTC: after working hours on lines that keep them.
    t = await buildDialogueApp('2026-03-02T20:00:00Z')
    bot = await startBotHandler()
    app = await installApp(t)
    botId = (await app.call('imbot.register', { CODE: 'night', TYPE: 'O', EVENT_HANDLER: bot.url, PROPERTIES: { NAME: 'Night bot' } })).body.result
    op = await t.operator({ name: 'Olga' })
  })
  afterEach(async () => {
    await bot.close()
    await t.close()
  })

  const deliver = async () => {
    await t.deps.events.worker.drain()
    await bot.idle()
  }
  const botCall = async (e: BotEvent, method: string, params: Record<string, unknown>) =>
    (await t.app.inject({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: botToken(e) } })).json()
  const members = async (chatId: number) =>
    (await t.deps.db.selectFrom('chat_members').select('user_id').where('chat_id', '=', chatId).execute()).map((m) => m.user_id).sort((a, b) => a - b)
  const names = (events: BotEvent[]) => events.map((e) => e.event)

  it('outside working time the off-hours bot (WORKTIME_DAYOFF_BOT_ID) takes a new dialogue; in working time operators do', async () => {
    const line = await t.lines.add({
      queue: [op.id], worktimeEnable: true, worktimeFrom: '9', worktimeTo: '18', worktimeTimezone: 'UTC', worktimeDayoffRule: 'text',
      worktimeDayoffText: 'We are closed', worktimeDayoffBotId: botId, welcomeBotTime: 300,
    })
    const night = await t.inbound(line.id, 'ann', 'Anyone there?')
    expect(await t.session(night.sessionId)).toMatchObject({ status: 'bot', bot_id: botId, operator_id: null })
    await deliver()
    // Each event has its own handler binding, so the two may arrive in either order.
    expect(names(bot.events).sort()).toEqual(['ONIMBOTJOINCHAT', 'ONIMBOTMESSAGEADD'])
    expect(bot.events.find((e) => e.event === 'ONIMBOTJOINCHAT')!.data.PARAMS).toMatchObject({ BOT_ID: String(botId), CHAT_ID: String(night.chatId), CHAT_ENTITY_TYPE: 'LINES' })
    expect(await members(night.chatId)).toEqual([night.userId, botId].sort((a, b) => a - b))
    const texts = (await t.deps.db.selectFrom('messages').select('text').where('chat_id', '=', night.chatId).execute()).map((m) => m.text)
    expect(texts).toContain('We are closed')
    // The bot holds it until WELCOME_BOT_TIME runs out, then operators get it.
    await t.tick(301)
    expect((await t.session(night.sessionId)).status).toBe('offered')

    t.clock.set('2026-03-03T10:00:00Z')
    const day = await t.inbound(line.id, 'bob', 'Good morning')
    expect(await t.session(day.sessionId)).toMatchObject({ status: 'offered', operator_id: op.id })
  })

  it('a dialogue nobody answered in NO_ANSWER_TIME goes to the no-answer bot (NO_ANSWER_BOT_ID), which can hand it back', async () => {
    bot.onEvent(async (e) => {
      const chatId = Number(String(e.data.PARAMS.DIALOG_ID).replace('chat', ''))
      if (e.event === 'ONIMBOTJOINCHAT') await botCall(e, 'imbot.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'Operators are busy, I can help meanwhile.' })
      if (e.event === 'ONIMBOTMESSAGEADD' && String(e.data.PARAMS.MESSAGE).includes('person')) await botCall(e, 'imopenlines.bot.session.operator', { CHAT_ID: chatId })
    })
    const line = await t.lines.add({ queue: [op.id], queueTime: 0, noAnswerTime: 60, noAnswerRule: 'none', noAnswerBotId: botId, welcomeBotTime: 600 })
    const d = await t.inbound(line.id, 'cat', 'Hello?')
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'offered', operator_id: op.id })
    await t.tick(59)
    expect((await t.session(d.sessionId)).status).toBe('offered')
    await t.tick(2)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'bot', bot_id: botId, operator_id: null })
    // The operator who was offered it no longer holds it; the bot is in the chat.
    expect(await members(d.chatId)).toEqual([d.userId, botId].sort((a, b) => a - b))
    await deliver()
    expect(names(bot.events)).toEqual(['ONIMBOTJOINCHAT'])
    await t.inbound(line.id, 'cat', 'I want a person')
    await deliver()
    expect(names(bot.events)).toEqual(['ONIMBOTJOINCHAT', 'ONIMBOTMESSAGEADD'])
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'offered', operator_id: op.id })
    // Once per session: the bot does not take it again.
    await t.tick(120)
    expect((await t.session(d.sessionId)).status).toBe('offered')
  })

  describe('WELCOME_BOT_LEFT=close', () => {
    beforeEach(() => {
      bot.onEvent(async (e) => {
        if (e.event !== 'ONIMBOTMESSAGEADD') return
        const chatId = Number(String(e.data.PARAMS.DIALOG_ID).replace('chat', ''))
        if (String(e.data.PARAMS.MESSAGE).includes('bye')) await botCall(e, 'imopenlines.bot.session.finish', { CHAT_ID: chatId })
      })
    })

    for (const join of ['always', 'first'] as const) {
      it(`the bot that finishes closes the dialogue and leaves; the next message starts a new session, with the bot again only for WELCOME_BOT_JOIN=${join}`, async () => {
        const line = await t.lines.add({ queue: [op.id], welcomeBotEnable: true, welcomeBotId: botId, welcomeBotJoin: join, welcomeBotLeft: 'close', fullCloseTime: 10 })
        const first = await t.inbound(line.id, 'dan', 'Hi')
        await deliver()
        await t.inbound(line.id, 'dan', 'ok bye')
        await deliver()
        expect(await t.session(first.sessionId)).toMatchObject({ status: 'closed', close_reason: 'bot' })
        expect(await members(first.chatId)).toEqual([first.userId])
        const seen = bot.events.length
        const next = await t.inbound(line.id, 'dan', 'One more question')
        expect(next.sessionStarted).toBe(true)
        expect(next.sessionId).not.toBe(first.sessionId)
        await deliver()
        if (join === 'always') {
          expect(await t.session(next.sessionId)).toMatchObject({ status: 'bot', bot_id: botId })
          // Two handler bindings (join, message): order is kept per handler only.
          expect(names(bot.events.slice(seen)).sort()).toEqual(['ONIMBOTJOINCHAT', 'ONIMBOTMESSAGEADD'])
          expect(bot.events.slice(seen).find((e) => e.event === 'ONIMBOTMESSAGEADD')!.data.PARAMS.MESSAGE).toBe('One more question')
        } else {
          expect(await t.session(next.sessionId)).toMatchObject({ status: 'offered', operator_id: op.id })
          expect(bot.events.length).toBe(seen)
          expect(await members(next.chatId)).not.toContain(botId)
        }
      })
    }

    it('a bot kept in the chat after handing over leaves when the dialogue closes', async () => {
      const line = await t.lines.add({ queue: [op.id], welcomeBotEnable: true, welcomeBotId: botId, welcomeBotLeft: 'close', welcomeBotTime: 30 })
      const d = await t.inbound(line.id, 'eve', 'Hello')
      await t.tick(31)
      expect((await t.session(d.sessionId)).status).toBe('offered')
      expect(await members(d.chatId)).toContain(botId)
      await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, op.hook)
      expect((await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, op.hook)).body.result).toBe(true)
      expect(await members(d.chatId)).toEqual([d.userId])
    })
  })

  describe('commands', () => {
    let other: BotHandler
    let otherApp: InstalledApp
    let helperId: number

    beforeEach(async () => {
      other = await startBotHandler()
      otherApp = await installApp(t, { title: 'Status app' })
      helperId = (await otherApp.call('imbot.register', { CODE: 'status', TYPE: 'B', EVENT_HANDLER: other.url, PROPERTIES: { NAME: 'Status' } })).body.result
      const lang = [{ LANGUAGE_ID: 'en', TITLE: 'Order status', PARAMS: 'order number' }]
      expect((await otherApp.call('imbot.command.register', { BOT_ID: helperId, COMMAND: 'status', COMMON: 'Y', EVENT_COMMAND_ADD: other.url, LANG: lang })).status).toBe(200)
      expect((await otherApp.call('imbot.command.register', { BOT_ID: helperId, COMMAND: 'secret', COMMON: 'N', EVENT_COMMAND_ADD: other.url, LANG: lang })).status).toBe(200)
    })
    afterEach(() => other.close())

    const commandEvents = (h: BotHandler) => h.events.filter((e) => e.event === 'ONIMCOMMANDADD')

    it('a COMMON=Y command answers in any open-line chat, for the customer and the operator; other commands only where their bot is', async () => {
      const line = await t.lines.add({ queue: [op.id] })
      const d = await t.inbound(line.id, 'fay', '/status 12345')
      await deliver()
      await other.idle()
      const [customer] = commandEvents(other)
      expect(customer.data.COMMAND[Object.keys(customer.data.COMMAND)[0]]).toMatchObject({
        BOT_ID: String(helperId), BOT_CODE: 'status', COMMAND: 'status', COMMAND_PARAMS: '12345', COMMAND_CONTEXT: 'TEXTAREA', MESSAGE_ID: String(d.messageId),
        user_id: String(helperId), AUTH: { user_id: String(helperId) },
      })
      expect(customer.data.PARAMS).toMatchObject({ MESSAGE: '/status 12345', DIALOG_ID: `chat${d.chatId}`, CHAT_ENTITY_TYPE: 'LINES', FROM_USER_ID: String(d.userId) })
      expect(customer.data.USER).toMatchObject({ ID: String(d.userId), NAME: 'fay' })
      // The customer's message is in the chat as any other.
      expect((await t.session(d.sessionId)).status).toBe('offered')

      await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, op.hook)
      const sent = await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: '/status 777' }, op.hook)
      expect(sent.status).toBe(200)
      await t.inbound(line.id, 'fay', '/secret')
      await t.deps.events.worker.drain()
      await other.idle()
      const events = commandEvents(other)
      expect(events).toHaveLength(2)
      expect(events[1].data.USER).toMatchObject({ ID: String(op.id), NAME: 'Olga' })
      expect(events[1].data.COMMAND[Object.keys(events[1].data.COMMAND)[0]]).toMatchObject({ COMMAND_PARAMS: '777', MESSAGE_ID: String(sent.body.result) })
    })

    it('the bot holding the dialogue gets its own command once, in place of ONIMBOTMESSAGEADD, and a common command of another bot too', async () => {
      const lang = [{ LANGUAGE_ID: 'en', TITLE: 'Help' }]
      await app.call('imbot.command.register', { BOT_ID: botId, COMMAND: 'help', EVENT_COMMAND_ADD: bot.url, LANG: lang })
      const line = await t.lines.add({ queue: [op.id], welcomeBotEnable: true, welcomeBotId: botId, welcomeBotTime: 600 })
      await t.inbound(line.id, 'gus', 'Hi')
      await t.inbound(line.id, 'gus', '/help me')
      await t.inbound(line.id, 'gus', '/status 1')
      await deliver()
      await other.idle()
      // Messages and commands reach the bot through two handler bindings, and order is kept per handler:
      // the command may come before or after the last message, never in place of a second copy.
      expect(names(bot.events).slice().sort()).toEqual(['ONIMBOTJOINCHAT', 'ONIMBOTMESSAGEADD', 'ONIMBOTMESSAGEADD', 'ONIMCOMMANDADD'])
      const messages = bot.events.filter((e) => e.event === 'ONIMBOTMESSAGEADD').map((e) => e.data.PARAMS.MESSAGE)
      expect(messages).toEqual(['Hi', '/status 1'])
      const [command] = bot.events.filter((e) => e.event === 'ONIMCOMMANDADD')
      expect(command.data.COMMAND[Object.keys(command.data.COMMAND)[0]]).toMatchObject({ COMMAND: 'help', COMMAND_PARAMS: 'me' })
      expect(commandEvents(other)).toHaveLength(1)
    })

    it('a widget visitor presses a bot keyboard: COMMAND buttons run the command (KEYBOARD context), others are drawn for the window', async () => {
      const lang = [{ LANGUAGE_ID: 'en', TITLE: 'Prices' }]
      await app.call('imbot.command.register', { BOT_ID: botId, COMMAND: 'prices', EVENT_COMMAND_ADD: bot.url, LANG: lang })
      const line = await t.lines.add({ queue: [op.id], welcomeBotEnable: true, welcomeBotId: botId, welcomeBotTime: 600 })
      const post = async (path: string, payload: Json, token?: string) => {
        const res = await t.app.inject({ method: 'POST', url: `/online/api/${path}`, payload, headers: token ? { 'x-widget-token': token } : {} })
        return { status: res.statusCode, body: res.json() as Json }
      }
      const token = (await post('start', { line: line.id })).body.token as string
      const chatId = (await post('message', { text: 'Hello', clientId: 'k-1' }, token)).body.chatId as number
      const KEYBOARD = { BUTTONS: [
        { TEXT: 'Prices', COMMAND: 'prices', COMMAND_PARAMS: 'all', BG_COLOR: '#29619b', BLOCK: 'Y' },
        { TYPE: 'NEWLINE' },
        { TEXT: 'Site', LINK: 'https://example.com/' },
        { TEXT: 'Bad', LINK: 'javascript:alert(1)' },
        { TEXT: 'Say hi', ACTION: 'SEND', ACTION_VALUE: 'hi' },
      ] }
      const id = (await app.call('imbot.message.add', { BOT_ID: botId, DIALOG_ID: `chat${chatId}`, MESSAGE: 'Pick one', KEYBOARD })).body.result as number
      const history = await t.app.inject({ method: 'GET', url: '/online/api/history', headers: { 'x-widget-token': token } })
      const shown = (history.json() as Json).messages.find((m: Json) => m.id === id)
      expect(shown.keyboard).toEqual([
        { text: 'Prices', command: true, block: true, bgColor: '#29619b' },
        { text: '', newline: true },
        { text: 'Site', link: 'https://example.com/' },
        { text: 'Bad', disabled: true },
        { text: 'Say hi', action: 'SEND', actionValue: 'hi' },
      ])
      await deliver()
      const before = bot.events.length
      expect(await post('button', { messageId: id, button: 0 }, token)).toEqual({ status: 200, body: { ok: true } })
      await deliver()
      const [pressed] = bot.events.slice(before)
      expect(pressed.event).toBe('ONIMCOMMANDADD')
      expect(pressed.data.COMMAND[Object.keys(pressed.data.COMMAND)[0]]).toMatchObject({ COMMAND: 'prices', COMMAND_PARAMS: 'all', COMMAND_CONTEXT: 'KEYBOARD', MESSAGE_ID: String(id) })
      expect(pressed.data.PARAMS).toMatchObject({ COMMAND_CONTEXT: 'KEYBOARD', DIALOG_ID: `chat${chatId}` })
      expect(await post('button', { messageId: id, button: 2 }, token)).toEqual({ status: 400, body: { error: 'BUTTON_NOT_FOUND', error_description: 'This button runs no command' } })
      // Another visitor cannot press buttons of this chat.
      const stranger = (await post('start', { line: line.id })).body.token as string
      await post('message', { text: 'Me too', clientId: 'k-2' }, stranger)
      expect((await post('button', { messageId: id, button: 0 }, stranger)).status).toBe(400)
    })
  })

  it('edits and deletions of customer messages reach the bot holding the dialogue (imconnector.update/delete.messages, im.message.update/delete)', async () => {
    const ICON = { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%2F%3E' }
    const connector = await installApp(t, { title: 'Channel' })
    const line = await t.lines.add({ queue: [op.id], welcomeBotEnable: true, welcomeBotId: botId, welcomeBotTime: 600 })
    await connector.call('imconnector.register', { ID: 'tg', NAME: 'Channel', ICON, PLACEMENT_HANDLER: 'https://example.com/s' })
    await connector.call('imconnector.activate', { CONNECTOR: 'tg', LINE: line.id, ACTIVE: 1 })
    const item = (id: string, text?: string) => ({
      user: { id: 'u-1', name: 'Hana' }, message: { id, date: 1773265993, ...(text !== undefined ? { text } : {}) }, chat: { id: 'c-1' },
    })
    const send = (method: string, items: unknown[]) => connector.call(method, { CONNECTOR: 'tg', LINE: line.id, MESSAGES: items })
    expect((await send('imconnector.send.messages', [item('m-1', 'Helo'), item('m-2', 'Second')])).body.result.SUCCESS).toBe(true)
    await send('imconnector.update.messages', [item('m-1', 'Hello')])
    await send('imconnector.delete.messages', [item('m-2')])
    const chat = await t.deps.db.selectFrom('chats').selectAll().where('connector_id', '=', 'tg').executeTakeFirstOrThrow()
    const rows = await t.deps.db.selectFrom('messages').select(['id', 'external_id']).where('chat_id', '=', chat.id).where('external_id', 'is not', null).orderBy('id').execute()
    await deliver()
    // Updates and deletions go to two handler bindings: order is kept per handler only.
    const changes = bot.events.filter((e) => e.event === 'ONIMBOTMESSAGEUPDATE' || e.event === 'ONIMBOTMESSAGEDELETE')
    expect(names(changes).sort()).toEqual(['ONIMBOTMESSAGEDELETE', 'ONIMBOTMESSAGEUPDATE'])
    const update = changes.find((e) => e.event === 'ONIMBOTMESSAGEUPDATE')!
    const deletion = changes.find((e) => e.event === 'ONIMBOTMESSAGEDELETE')!
    expect(update.data.PARAMS).toEqual({
      ID: String(rows[0].id), CHAT_ID: String(chat.id), AUTHOR_ID: String(chat.guest_user_id), MESSAGE: 'Hello', MESSAGE_TYPE: 'L',
      CHAT_AUTHOR_ID: String(chat.owner_id), CHAT_ENTITY_TYPE: 'LINES', CHAT_ENTITY_ID: chat.entity_id, CHAT_ENTITY_DATA_1: '', CHAT_ENTITY_DATA_2: '',
      CHAT_ENTITY_DATA_3: '', CHAT_USER_COUNT: '2', PLATFORM_CONTEXT: 'web', FROM_USER_ID: String(chat.guest_user_id), TO_USER_ID: String(botId),
      DIALOG_ID: `chat${chat.id}`, MESSAGE_ID: String(rows[0].id), CHAT_TYPE: 'L', LANGUAGE: 'en',
    })
    expect(update.data.USER).toMatchObject({ ID: String(chat.guest_user_id), NAME: 'Hana', IS_BOT: 'N', IS_CONNECTOR: 'Y' })
    expect(update.data.BOT[String(botId)]).toMatchObject({ BOT_ID: String(botId), BOT_CODE: 'night' })
    expect(deletion.data.PARAMS).toMatchObject({ ID: String(rows[1].id), MESSAGE: 'Message from 03/11/2026 21:53:13 has been deleted' })
    expect(deletion.data.PARAMS.CHAT_USER_COUNT).toBeUndefined()

    // An administrator's edit and deletion of the customer's message through im.message.*.
    const seen = bot.events.length
    expect((await t.call('im.message.update', { MESSAGE_ID: rows[0].id, MESSAGE: 'Hello!' })).body.result).toBe(true)
    expect((await t.call('im.message.delete', { MESSAGE_ID: rows[0].id })).body.result).toBe(true)
    await deliver()
    expect(names(bot.events.slice(seen)).sort()).toEqual(['ONIMBOTMESSAGEDELETE', 'ONIMBOTMESSAGEUPDATE'])
    expect(bot.events.slice(seen).find((e) => e.event === 'ONIMBOTMESSAGEUPDATE')!.data.PARAMS.MESSAGE).toBe('Hello!')
  })
})
