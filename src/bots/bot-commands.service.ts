import type { ChatRow } from '../chats/chats.repo.js'
import { findMessage, type MessageRow } from '../chats/messages.repo.js'
import { peopleByIds, type Person } from '../chats/people.repo.js'
import { bindHandler, checkHandlerUrl, recordEvent, unbindOwner, withEventAuth } from '../events/index.js'
import { isRestError, RestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import { yes } from '../rest/flags.js'
import type { Dialogues } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { asBot } from './bot-messages.service.js'
import { callerApp, ownBot } from './bot-identity.js'
import { messageParams, userBlock } from './bot-events.service.js'
import { botErrors } from './bots.errors.js'
import { botsOfApp, commandsForChat, commandsOfBot, deleteCommand, findBot, findCommand, insertCommand, updateCommand, type BotRow, type CommandRow } from './bots.repo.js'

const errors = {
  handlerMissing: () => new RestError('EVENT_COMMAND_ADD_ERROR', 'Handler for "Command add" event isn\'t specified', 400),
  handlerWrong: () => new RestError('EVENT_COMMAND_ADD_ERROR', 'Wrong handler URL', 400),
  lang: () => new RestError('LANG_ERROR', "Lang set can't be empty", 400),
  commandId: () => new RestError('COMMAND_ID_ERROR', 'Command not found', 400),
  appId: () => new RestError('APP_ID_ERROR', 'Command was installed by another rest application', 400),
  messageIdEmpty: () => new RestError('MESSAGE_ID_EMPTY', "Message ID can't be empty", 400),
}

type Lang = Array<{ LANGUAGE_ID: string; TITLE: string; PARAMS: string }>

/** LANG as an array or a PHP-style keyed object; entries without LANGUAGE_ID or TITLE are dropped. */
function langOf(raw: unknown): Lang {
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : []
  return list.flatMap((l) => {
    const o = (l ?? {}) as Record<string, unknown>
    const id = typeof o.LANGUAGE_ID === 'string' ? o.LANGUAGE_ID.trim() : ''
    const title = typeof o.TITLE === 'string' ? o.TITLE.trim() : ''
    return id && title ? [{ LANGUAGE_ID: id, TITLE: title, PARAMS: typeof o.PARAMS === 'string' ? o.PARAMS : '' }] : []
  })
}

/** A command word: Latin letters and digits (imbot-command-register.md), a leading slash tolerated. */
const commandWord = (raw: unknown): string => (typeof raw === 'string' ? raw.trim().replace(/^\//, '') : '')

export interface CommandInput {
  BOT_ID?: unknown; CLIENT_ID?: string; COMMAND_ID?: unknown; COMMAND?: unknown; EVENT_COMMAND_ADD?: unknown; LANG?: unknown
  COMMON?: unknown; HIDDEN?: unknown; EXTRANET_SUPPORT?: unknown; FIELDS?: Record<string, unknown>
  MESSAGE_ID?: unknown; MESSAGE?: unknown; ATTACH?: unknown; KEYBOARD?: unknown; MENU?: unknown; SYSTEM?: unknown; URL_PREVIEW?: unknown
}

export function createBotCommands(d: { dialogues: Dialogues; allowPrivateHandlers: boolean }) {
  async function url(raw: unknown): Promise<string> {
    const value = typeof raw === 'string' ? raw.trim() : ''
    if (!value) throw errors.handlerMissing()
    try {
      await checkHandlerUrl(value, { allowPrivate: d.allowPrivateHandlers, field: 'EVENT_COMMAND_ADD' })
    } catch (e) {
      if (isRestError(e)) throw errors.handlerWrong()
      throw e
    }
    return value
  }

  async function ownCommand(tx: Executor, actor: Actor, input: CommandInput): Promise<CommandRow> {
    const appId = await callerApp(tx, actor, input.CLIENT_ID)
    const id = Number(input.COMMAND_ID)
    const cmd = Number.isSafeInteger(id) && id > 0 ? await findCommand(tx, id) : undefined
    if (!cmd) throw errors.commandId()
    if (cmd.app_id !== appId) throw errors.appId()
    return cmd
  }

  async function register(tx: Executor, actor: Actor, input: CommandInput): Promise<number> {
    const appId = await callerApp(tx, actor, input.CLIENT_ID)
    const bot = await ownBot(tx, appId, input.BOT_ID)
    const command = commandWord(input.COMMAND)
    if (!command) throw botErrors.commandError()
    const handler = await url(input.EVENT_COMMAND_ADD)
    const lang = langOf(input.LANG)
    if (!lang.length) throw errors.lang()
    const id = await insertCommand(tx, {
      botId: bot.user_id, appId: bot.app_id, command, common: yes(input.COMMON), hidden: yes(input.HIDDEN), extranet: yes(input.EXTRANET_SUPPORT),
      lang: JSON.stringify(lang), handler,
    })
    // The same command of the same bot again: Bitrix24 answers the one it has.
    if (id === null) return (await commandsOfBot(tx, bot.user_id)).find((c) => c.command.toLowerCase() === command.toLowerCase())!.id
    await bindHandler(tx, { appId: bot.app_id, event: 'ONIMCOMMANDADD', handler, owner: `command:${id}` })
    return id
  }

  async function update(tx: Executor, actor: Actor, input: CommandInput): Promise<true> {
    const cmd = await ownCommand(tx, actor, input)
    const f = input.FIELDS ?? {}
    const patch: Parameters<typeof updateCommand>[2] = {}
    if (f.COMMAND !== undefined) {
      const command = commandWord(f.COMMAND)
      if (!command) throw botErrors.commandError()
      patch.command = command
    }
    if (f.EVENT_COMMAND_ADD !== undefined) patch.handler = await url(f.EVENT_COMMAND_ADD)
    if (f.HIDDEN !== undefined) patch.hidden = yes(f.HIDDEN)
    if (f.EXTRANET_SUPPORT !== undefined) patch.extranet = yes(f.EXTRANET_SUPPORT)
    if (f.LANG !== undefined) {
      const lang = langOf(f.LANG)
      if (!lang.length) throw errors.lang()
      patch.lang = JSON.stringify(lang)
    }
    if (!Object.keys(patch).length) throw botErrors.emptyUpdate()
    await updateCommand(tx, cmd.id, patch)
    if (patch.handler) {
      await unbindOwner(tx, cmd.app_id, `command:${cmd.id}`)
      await bindHandler(tx, { appId: cmd.app_id, event: 'ONIMCOMMANDADD', handler: patch.handler, owner: `command:${cmd.id}` })
    }
    return true
  }

  async function unregister(tx: Executor, actor: Actor, input: CommandInput): Promise<true> {
    const cmd = await ownCommand(tx, actor, input)
    await deleteCommand(tx, cmd.id)
    await unbindOwner(tx, cmd.app_id, `command:${cmd.id}`)
    return true
  }

  /** imbot.command.answer: the command's bot replies in the chat of MESSAGE_ID. */
  async function answer(tx: Executor, actor: Actor, input: CommandInput): Promise<number> {
    const appId = await callerApp(tx, actor, input.CLIENT_ID)
    let cmd: CommandRow | undefined
    if (input.COMMAND_ID !== undefined && input.COMMAND_ID !== '') cmd = await ownCommand(tx, actor, input)
    else {
      const word = commandWord(input.COMMAND).toLowerCase()
      const bots = appId === null ? [] : await commandsOfApp(tx, appId)
      cmd = bots.find((c) => c.command.toLowerCase() === word)
      if (!cmd) throw errors.commandId()
    }
    const messageId = Number(input.MESSAGE_ID)
    const message = Number.isSafeInteger(messageId) && messageId > 0 ? await findMessage(tx, messageId) : undefined
    if (!message) throw errors.messageIdEmpty()
    const bot = (await findBot(tx, cmd.bot_id))!
    return d.dialogues.im.add(tx, asBot(actor, bot), {
      DIALOG_ID: `chat${message.chat_id}`, MESSAGE: input.MESSAGE, ATTACH: input.ATTACH, KEYBOARD: input.KEYBOARD, MENU: input.MENU,
      SYSTEM: input.SYSTEM, URL_PREVIEW: input.URL_PREVIEW,
    })
  }

  async function commandsOfApp(tx: Executor, appId: number): Promise<CommandRow[]> {
    const out: CommandRow[] = []
    for (const b of await botsOfApp(tx, appId)) out.push(...(await commandsOfBot(tx, b.user_id)))
    return out
  }

  return { register, update, unregister, answer }
}

/** `/word params` as typed: the command word and the rest. */
export function parseCommand(text: string): { word: string; params: string } | null {
  const match = /^\/([A-Za-z0-9_.-]+)(?:\s+([\s\S]*))?$/.exec(text.trim())
  return match ? { word: match[1], params: (match[2] ?? '').trim() } : null
}

/** Extranet users reach a command only when it says EXTRANET_SUPPORT=Y. */
const allowed = (cmd: CommandRow, who: Person | undefined) => who !== undefined && (who.user_type !== 'extranet' || cmd.extranet)

/**
 * ONIMCOMMANDADD to the command's handler (on-im-command-add.md, group chat):
 * `m` is the message typed (TEXTAREA) or the bot's message whose keyboard
 * button was pressed (KEYBOARD); `who` is the user who did it.
 */
export async function recordCommandEvent(
  tx: Executor, e: { cmd: CommandRow; bot: BotRow; chat: ChatRow; m: MessageRow; who: Person | undefined; params: string; context: 'TEXTAREA' | 'KEYBOARD' },
): Promise<number> {
  const { cmd, bot, chat, m, who } = e
  const id = String(bot.user_id)
  const params = messageParams(chat, m, bot.user_id)
  return recordEvent(tx, {
    event: 'ONIMCOMMANDADD', to: { appId: cmd.app_id, owner: `command:${cmd.id}` }, chatId: chat.id, userId: who?.id ?? m.author_id,
    data: {
      COMMAND: {
        [cmd.id]: withEventAuth(bot.user_id, {
          AUTH: withEventAuth(bot.user_id), BOT_ID: id, BOT_CODE: bot.code, COMMAND: cmd.command, COMMAND_ID: String(cmd.id),
          COMMAND_PARAMS: e.params, COMMAND_CONTEXT: e.context, MESSAGE_ID: String(m.id),
        }),
      },
      PARAMS: e.context === 'KEYBOARD' ? { ...params, FROM_USER_ID: String(who?.id ?? 0), COMMAND_CONTEXT: 'KEYBOARD' } : params,
      USER: userBlock(who, false),
    },
  })
}

/**
 * A customer's `/command params` in a chat the bot holds: ONIMCOMMANDADD to
 * the command's handler instead of ONIMBOTMESSAGEADD; returns the event id,
 * or null when the text names no command of this bot.
 */
export async function recordCommand(tx: Executor, bot: BotRow, chat: ChatRow, m: MessageRow): Promise<number | null> {
  const parsed = parseCommand(m.text)
  if (!parsed) return null
  const cmd = (await commandsOfBot(tx, bot.user_id)).find((c) => c.command.toLowerCase() === parsed.word.toLowerCase())
  const [author] = await peopleByIds(tx, [m.author_id])
  if (!cmd || !allowed(cmd, author)) return null
  return recordCommandEvent(tx, { cmd, bot, chat, m, who: author, params: parsed.params, context: 'TEXTAREA' })
}

/**
 * A `/word` written in an open-line chat by a person (customer or operator):
 * ONIMCOMMANDADD to every COMMON=Y command of that word and to the commands of
 * bots in the chat. `heldBy`: the bot holding the dialogue, which already got
 * its own command from the customer (recordCommand). Returns how many were raised.
 */
export async function dispatchChatCommand(tx: Executor, e: { chat: ChatRow; m: MessageRow; heldBy: number | null }): Promise<number> {
  const { chat, m } = e
  const parsed = m.is_system ? null : parseCommand(m.text)
  if (!parsed) return 0
  const commands = await commandsForChat(tx, parsed.word, chat.id)
  if (!commands.length) return 0
  const [author] = await peopleByIds(tx, [m.author_id])
  if (!author || author.user_type === 'bot') return 0
  let raised = 0
  for (const cmd of commands) {
    if (cmd.bot_id === e.heldBy && m.author_id === chat.guest_user_id) continue
    const bot = allowed(cmd, author) ? await findBot(tx, cmd.bot_id) : undefined
    if (!bot) continue
    await recordCommandEvent(tx, { cmd, bot, chat, m, who: author, params: parsed.params, context: 'TEXTAREA' })
    raised++
  }
  return raised
}
