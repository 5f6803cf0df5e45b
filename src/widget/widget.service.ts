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
import { PUBLIC_PATH } from '../lines/index.js'
import { detectFile, imageSize } from './file-types.js'
import { attachWidgetFile, dropWidgetFile, fileSentToCustomer, insertWidgetFile, widgetFile, widgetFilesOf } from './widget-files.repo.js'
import { verifyIdentity } from './widget-identity.js'
import { insertVisitor, setVisitorName, setVisitorProfile, visitorByHash, visitorMessage, visitorMessages, operatorReadMark, type VisitorRow } from './widget.repo.js'

export const widgetErrors = {
  line: () => new RestError('LINE_NOT_AVAILABLE', 'This chat is not available', 404),
  token: () => new RestError('VISITOR_UNKNOWN', 'Unknown visitor', 401),
  text: () => new RestError('MESSAGE_EMPTY', 'Message text is empty or too long', 400),
  noChat: () => new RestError('CHAT_NOT_STARTED', 'Write a message first', 400),
  fileEmpty: () => new RestError('FILE_EMPTY', 'The file is empty', 400),
  fileTooLarge: (max: number) => new RestError('FILE_TOO_LARGE', `The file is larger than ${Math.floor(max / 1024)} kB`, 413),
  fileType: () => new RestError('FILE_TYPE', 'This type of file is not accepted: send images (png, jpg, gif, webp, bmp), pdf, office documents, zip, text, mp3 or mp4', 415),
  fileNotFound: () => new RestError('FILE_NOT_FOUND', 'File not found', 404),
}

const MAX_TEXT = 5000
const CONNECTOR = 'livechat'

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

type MessageRow = NonNullable<Awaited<ReturnType<typeof visitorMessage>>>
type FileMeta = Awaited<ReturnType<typeof widgetFilesOf>>[number]

/** A file as the visitor sees it; the widget fetches `<public path>/file/<id>` with its token. */
const fileView = (f: FileMeta) => ({ id: f.id, name: f.name, size: f.size, image: f.mime.startsWith('image/') })

/** A message as the visitor sees it: no user ids, no operator-only fields. */
export function visitorView(m: MessageRow, guestUserId: number, files: FileMeta[] = []) {
  const params = typeof m.params === 'string' ? JSON.parse(m.params) : m.params
  const from = m.author_id === guestUserId ? 'visitor' : m.is_system ? 'system' : 'operator'
  const own = files.filter((f) => Number(f.message_id) === Number(m.id)).map(fileView)
  // A bot's (or operator's) KEYBOARD, reduced to what the visitor may press.
  const keyboard = from === 'operator' ? customerKeyboard(params) : []
  return {
    id: Number(m.id), text: m.text, date: new Date(m.created_at).toISOString(), from, name: from === 'operator' ? m.author_name ?? '' : '', vote: params?.CODE === 'VOTE_REQUEST',
    ...(own.length ? { files: own } : {}),
    ...(keyboard.length ? { keyboard } : {}),
  }
}
/** A file's name as stored and shown: no path, no control characters, at most 100 characters. */
export function cleanName(raw: unknown): string {
  const base = typeof raw === 'string' ? raw.split(/[\\/]/).pop() ?? '' : ''
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(-100)
}

function lineView(line: LineConfig) {
  return { lineName: line.lineName, vote: line.voteMessage, likeText: line.voteMessage1Like || '👍', dislikeText: line.voteMessage1Dislike || '👎' }
}

export function createWidgetService(d: { db: Db; clock: Clock; ids: Ids; dialogues: Dialogues; publicUrl?: string; maxFileBytes?: number }) {
  const maxFileBytes = d.maxFileBytes ?? 10 * 1024 * 1024
  const fileBase = `${d.publicUrl ?? ''}${PUBLIC_PATH}file/`
  /**
   * The visitor's chat in the channel: a signed visitor's chat is named by the
   * site's user id (every browser of that user reaches it); a guest's by the
   * visitor row. A guest can never name a `site:` chat, so unsigned identities
   * are never merged into a signed one.
   */
  const channelId = (v: VisitorRow) => (v.external_id !== null ? `site:${v.external_id}` : `visitor${v.id}`)
  const codeOf = (v: VisitorRow) => `${CONNECTOR}|${v.line_id}|${channelId(v)}|${channelId(v)}`
  const customer = (v: VisitorRow) => ({ connector: CONNECTOR, lineId: v.line_id, connectorChatId: channelId(v), connectorUserId: channelId(v) })

  async function liveLine(lineId: number): Promise<LineConfig> {
    const line = Number.isInteger(lineId) && lineId > 0 ? await getLine(d.db, lineId) : null
    if (!line || !line.active) throw widgetErrors.line()
    return line
  }

  /**
   * A returning visitor keeps their identity on the same line, as long as the
   * site vouches for the same user (or for none); anyone else gets a new one.
   * `identity` is the site's signed `{id, name, email, ts, signature}`.
   */
  async function start(lineId: number, token: string | null, identity?: unknown) {
    const line = await liveLine(lineId)
    const signed = identity === undefined || identity === null ? null : await verifyIdentity(d.db, d.clock, lineId, identity)
    const known = token ? await visitorByHash(d.db, hashToken(token)) : undefined
    if (known && known.line_id === lineId && known.external_id === (signed?.id ?? null)) {
      if (signed && (signed.name !== known.name || signed.email !== known.email)) {
        await setVisitorProfile(d.db, known.id, { name: signed.name, email: signed.email, at: d.clock.now() })
        return { token, visitor: { ...known, name: signed.name, email: signed.email }, line: lineView(line) }
      }
      return { token, visitor: known, line: lineView(line) }
    }
    const fresh = d.ids.secret(40)
    const visitor = await insertVisitor(d.db, {
      lineId, hash: hashToken(fresh), at: d.clock.now(), ...(signed ? { externalId: signed.id, name: signed.name, email: signed.email } : {}),
    })
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
    const files = await widgetFilesOf(d.db, chat.id, rows.map((m) => Number(m.id)))
    const read = await operatorReadMark(d.db, chat.id, chat.guest_user_id)
    return { chatId: chat.id, messages: rows.reverse().map((m) => visitorView(m, chat.guest_user_id, files)), readUpTo: Number(read?.last ?? 0) }
  }

  async function send(v: VisitorRow, text: unknown, clientId: unknown, name: unknown) {
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT) throw widgetErrors.text()
    // A signed visitor's name is the one the site signed.
    const given = typeof name === 'string' && v.external_id === null ? name.trim().slice(0, 50) : ''
    if (given && given !== v.name) await setVisitorName(d.db, v.id, given)
    const res = await d.dialogues.receiveCustomerMessage({
      ...customer(v),
      user: { name: given || v.name || 'Guest', ...(v.email ? { email: v.email } : {}) },
      message: { text, externalId: typeof clientId === 'string' && /^[\w-]{1,64}$/.test(clientId) ? clientId : null },
    })
    return { chatId: res.chatId, id: res.messageId }
  }

  /**
   * A file from the visitor: checked by size and by its first bytes, stored in
   * the database with the message that carries it (one transaction), and
   * handed to the dialogue as the message's file, so operators and apps see it
   * as FILE_ID / files like any channel's file.
   */
  async function sendFile(v: VisitorRow, rawName: unknown, content: Buffer, clientId: unknown) {
    if (content.length === 0) throw widgetErrors.fileEmpty()
    if (content.length > maxFileBytes) throw widgetErrors.fileTooLarge(maxFileBytes)
    const name = cleanName(rawName)
    const kind = name ? detectFile(content, name) : null
    if (!kind) throw widgetErrors.fileType()
    const size = kind.type === 'image' ? imageSize(content, kind.mime) : null
    return d.db.transaction().execute(async (tx) => {
      const id = await insertWidgetFile(tx, { lineId: v.line_id, visitorId: v.id, name, mime: kind.mime, content, at: d.clock.now() })
      const res = await d.dialogues.receiveCustomerMessageIn(tx, {
        ...customer(v),
        user: { name: v.name || 'Guest', ...(v.email ? { email: v.email } : {}) },
        message: {
          text: '', externalId: typeof clientId === 'string' && /^[\w-]{1,64}$/.test(clientId) ? clientId : null,
          files: [{ name, type: kind.type, url: `${fileBase}${id}/${encodeURIComponent(name)}`, size: content.length, ...(size ?? {}) }],
        },
      })
      if (res.duplicate) await dropWidgetFile(tx, id)
      else await attachWidgetFile(tx, id, res.chatId, res.messageId)
      return { chatId: res.chatId, id: res.messageId, file: res.duplicate ? null : { id, name, size: content.length, image: kind.type === 'image' } }
    })
  }

  /** A file of the visitor's own chat. */
  async function visitorFile(v: VisitorRow, id: number) {
    const chat = await chatOf(v)
    const f = chat && Number.isSafeInteger(id) && id > 0 ? await widgetFile(d.db, id) : undefined
    if (!chat || !f || f.chat_id !== chat.id) throw widgetErrors.fileNotFound()
    // An operator's file is the visitor's only when its message was sent to them.
    if (f.visitor_id === null && (f.message_id === null || !(await fileSentToCustomer(d.db, chat.id, Number(f.message_id))))) throw widgetErrors.fileNotFound()
    return f
  }

  async function vote(v: VisitorRow, like: boolean) {
    const res = await d.dialogues.receiveCustomerVote(customer(v), like)
    return { voted: Boolean(res?.voted) }
  }

  async function read(v: VisitorRow, messageId: number) {
    const chat = await chatOf(v)
    if (!chat) throw widgetErrors.noChat()
    await d.db.transaction().execute((tx) => raiseReadMark(tx, chat.id, chat.guest_user_id, Math.max(0, Math.floor(messageId))))
    return { ok: true }
  }

  async function message(chatId: number, guestUserId: number, id: number, withFiles = true) {
    const row = await visitorMessage(d.db, chatId, id)
    return row ? visitorView(row, guestUserId, withFiles ? await widgetFilesOf(d.db, chatId, [Number(row.id)]) : []) : null
  }

  const watchesTyping = async (lineId: number) => (await getLine(d.db, lineId))?.watchTyping ?? false

  /** The visitor pressed a COMMAND button of a message in their chat: the bot's command runs (the other buttons act in the window). */
  async function button(v: VisitorRow, messageId: number, index: number) {
    const chat = await chatOf(v)
    if (!chat) throw widgetErrors.noChat()
    await d.db.transaction().execute((tx) => pressCommandButton(tx, { chatId: chat.id, messageId, button: index, userId: chat.guest_user_id }))
    return { ok: true }
  }

  return { start, visitorOf, chatOf, history, send, sendFile, visitorFile, vote, read, button, message, watchesTyping }
}

export type WidgetService = ReturnType<typeof createWidgetService>
