import { findChat } from '../chats/chats.repo.js'
import { findMessage } from '../chats/messages.repo.js'
import { peopleByIds } from '../chats/people.repo.js'
import { RestError } from '../platform/errors.js'
import type { Executor } from '../storage/db.js'
import { recordCommandEvent } from './bot-commands.service.js'
import { commandsOfBot, findBot } from './bots.repo.js'

type Obj = Record<string, unknown>

/** A keyboard button as a customer's window may show it: nothing but what it needs to draw and press it. */
export interface CustomerButton {
  text: string
  newline?: true
  link?: string
  /** PUT (into the input), SEND (as a message), COPY; other actions need an employee's client. */
  action?: 'PUT' | 'SEND' | 'COPY'
  actionValue?: string
  /** Pressing it runs the bot's command (ONIMCOMMANDADD, COMMAND_CONTEXT=KEYBOARD). */
  command?: true
  disabled?: true
  /** BLOCK=Y: after one press the whole keyboard is spent. */
  block?: true
  bgColor?: string
  textColor?: string
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const color = (v: unknown): string | undefined => (/^#[0-9a-f]{3,8}$/i.test(str(v)) ? str(v) : undefined)

/** KEYBOARD as stored: `{BUTTONS: [...]}` (keyboards.md) or the bare list of buttons older bots send. */
export function keyboardButtons(params: Obj | null | undefined): Obj[] {
  const kb = params?.KEYBOARD
  const list = isObj(kb) ? kb.BUTTONS : kb
  const items = Array.isArray(list) ? list : isObj(list) ? Object.values(list) : []
  return items.filter(isObj)
}

/** The message's keyboard for a customer: links only http(s), actions the customer's window can do. */
export function customerKeyboard(params: Obj | null | undefined): CustomerButton[] {
  return keyboardButtons(params).map((b): CustomerButton => {
    if (str(b.TYPE).toUpperCase() === 'NEWLINE') return { text: '', newline: true }
    const out: CustomerButton = { text: str(b.TEXT).slice(0, 200) }
    const link = str(b.LINK)
    const action = str(b.ACTION).toUpperCase()
    if (link && /^https?:\/\//i.test(link)) out.link = link
    else if (action === 'PUT' || action === 'SEND' || action === 'COPY') {
      out.action = action
      out.actionValue = str(b.ACTION_VALUE).slice(0, 5000)
    } else if (str(b.COMMAND)) out.command = true
    if (str(b.DISABLED).toUpperCase() === 'Y' || (!out.link && !out.action && !out.command)) out.disabled = true
    if (str(b.BLOCK).toUpperCase() === 'Y') out.block = true
    const bg = color(b.BG_COLOR)
    const fg = color(b.TEXT_COLOR)
    if (bg) out.bgColor = bg
    if (fg) out.textColor = fg
    return out
  })
}

const errors = {
  button: () => new RestError('BUTTON_NOT_FOUND', 'This button runs no command', 400),
}

/**
 * A customer pressed a COMMAND button of a bot's message in their chat:
 * ONIMCOMMANDADD to that command (COMMAND_CONTEXT=KEYBOARD, MESSAGE_ID the
 * message with the keyboard, COMMAND_PARAMS the button's). The button's
 * BOT_ID names the bot when given, else the message's author.
 */
export async function pressCommandButton(tx: Executor, e: { chatId: number; messageId: number; button: number; userId: number }): Promise<true> {
  const m = Number.isSafeInteger(e.messageId) && e.messageId > 0 ? await findMessage(tx, e.messageId) : undefined
  const chat = m && m.chat_id === e.chatId && !m.deleted ? await findChat(tx, e.chatId) : undefined
  const b = m && chat && Number.isInteger(e.button) && e.button >= 0 ? keyboardButtons(m.params)[e.button] : undefined
  const word = str(b?.COMMAND).replace(/^\//, '').toLowerCase()
  if (!m || !chat || !b || !word || str(b.DISABLED).toUpperCase() === 'Y') throw errors.button()
  const bot = await findBot(tx, Number(b.BOT_ID) > 0 ? Number(b.BOT_ID) : m.author_id)
  const cmd = bot ? (await commandsOfBot(tx, bot.user_id)).find((c) => c.command.toLowerCase() === word) : undefined
  if (!bot || !cmd) throw errors.button()
  const [who] = await peopleByIds(tx, [e.userId])
  await recordCommandEvent(tx, { cmd, bot, chat, m, who, params: str(b.COMMAND_PARAMS), context: 'KEYBOARD' })
  return true
}
