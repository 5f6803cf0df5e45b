import type { Dialogues } from '../sessions/index.js'
import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { callerApp, ownBot } from './bot-identity.js'
import { botErrors } from './bots.errors.js'
import { botsOfApp, type BotRow } from './bots.repo.js'

export interface BotMessageInput {
  BOT_ID?: unknown; CLIENT_ID?: string; DIALOG_ID?: unknown; MESSAGE?: unknown; ATTACH?: unknown; KEYBOARD?: unknown; MENU?: unknown
  SYSTEM?: unknown; URL_PREVIEW?: unknown; MESSAGE_ID?: unknown; IS_EDITED?: unknown; FROM_USER_ID?: unknown; TO_USER_ID?: unknown
}

/** The bot speaking: BOT_ID, or the calling app's first bot when it is left out (imbot-message-add.md). */
export async function speakingBot(tx: Executor, actor: Actor, input: { BOT_ID?: unknown; CLIENT_ID?: string }): Promise<BotRow> {
  const appId = await callerApp(tx, actor, input.CLIENT_ID)
  if (input.BOT_ID === undefined || input.BOT_ID === '' || input.BOT_ID === 0 || input.BOT_ID === '0') {
    const first = appId === null ? undefined : (await botsOfApp(tx, appId))[0]
    if (!first) throw botErrors.botId()
    return first
  }
  return ownBot(tx, appId, input.BOT_ID)
}

/** The call as the bot's own user: messages carry the bot as their author. */
export function asBot(actor: Actor, bot: BotRow): Actor {
  return { ...actor, userId: bot.user_id, isAdmin: false }
}

/** imbot.message.add / update / delete: the chats domain's message verbs, spoken by the bot. */
export function createBotMessages(d: { dialogues: Dialogues }) {
  async function add(tx: Executor, actor: Actor, input: BotMessageInput): Promise<number> {
    const bot = await speakingBot(tx, actor, input)
    const text = typeof input.MESSAGE === 'string' ? input.MESSAGE.trim() : input.MESSAGE
    const dialog = typeof input.DIALOG_ID === 'string' ? input.DIALOG_ID.trim() : input.DIALOG_ID
    if (dialog === undefined || dialog === '' || dialog === 0 || dialog === '0') throw botErrors.dialogIdEmpty()
    if (input.ATTACH === undefined && (text === undefined || text === '')) throw botErrors.messageEmpty()
    return d.dialogues.im.add(tx, asBot(actor, bot), {
      DIALOG_ID: dialog, MESSAGE: text, ATTACH: input.ATTACH, KEYBOARD: input.KEYBOARD, MENU: input.MENU, SYSTEM: input.SYSTEM, URL_PREVIEW: input.URL_PREVIEW,
    })
  }

  async function update(tx: Executor, actor: Actor, input: BotMessageInput): Promise<true> {
    const bot = await speakingBot(tx, actor, input)
    await d.dialogues.im.update(tx, asBot(actor, bot), {
      MESSAGE_ID: input.MESSAGE_ID, MESSAGE: input.MESSAGE, ATTACH: input.ATTACH, KEYBOARD: input.KEYBOARD, MENU: input.MENU, URL_PREVIEW: input.URL_PREVIEW, IS_EDITED: input.IS_EDITED,
    })
    return true
  }

  async function remove(tx: Executor, actor: Actor, input: BotMessageInput): Promise<true> {
    const bot = await speakingBot(tx, actor, input)
    await d.dialogues.im.remove(tx, asBot(actor, bot), input.MESSAGE_ID)
    return true
  }

  return { add, update, remove }
}
