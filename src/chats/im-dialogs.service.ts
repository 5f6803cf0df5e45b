import { EventEmitter } from 'node:events'
import type { Clock } from '../platform/clock.js'
import type { Actor } from '../rest/actor.js'
import { canWork, positiveInt } from '../sessions/access.js'
import type { ChannelPort } from '../sessions/events-port.js'
import type { LineReader } from '../sessions/line-port.js'
import type { Executor } from '../storage/db.js'
import { chatErrors } from './chats.errors.js'
import { findChat, findChatByCode, findMember, isSilentMember, memberIds, setLastRead } from './chats.repo.js'
import { imFile, imMessage } from './message-view.js'
import { countUnread, filesOfMessages, messagesWindow } from './messages.repo.js'
import { peopleByIds } from './people.repo.js'
import { imUser } from './people-view.js'
import { parseDialogId } from './im-messages.service.js'
import type { SideChats } from './side-chats.js'

const DEFAULT_LIMIT = 20
const MAX_LIMIT = 50

export interface TypingSignal { chatId: number; userId: number; at: Date }

export interface MessagesQuery { DIALOG_ID?: unknown; LAST_ID?: unknown; FIRST_ID?: unknown; LIMIT?: unknown }

/** An id parameter that must be numeric when given; `code` names the page's error. */
function optionalId(value: unknown, error: () => Error): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n < 0) throw error()
  return n
}

/** im.dialog.messages.get, im.dialog.read, im.dialog.writing, im.chat.get and im.chat.user.list for line chats. */
export function createImDialogs(d: { lines: LineReader; clock: Clock; side: SideChats; channels: ChannelPort }) {
  const typing = new EventEmitter()

  /** A chat DIALOG_ID the caller is a member of; one-to-one dialogues do not exist here. */
  async function memberChat(tx: Executor, actor: Actor, raw: unknown, denied: () => Error) {
    const target = parseDialogId(raw)
    if (!target) throw chatErrors.dialogIdEmpty()
    const chatId = target.kind === 'chat' ? target.id : await d.side.dialogWith(tx, actor, target.id)
    if (chatId === null) throw denied()
    const chat = await findChat(tx, chatId)
    const member = chat ? await findMember(tx, chat.id, actor.userId) : undefined
    if (!chat || !member) throw denied()
    return { chat, member }
  }

  async function messages(tx: Executor, actor: Actor, q: MessagesQuery) {
    const lastId = optionalId(q.LAST_ID, chatErrors.lastIdString)
    const firstId = optionalId(q.FIRST_ID, chatErrors.firstIdString)
    const { chat, member } = await memberChat(tx, actor, q.DIALOG_ID, chatErrors.dialogAccess)
    const limit = Math.min(MAX_LIMIT, Math.max(1, positiveInt(q.LIMIT) ?? DEFAULT_LIMIT))
    const rows = (await messagesWindow(tx, chat.id, { lastId, firstId, limit })).sort((a, b) => b.id - a.id)
    const files = await filesOfMessages(tx, chat.id, rows.map((m) => m.id))
    const people = await peopleByIds(tx, [...rows.map((m) => m.author_id), ...files.map((f) => f.author_id)])
    const names = new Map(people.map((p) => [p.id, `${p.name} ${p.last_name}`.trim()]))
    return {
      chat_id: chat.id,
      messages: rows.map((m) => imMessage(m, files.filter((f) => f.message_id === m.id), m.id > member.last_read_id && m.author_id !== actor.userId)),
      users: people.map(imUser),
      files: files.map((f) => imFile(f, names.get(f.author_id) ?? '')),
    }
  }

  async function read(tx: Executor, actor: Actor, q: { DIALOG_ID?: unknown; MESSAGE_ID?: unknown }) {
    const target = parseDialogId(q.DIALOG_ID)
    if (!target) throw chatErrors.dialogIdEmpty()
    const chat = target.kind === 'chat' ? await findChat(tx, target.id) : undefined
    const member = chat ? await findMember(tx, chat.id, actor.userId) : undefined
    // The page: `false` when the caller has no access to the chat.
    if (!chat || !member) return false
    const upTo = positiveInt(q.MESSAGE_ID) ?? chat.last_message_id
    const lastId = Math.max(member.last_read_id, Math.min(upTo, chat.last_message_id))
    if (lastId !== member.last_read_id) await setLastRead(tx, chat.id, actor.userId, lastId)
    // The customer's channel shows that the operator read their messages (the console socket's `read` frame does the same).
    // Someone who joined silently reads unseen.
    if (actor.userId !== chat.guest_user_id && !member.silent && lastId > 0) await d.channels.operatorSignal(tx, chat.id, { kind: 'read', userId: actor.userId, upTo: lastId })
    return { dialogId: `chat${chat.id}`, chatId: chat.id, lastId, counter: await countUnread(tx, chat.id, actor.userId, lastId) }
  }

  async function writing(tx: Executor, actor: Actor, dialogId: unknown): Promise<boolean> {
    const { chat } = await memberChat(tx, actor, dialogId, () => chatErrors.accessError(403))
    // Typing is not stored: it goes to whoever listens (operator console, widget push).
    typing.emit('typing', { chatId: chat.id, userId: actor.userId, at: d.clock.now() } satisfies TypingSignal)
    if (actor.userId !== chat.guest_user_id && !(await isSilentMember(tx, chat.id, actor.userId))) await d.channels.operatorSignal(tx, chat.id, { kind: 'typing', userId: actor.userId })
    return true
  }

  /** im.chat.get: open-line chats by ENTITY_TYPE=LINES and their USER_CODE; null otherwise, as the page says. */
  async function chatGet(tx: Executor, actor: Actor, q: { ENTITY_TYPE?: unknown; ENTITY_ID?: unknown }) {
    if (typeof q.ENTITY_TYPE !== 'string' || q.ENTITY_TYPE.toUpperCase() !== 'LINES' || typeof q.ENTITY_ID !== 'string') return null
    const chat = await findChatByCode(tx, q.ENTITY_ID.trim())
    if (!chat || !(await canWork(d.lines, tx, chat.id, chat.line_id, actor))) return null
    return { ID: chat.id }
  }

  async function userList(tx: Executor, actor: Actor, rawChatId: unknown): Promise<number[]> {
    const chatId = positiveInt(rawChatId)
    if (chatId === null) throw chatErrors.chatIdEmpty()
    const chat = await findChat(tx, chatId)
    if (!chat) throw chatErrors.accessError(403)
    // The page: an empty array when the caller may not see the participants.
    if (!(await canWork(d.lines, tx, chat.id, chat.line_id, actor))) return []
    return memberIds(tx, chat.id)
  }

  return {
    messages, read, writing, chatGet, userList,
    onTyping: (listener: (s: TypingSignal) => void) => typing.on('typing', listener),
  }
}

export type ImDialogs = ReturnType<typeof createImDialogs>
