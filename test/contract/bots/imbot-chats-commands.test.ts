import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { notifyBotsOfChange } from '../../../src/bots/index.js'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { installApp, type InstalledApp } from '../apps/app-helpers.js'
import { startBotHandler, type BotHandler } from './bot-handler.js'

const err = (error: string, error_description: string) => ({ error, error_description })

describe('imbot.chat.*, imbot.dialog.get, bot messages with keyboards, and commands', () => {
  let t: DialogueApp
  let bot: BotHandler
  let app: InstalledApp
  let botId: number
  let chatId: number
  let lineId: number

  beforeEach(async () => {
    t = await buildDialogueApp('2026-03-02T10:00:00Z')
    bot = await startBotHandler()
    bot.mode = 'silent'
    app = await installApp(t)
    botId = (await app.call('imbot.register', { CODE: 'helper', TYPE: 'O', EVENT_HANDLER: bot.url, PROPERTIES: { NAME: 'Helper' } })).body.result
    const op = await t.operator()
    lineId = (await t.lines.add({ queue: [op.id], welcomeBotEnable: true, welcomeBotId: botId, welcomeBotTime: 600 })).id
    chatId = (await t.inbound(lineId, 'gus', 'Hello')).chatId
  })
  afterEach(async () => {
    await bot.close()
    await t.close()
  })

  it('sends, edits and deletes bot messages; keyboards and menus are stored and returned in params', async () => {
    const KEYBOARD = { BUTTONS: [{ TEXT: 'Prices', COMMAND: 'prices', COMMAND_PARAMS: 'all', BG_COLOR: '#29619b', DISPLAY: 'LINE' }, { TYPE: 'NEWLINE' }, { TEXT: 'Operator', COMMAND: 'operator' }] }
    const add = await app.call('imbot.message.add', { BOT_ID: botId, DIALOG_ID: `chat${chatId}`, MESSAGE: '  Pick one  ', KEYBOARD })
    expect(add.status).toBe(200)
    const id = add.body.result as number
    const row = await t.deps.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ author_id: botId, text: 'Pick one', to_customer: true })
    expect(row.params.KEYBOARD).toEqual(KEYBOARD)
    // Without BOT_ID the app's first bot speaks.
    expect((await app.call('imbot.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'Me again' })).status).toBe(200)
    expect((await app.call('imbot.message.update', { BOT_ID: botId, MESSAGE_ID: id, MESSAGE: 'Pick one, please' })).body.result).toBe(true)
    expect((await app.call('imbot.message.delete', { BOT_ID: botId, MESSAGE_ID: id })).body.result).toBe(true)
    const after = await t.deps.db.selectFrom('messages').select(['deleted']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(after.deleted).toBe(true)
    expect((await app.call('imbot.message.add', { BOT_ID: botId, MESSAGE: 'x' })).body).toEqual(err('DIALOG_ID_EMPTY', "Dialog ID can't be empty"))
    expect((await app.call('imbot.message.add', { BOT_ID: botId, DIALOG_ID: `chat${chatId}`, MESSAGE: '  ' })).body).toEqual(err('MESSAGE_EMPTY', "Message can't be empty"))
    expect((await app.call('imbot.message.add', { BOT_ID: botId, DIALOG_ID: `chat${chatId}`, MESSAGE: 'x', KEYBOARD: 'not json' })).body.error).toBe('KEYBOARD_ERROR')
    expect((await app.call('imbot.message.add', { BOT_ID: 999999, DIALOG_ID: `chat${chatId}`, MESSAGE: 'x' })).body).toEqual(err('BOT_ID_ERROR', 'Bot not found'))
    const stranger = await installApp(t)
    expect((await stranger.call('imbot.message.add', { BOT_ID: botId, DIALOG_ID: `chat${chatId}`, MESSAGE: 'x' })).body)
      .toEqual(err('APP_ID_ERROR', 'Bot was installed by another REST application'))
    expect((await stranger.call('imbot.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'x' })).body).toEqual(err('BOT_ID_ERROR', 'Bot not found'))
  })

  it('ONIMBOTMESSAGEUPDATE and ONIMBOTMESSAGEDELETE reach the bot in the chat when a customer message changes', async () => {
    const m = await t.inbound(lineId, 'gus', 'Helo')
    await t.deps.db.updateTable('messages').set({ text: 'Hello again' }).where('id', '=', m.messageId).execute()
    const sent = await t.deps.db.transaction().execute((tx) => notifyBotsOfChange(tx, chatId, m.messageId, 'update'))
    expect(sent).toBe(1)
    await t.deps.db.transaction().execute((tx) => notifyBotsOfChange(tx, chatId, m.messageId, 'delete'))
    const rows = await t.deps.db.selectFrom('events').select(['event_name', 'data']).where('event_name', 'in', ['ONIMBOTMESSAGEUPDATE', 'ONIMBOTMESSAGEDELETE']).orderBy('id').execute()
    expect(rows.map((r) => r.event_name)).toEqual(['ONIMBOTMESSAGEUPDATE', 'ONIMBOTMESSAGEDELETE'])
    const data = JSON.parse(rows[0].data)
    expect(data.PARAMS).toMatchObject({ ID: String(m.messageId), CHAT_ID: String(chatId), MESSAGE: 'Hello again', TO_USER_ID: String(botId), DIALOG_ID: `chat${chatId}` })
    expect(Object.keys(data.BOT)).toEqual([String(botId)])
    expect(JSON.parse(rows[1].data).PARAMS.MESSAGE).toBe('Message from 03/02/2026 10:00:00 has been deleted')
  })

  it('lists members, types, reads the dialogue, finds the chat, and leaves (handing the dialogue over)', async () => {
    const members = await app.call('imbot.chat.user.list', { BOT_ID: botId, CHAT_ID: chatId })
    expect(members.body.result).toContain(botId)
    expect((await app.call('imbot.chat.user.list', { BOT_ID: botId })).body).toEqual(err('CHAT_ID_EMPTY', "Chat ID can't be empty"))
    expect((await app.call('imbot.chat.sendTyping', { BOT_ID: botId, DIALOG_ID: `chat${chatId}` })).body.result).toBe(true)
    expect((await app.call('imbot.chat.sendTyping', { BOT_ID: botId })).body).toEqual(err('DIALOG_ID_EMPTY', "Dialog ID can't be empty"))
    const dialog = await app.call('imbot.dialog.get', { DIALOG_ID: `chat${chatId}` })
    expect(dialog.body.result).toMatchObject({ id: chatId, type: 'lines', dialog_id: `chat${chatId}`, message_type: 'L' })
    expect((await app.call('imbot.dialog.get', {})).body).toEqual(err('DIALOG_ID_EMPTY', "Dialog ID can't be empty"))
    const code = (await t.deps.db.selectFrom('chats').select('entity_id').where('id', '=', chatId).executeTakeFirstOrThrow()).entity_id
    expect((await app.call('imbot.chat.get', { ENTITY_TYPE: 'LINES', ENTITY_ID: code })).body.result).toEqual({ ID: chatId })
    expect((await app.call('imbot.chat.get', { ENTITY_TYPE: 'LINES', ENTITY_ID: 'nothing|1|2|3' })).body.result).toBeNull()
    expect((await app.call('imbot.chat.leave', { BOT_ID: botId, CHAT_ID: chatId })).body.result).toBe(true)
    expect((await t.deps.db.selectFrom('sessions').select('status').where('chat_id', '=', chatId).executeTakeFirstOrThrow()).status).not.toBe('bot')
    expect((await app.call('imbot.chat.leave', { BOT_ID: botId, CHAT_ID: chatId })).body)
      .toEqual(err('WRONG_REQUEST', "You don't have access or user isn't a member in chat"))
  })

  it('registers commands; a customer\'s /command goes to ONIMCOMMANDADD and the bot answers it', async () => {
    const reg = { BOT_ID: botId, COMMAND: 'prices', EVENT_COMMAND_ADD: bot.url, LANG: [{ LANGUAGE_ID: 'en', TITLE: 'Prices', PARAMS: 'what' }] }
    const id = (await app.call('imbot.command.register', reg)).body.result as number
    expect(id).toBeGreaterThan(0)
    expect((await app.call('imbot.command.register', { ...reg, COMMAND: '' })).body).toEqual(err('COMMAND_ERROR', "Command isn't specified"))
    expect((await app.call('imbot.command.register', { ...reg, EVENT_COMMAND_ADD: '' })).body).toEqual(err('EVENT_COMMAND_ADD_ERROR', 'Handler for "Command add" event isn\'t specified'))
    expect((await app.call('imbot.command.register', { ...reg, EVENT_COMMAND_ADD: 'nope' })).body).toEqual(err('EVENT_COMMAND_ADD_ERROR', 'Wrong handler URL'))
    expect((await app.call('imbot.command.register', { ...reg, COMMAND: 'other', LANG: [] })).body).toEqual(err('LANG_ERROR', "Lang set can't be empty"))
    expect((await app.call('imbot.command.update', { COMMAND_ID: id, FIELDS: {} })).body).toEqual(err('WRONG_REQUEST', "Update fields can't be empty"))
    expect((await app.call('imbot.command.update', { COMMAND_ID: 999999, FIELDS: { HIDDEN: 'Y' } })).body).toEqual(err('COMMAND_ID_ERROR', 'Command not found'))
    expect((await app.call('imbot.command.update', { COMMAND_ID: id, FIELDS: { HIDDEN: 'Y', LANG: [{ LANGUAGE_ID: 'de', TITLE: 'Preise' }] } })).body.result).toBe(true)
    const stranger = await installApp(t)
    expect((await stranger.call('imbot.command.unregister', { COMMAND_ID: id })).body)
      .toEqual(err('APP_ID_ERROR', 'Command was installed by another rest application'))

    bot.mode = 'ok'
    const seen: string[] = []
    bot.onEvent(async (e) => {
      seen.push(e.event)
      if (e.event !== 'ONIMCOMMANDADD') return
      const c = Object.values(e.data.COMMAND as Record<string, Record<string, string>>)[0]
      expect(c).toMatchObject({ BOT_ID: String(botId), BOT_CODE: 'helper', COMMAND: 'prices', COMMAND_ID: String(id), COMMAND_PARAMS: 'all', user_id: String(botId) })
      const res = await t.app.inject({ method: 'POST', url: '/rest/imbot.command.answer', payload: { COMMAND_ID: c.COMMAND_ID, MESSAGE_ID: c.MESSAGE_ID, MESSAGE: 'From 10 EUR', auth: c.access_token } })
      expect(res.json().result).toEqual(expect.any(Number))
    })
    await t.inbound(lineId, 'gus', '/prices all')
    await t.deps.events.worker.drain()
    await bot.idle()
    // The greeting's events and the command instead of a plain message (two handlers: no order between them).
    expect(seen.sort()).toEqual(['ONIMBOTJOINCHAT', 'ONIMBOTMESSAGEADD', 'ONIMCOMMANDADD'])
    const last = await t.deps.db.selectFrom('messages').select(['author_id', 'text']).where('chat_id', '=', chatId).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(last).toEqual({ author_id: botId, text: 'From 10 EUR' })
    expect((await app.call('imbot.command.answer', { COMMAND_ID: id, MESSAGE: 'x' })).body).toEqual(err('MESSAGE_ID_EMPTY', "Message ID can't be empty"))
    expect((await app.call('imbot.command.unregister', { COMMAND_ID: id })).body.result).toBe(true)
    expect((await app.call('imbot.command.unregister', { COMMAND_ID: id })).body).toEqual(err('COMMAND_ID_ERROR', 'Command not found'))
  })
})
