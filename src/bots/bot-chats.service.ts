import { findMember, removeMembers } from '../chats/chats.repo.js'
import { parseDialogId } from '../chats/im-messages.service.js'
import { RestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import type { Dialogues } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { asBot, speakingBot } from './bot-messages.service.js'
import { callerApp } from './bot-identity.js'
import { botErrors } from './bots.errors.js'
import { botsOfApp } from './bots.repo.js'

const errors = {
  chatIdEmpty: () => new RestError('CHAT_ID_EMPTY', "Chat ID can't be empty", 400),
  actionUnavailable: () => new RestError('ACCESS_ERROR', 'Action unavailable', 400),
  notMember: () => new RestError('WRONG_REQUEST', "You don't have access or user isn't a member in chat", 400),
  dialogAccess: () => new RestError('ACCESS_ERROR', 'You do not have access to the specified dialog', 400),
}

const chatIdOf = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN
  if (!Number.isSafeInteger(n) || n <= 0) throw errors.chatIdEmpty()
  return n
}

export interface BotChatInput { BOT_ID?: unknown; CLIENT_ID?: string; CHAT_ID?: unknown; DIALOG_ID?: unknown }

/** imbot.chat.* and imbot.dialog.get: the im verbs, as the bot's own user (a chat member like any other). */
export function createBotChats(d: { dialogues: Dialogues }) {
  async function sendTyping(tx: Executor, actor: Actor, input: BotChatInput): Promise<true> {
    const bot = await speakingBot(tx, actor, input)
    if (!parseDialogId(input.DIALOG_ID)) throw botErrors.dialogIdEmpty()
    await d.dialogues.imDialogs.writing(tx, asBot(actor, bot), input.DIALOG_ID)
    return true
  }

  async function userList(tx: Executor, actor: Actor, input: BotChatInput): Promise<number[]> {
    const bot = await speakingBot(tx, actor, input)
    const chatId = chatIdOf(input.CHAT_ID)
    if (!(await findMember(tx, chatId, bot.user_id))) throw errors.actionUnavailable()
    return d.dialogues.imDialogs.userList(tx, asBot(actor, bot), chatId)
  }

  /**
   * The bot leaves the chat. A bot leaving the dialogue it holds hands it to
   * the operators first, so that the customer is never left with nobody.
   */
  async function leave(tx: Executor, actor: Actor, input: BotChatInput): Promise<true> {
    const bot = await speakingBot(tx, actor, input)
    const chatId = chatIdOf(input.CHAT_ID)
    return d.dialogues.queue.run(tx, async (op) => {
      const loaded = await d.dialogues.engine.load(op, chatId)
      if (!loaded) throw errors.actionUnavailable()
      if (!(await findMember(tx, chatId, bot.user_id))) throw errors.notMember()
      if (loaded.rec && loaded.rec.state.status === 'bot' && loaded.rec.state.botId === bot.user_id) {
        await d.dialogues.engine.apply(op, { chat: loaded.chat, line: loaded.line, rec: loaded.rec }, { type: 'botToQueue', at: op.now })
      }
      await removeMembers(tx, chatId, [bot.user_id])
      return true as const
    })
  }

  /** imbot.chat.get: the chat by ENTITY_TYPE/ENTITY_ID, when the caller or one of its app's bots may see it. */
  async function chatGet(tx: Executor, actor: Actor, input: { ENTITY_TYPE?: unknown; ENTITY_ID?: unknown; CLIENT_ID?: string }) {
    const own = await d.dialogues.imDialogs.chatGet(tx, actor, input)
    if (own) return own
    const appId = actor.kind === 'app' || typeof input.CLIENT_ID === 'string' ? await callerApp(tx, actor, input.CLIENT_ID) : null
    for (const bot of appId === null ? [] : await botsOfApp(tx, appId)) {
      const found = await d.dialogues.imDialogs.chatGet(tx, asBot(actor, bot), input)
      if (found) return found
    }
    return null
  }

  /** imbot.dialog.get: the dialogue's chat as the caller sees it (the bot, with the bot's own token). */
  async function dialogGet(tx: Executor, actor: Actor, input: { DIALOG_ID?: unknown }) {
    const target = parseDialogId(input.DIALOG_ID)
    if (!target) throw botErrors.dialogIdEmpty()
    if (target.kind !== 'chat') throw errors.dialogAccess()
    try {
      return await d.dialogues.view.dialogGet(tx, actor, { dialogId: `chat${target.id}` })
    } catch (e) {
      if (e instanceof RestError) throw errors.dialogAccess()
      throw e
    }
  }

  return { sendTyping, userList, leave, chatGet, dialogGet }
}
