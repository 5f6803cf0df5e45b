import { findChat, memberIds, type ChatRow } from '../chats/chats.repo.js'
import { findMessage, messagesWindow, type MessageRow } from '../chats/messages.repo.js'
import { peopleByIds, type Person } from '../chats/people.repo.js'
import { recordEvent, withEventAuth } from '../events/index.js'
import type { BotPort } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { dispatchChatCommand, recordCommand } from './bot-commands.service.js'
import { findBot, type BotRow } from './bots.repo.js'
import { watchDelivery } from './bot-watch.service.js'
import type { TimerService } from '../timers/index.js'
import type { Clock } from '../platform/clock.js'

/** `data.BOT`: the bot's own auth block, again under AUTH, and its id and code (on-imbot-message-add.md). */
export function botBlock(bot: Pick<BotRow, 'user_id' | 'code'>): Record<string, unknown> {
  const id = bot.user_id
  return { [id]: withEventAuth(id, { AUTH: withEventAuth(id), BOT_ID: String(id), BOT_CODE: bot.code }) }
}

/** `data.USER`: who wrote (or who the bot joined). */
export function userBlock(p: Person | undefined, withKinds: boolean): Record<string, unknown> {
  const name = p ? `${p.name} ${p.last_name}`.trim() : ''
  const base = { ID: String(p?.id ?? 0), NAME: name, FIRST_NAME: p?.name ?? '', LAST_NAME: p?.last_name ?? '', WORK_POSITION: p?.work_position ?? '', GENDER: p?.personal_gender || 'M' }
  if (!withKinds) return base
  return { ...base, IS_BOT: p?.user_type === 'bot' ? 'Y' : 'N', IS_CONNECTOR: p?.user_type === 'imconnector' ? 'Y' : 'N', IS_NETWORK: 'N', IS_EXTRANET: p?.user_type === 'extranet' ? 'Y' : 'N' }
}

/** The chat's part of PARAMS: an open-line chat is type L with entity LINES (on-imbot-message-add.md, group chat). */
export function chatParams(chat: ChatRow): Record<string, string> {
  return {
    CHAT_ID: String(chat.id), CHAT_TITLE: chat.name, CHAT_AUTHOR_ID: String(chat.owner_id), CHAT_TYPE: 'L', CHAT_AVATAR: '0', CHAT_COLOR: chat.color,
    CHAT_ENTITY_TYPE: 'LINES', CHAT_ENTITY_ID: chat.entity_id, CHAT_ENTITY_DATA_1: '', CHAT_ENTITY_DATA_2: '', CHAT_ENTITY_DATA_3: '', CHAT_EXTRANET: 'N',
  }
}

export function messageParams(chat: ChatRow, m: MessageRow, botId: number): Record<string, unknown> {
  const p = m.params
  return {
    MESSAGE: m.text, TEMPLATE_ID: m.uuid ?? '', MESSAGE_TYPE: 'L', FROM_USER_ID: String(m.author_id), DIALOG_ID: `chat${chat.id}`, TO_CHAT_ID: String(chat.id),
    AUTHOR_ID: String(m.author_id), SYSTEM: m.is_system ? 'Y' : 'N', ...chatParams(chat), TO_USER_ID: String(botId),
    ...(p.ATTACH !== undefined ? { ATTACH: p.ATTACH } : {}),
    ...(p.COMMAND !== undefined ? { COMMAND: p.COMMAND, COMMAND_PARAMS: p.COMMAND_PARAMS ?? '' } : {}),
    SKIP_CONNECTOR: 'N', COMMAND_CONTEXT: 'TEXTAREA', MESSAGE_ID: String(m.id), LANGUAGE: 'en',
  }
}

const to = (bot: BotRow) => ({ appId: bot.app_id, owner: `bot:${bot.user_id}` })

/** ONIMBOTMESSAGEADD / UPDATE / DELETE for one message of a chat the bot is in; returns the event id. */
export async function recordBotMessageEvent(
  tx: Executor, event: 'ONIMBOTMESSAGEADD' | 'ONIMBOTMESSAGEUPDATE' | 'ONIMBOTMESSAGEDELETE', bot: BotRow, chat: ChatRow, m: MessageRow,
): Promise<number> {
  const [author] = await peopleByIds(tx, [m.author_id])
  return recordEvent(tx, {
    event, to: to(bot), chatId: chat.id, userId: m.author_id,
    data: { BOT: botBlock(bot), PARAMS: messageParams(chat, m, bot.user_id), USER: userBlock(author, true) },
  })
}

/** ONIMBOTJOINCHAT when a line's bot takes a new dialogue (on-imbot-join-chat.md, group chat). */
async function joined(tx: Executor, bot: BotRow, chat: ChatRow): Promise<number> {
  const [customer] = await peopleByIds(tx, [chat.guest_user_id])
  return recordEvent(tx, {
    event: 'ONIMBOTJOINCHAT', to: to(bot), chatId: chat.id, userId: chat.guest_user_id,
    data: {
      BOT: botBlock(bot),
      PARAMS: {
        CHAT_TYPE: 'L', MESSAGE_TYPE: 'L', BOT_ID: String(bot.user_id), USER_ID: String(chat.guest_user_id), CHAT_ID: String(chat.id),
        CHAT_AUTHOR_ID: String(chat.owner_id), CHAT_ENTITY_TYPE: 'LINES', CHAT_ENTITY_ID: chat.entity_id, ACCESS_HISTORY: '1', DIALOG_ID: `chat${chat.id}`, LANGUAGE: 'en',
      },
      USER: userBlock(customer, false),
    },
  })
}

/** What the dialogue engine tells the bots domain (its BotPort); every event to the bot is watched for delivery. */
export function createBotPort(d: { timers: TimerService; clock: Clock }): BotPort {
  async function eventFor(tx: Executor, bot: BotRow, chat: ChatRow, kind: 'join' | 'message'): Promise<number | null> {
    if (kind === 'join') return joined(tx, bot, chat)
    // The customer's newest message: the line's own texts (a welcome, an off-hours note) may follow it.
    const recent = await messagesWindow(tx, chat.id, { limit: 5 })
    const latest = recent.find((m) => m.author_id === chat.guest_user_id && !m.is_system)
    if (!latest) return null
    return (await recordCommand(tx, bot, chat, latest)) ?? recordBotMessageEvent(tx, 'ONIMBOTMESSAGEADD', bot, chat, latest)
  }
  return {
    async deliver(tx, e) {
      const bot = await findBot(tx, e.botId)
      // A line may name a bot that was unregistered: nobody hears, and WELCOME_BOT_TIME hands the dialogue over.
      if (!bot) return
      const eventId = await eventFor(tx, bot, e.chat, e.kind)
      if (eventId !== null) await watchDelivery(tx, d, e.rec.id, e.chat.id, eventId)
    },
    async changed(tx, e) {
      await notifyBotsOfChange(tx, e.chatId, e.messageId, e.kind)
    },
    async command(tx, e) {
      const heldBy = e.rec?.state.status === 'bot' ? e.rec.state.botId : null
      await dispatchChatCommand(tx, { chat: e.chat, m: e.message, heldBy })
    },
  }
}

/** "Message from 02/26/2026 09:27:30 has been deleted", as on-imbot-message-delete.md shows (UTC). */
export function deletedText(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  const date = `${p(at.getUTCMonth() + 1)}/${p(at.getUTCDate())}/${at.getUTCFullYear()}`
  return `Message from ${date} ${p(at.getUTCHours())}:${p(at.getUTCMinutes())}:${p(at.getUTCSeconds())} has been deleted`
}

/** PARAMS of ONIMBOTMESSAGEUPDATE / DELETE (their pages, group chat: the message's id, chat and text as changed). */
function changeParams(chat: ChatRow, m: MessageRow, botId: number, kind: 'update' | 'delete', memberCount: number): Record<string, string> {
  return {
    ID: String(m.id), CHAT_ID: String(chat.id), AUTHOR_ID: String(m.author_id), MESSAGE: kind === 'delete' ? deletedText(m.created_at) : m.text,
    MESSAGE_TYPE: 'L', CHAT_AUTHOR_ID: String(chat.owner_id), CHAT_ENTITY_TYPE: 'LINES', CHAT_ENTITY_ID: chat.entity_id,
    CHAT_ENTITY_DATA_1: '', CHAT_ENTITY_DATA_2: '', CHAT_ENTITY_DATA_3: '',
    ...(kind === 'update' ? { CHAT_USER_COUNT: String(memberCount), PLATFORM_CONTEXT: 'web' } : {}),
    FROM_USER_ID: String(m.author_id), TO_USER_ID: String(botId), DIALOG_ID: `chat${chat.id}`, MESSAGE_ID: String(m.id), CHAT_TYPE: 'L', LANGUAGE: 'en',
  }
}

/**
 * A message in a chat changed or was deleted (a customer's edit through a
 * channel, im.message.update / delete): ONIMBOTMESSAGEUPDATE / DELETE to
 * every bot in the chat but the message's author, in the change's transaction.
 * A bot without an EVENT_MESSAGE_UPDATE / DELETE handler has nothing bound and hears nothing.
 */
export async function notifyBotsOfChange(tx: Executor, chatId: number, messageId: number, kind: 'update' | 'delete'): Promise<number> {
  const chat = await findChat(tx, chatId)
  const m = await findMessage(tx, messageId)
  if (!chat || !m || m.chat_id !== chatId) return 0
  const members = await memberIds(tx, chatId)
  const bots: BotRow[] = []
  for (const userId of members) {
    const bot = userId === m.author_id ? undefined : await findBot(tx, userId)
    if (bot) bots.push(bot)
  }
  if (!bots.length) return 0
  const [author] = await peopleByIds(tx, [m.author_id])
  for (const bot of bots) {
    await recordEvent(tx, {
      event: kind === 'update' ? 'ONIMBOTMESSAGEUPDATE' : 'ONIMBOTMESSAGEDELETE', to: to(bot), chatId, userId: m.author_id,
      data: { BOT: botBlock(bot), PARAMS: changeParams(chat, m, bot.user_id, kind, members.length), USER: userBlock(author, true) },
    })
  }
  return bots.length
}
