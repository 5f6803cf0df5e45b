import { createHash } from 'node:crypto'
import { findChatByCode, type ChatRow } from '../chats/chats.repo.js'
import { customerKeyboard, pressCommandButton } from '../bots/index.js'
import { raiseReadMark } from '../connectors/index.js'
import { getLine, type LineConfig } from '../lines/index.js'
import type { Clock } from '../platform/clock.js'
import { RestError } from '../platform/errors.js'
import type { Ids } from '../platform/ids.js'
import type { Dialogues } from '../sessions/index.js'
import type { Db } from '../storage/db.js'
import { insertVisitor, setVisitorName, visitorByHash, visitorMessage, visitorMessages, operatorReadMark, type VisitorRow } from './widget.repo.js'

export const widgetErrors = {
  line: () => new RestError('LINE_NOT_AVAILABLE', 'This chat is not available', 404),
  token: () => new RestError('VISITOR_UNKNOWN', 'Unknown visitor', 401),
  text: () => new RestError('MESSAGE_EMPTY', 'Message text is empty or too long', 400),
  noChat: () => new RestError('CHAT_NOT_STARTED', 'Write a message first', 400),
}

const MAX_TEXT = 5000
const CONNECTOR = 'livechat'

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

type MessageRow = NonNullable<Awaited<ReturnType<typeof visitorMessage>>>

/** A message as the visitor sees it: no user ids, no operator-only fields. */
export function visitorView(m: MessageRow, guestUserId: number) {
  const params = typeof m.params === 'string' ? JSON.parse(m.params) : m.params
  const from = m.author_id === guestUserId ? 'visitor' : m.is_system ? 'system' : 'operator'
  // A bot's (or operator's) KEYBOARD, reduced to what the visitor may press.
  const keyboard = from === 'operator' ? customerKeyboard(params) : []
  return {
    id: Number(m.id), text: m.text, date: new Date(m.created_at).toISOString(), from, name: from === 'operator' ? m.author_name ?? '' : '', vote: params?.CODE === 'VOTE_REQUEST',
    ...(keyboard.length ? { keyboard } : {}),
  }
}

function lineView(line: LineConfig) {
  return { lineName: line.lineName, vote: line.voteMessage, likeText: line.voteMessage1Like || '👍', dislikeText: line.voteMessage1Dislike || '👎' }
}

export function createWidgetService(d: { db: Db; clock: Clock; ids: Ids; dialogues: Dialogues }) {
  const codeOf = (v: VisitorRow) => `${CONNECTOR}|${v.line_id}|visitor${v.id}|visitor${v.id}`

  async function liveLine(lineId: number): Promise<LineConfig> {
    const line = Number.isInteger(lineId) && lineId > 0 ? await getLine(d.db, lineId) : null
    if (!line || !line.active) throw widgetErrors.line()
    return line
  }

  /** A returning visitor keeps their identity on the same line; anyone else gets a new one. */
  async function start(lineId: number, token: string | null) {
    const line = await liveLine(lineId)
    const known = token ? await visitorByHash(d.db, hashToken(token)) : undefined
    if (known && known.line_id === lineId) return { token, visitor: known, line: lineView(line) }
    const fresh = d.ids.secret(40)
    const visitor = await insertVisitor(d.db, { lineId, hash: hashToken(fresh), at: d.clock.now() })
    return { token: fresh, visitor, line: lineView(line) }
  }

  async function visitorOf(token: string | null): Promise<VisitorRow> {
    const v = token ? await visitorByHash(d.db, hashToken(token)) : undefined
    if (!v) throw widgetErrors.token()
    return v
  }

  const chatOf = (v: VisitorRow): Promise<ChatRow | undefined> => findChatByCode(d.db, codeOf(v))

  async function history(v: VisitorRow, afterId: number) {
    const chat = await chatOf(v)
    if (!chat) return { chatId: null, messages: [], readUpTo: 0 }
    const rows = await visitorMessages(d.db, chat.id, afterId, 200)
    const read = await operatorReadMark(d.db, chat.id, chat.guest_user_id)
    return { chatId: chat.id, messages: rows.reverse().map((m) => visitorView(m, chat.guest_user_id)), readUpTo: Number(read?.last ?? 0) }
  }

  async function send(v: VisitorRow, text: unknown, clientId: unknown, name: unknown) {
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT) throw widgetErrors.text()
    const given = typeof name === 'string' ? name.trim().slice(0, 50) : ''
    if (given && given !== v.name) await setVisitorName(d.db, v.id, given)
    const res = await d.dialogues.receiveCustomerMessage({
      connector: CONNECTOR, lineId: v.line_id, connectorChatId: `visitor${v.id}`, connectorUserId: `visitor${v.id}`,
      user: { name: given || v.name || 'Guest' },
      message: { text, externalId: typeof clientId === 'string' && /^[\w-]{1,64}$/.test(clientId) ? clientId : null },
    })
    return { chatId: res.chatId, id: res.messageId }
  }

  async function vote(v: VisitorRow, like: boolean) {
    const res = await d.dialogues.receiveCustomerVote({ connector: CONNECTOR, lineId: v.line_id, connectorChatId: `visitor${v.id}`, connectorUserId: `visitor${v.id}` }, like)
    return { voted: Boolean(res?.voted) }
  }

  async function read(v: VisitorRow, messageId: number) {
    const chat = await chatOf(v)
    if (!chat) throw widgetErrors.noChat()
    await d.db.transaction().execute((tx) => raiseReadMark(tx, chat.id, chat.guest_user_id, Math.max(0, Math.floor(messageId))))
    return { ok: true }
  }

  /** The visitor pressed a COMMAND button of a message in their chat: the bot's command runs (the other buttons act in the window). */
  async function button(v: VisitorRow, messageId: number, index: number) {
    const chat = await chatOf(v)
    if (!chat) throw widgetErrors.noChat()
    await d.db.transaction().execute((tx) => pressCommandButton(tx, { chatId: chat.id, messageId, button: index, userId: chat.guest_user_id }))
    return { ok: true }
  }

  return { start, visitorOf, chatOf, history, send, vote, read, button, message: (chatId: number, id: number) => visitorMessage(d.db, chatId, id) }
}

export type WidgetService = ReturnType<typeof createWidgetService>
