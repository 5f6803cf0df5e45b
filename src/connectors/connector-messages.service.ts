import { findChat, findChatByCode, type ChatRow } from '../chats/chats.repo.js'
import { findByExternalId, findMessage, updateMessage } from '../chats/messages.repo.js'
import { getLine } from '../lines/index.js'
import type { Clock } from '../platform/clock.js'
import { isRestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import type { Dialogues, InboundFile, InboundMessage } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { connectorErrors } from './connectors.errors.js'
import { connectorLine, markOutgoing, raiseReadMark, renameChat, type ConnectorRow } from './connectors.repo.js'
import { connectorAndLine, ownConnector } from './connectors.service.js'

type Obj = Record<string, unknown>
type Item = { user: Obj; message: Obj; chat: Obj }

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')
/** Types the chat shows as images (imconnector-send-messages.md). */
const IMAGE = /\.(jpe|jpg|jpeg|png|webp|gif|bmp)$/i

/** MESSAGES as send/update/delete take it; objects arrive as arrays of keys from PHP-style forms too. */
function messagesOf(p: Obj, needs: readonly string[]): Obj[] {
  const raw = p.MESSAGES
  if (raw === undefined || raw === null || raw === '') throw connectorErrors.empty('MESSAGES')
  const list = Array.isArray(raw) ? raw : isObj(raw) && Object.keys(raw).every((k) => /^\d+$/.test(k)) ? Object.values(raw) : null
  if (!list) throw connectorErrors.notArray('MESSAGES')
  if (list.length === 0) throw connectorErrors.empty('MESSAGES')
  if (!list.every(isObj)) throw connectorErrors.notMessages()
  if (!list.every((m) => needs.every((k) => isObj(m[k])))) throw connectorErrors.structure()
  return list
}

function filesOf(v: unknown): InboundFile[] {
  const list = Array.isArray(v) ? v : isObj(v) ? Object.values(v) : []
  return list.filter(isObj).filter((f) => str(f.url) !== '').map((f) => {
    const name = str(f.name) || decodeURIComponent(new URL(str(f.url), 'http://x').pathname.split('/').pop() ?? '') || 'file'
    return { name, url: str(f.url), type: IMAGE.test(name) ? 'image' : 'file', size: Number(f.size) || 0 }
  })
}

function chatEcho(chat: Obj): Obj {
  const out: Obj = { id: str(chat.id) }
  if (str(chat.name)) out.name = str(chat.name)
  if (str(chat.url)) out.description = `Link to the original post: ${str(chat.url)}`
  return out
}

function messageEcho(m: Obj, keys: readonly string[]): Obj {
  const out: Obj = { id: str(m.id) }
  for (const k of keys) if (m[k] !== undefined) out[k] = m[k]
  return out
}

const failure = (item: Obj, errors: string[]) => ({ ...item, SUCCESS: false, ERRORS: errors })

export function createConnectorMessages(d: { clock: Clock; dialogues: Dialogues }) {
  /** The connector, active on an active line: where channel messages may go. */
  async function openChannel(tx: Executor, actor: Actor, p: Obj): Promise<{ row: ConnectorRow; lineId: number }> {
    const { connector, lineId } = connectorAndLine(p)
    return { row: await ownConnector(tx, actor, connector), lineId }
  }

  async function activeChannel(tx: Executor, row: ConnectorRow, lineId: number): Promise<void> {
    const line = await getLine(tx, lineId)
    // A connector switched off on the line counts as the line being closed to it.
    if (!line || !line.active || !(await connectorLine(tx, row.id, lineId))?.active) throw connectorErrors.notActiveLine()
  }

  /** The customer's chat id in the channel: in group mode one chat holds every user of it. */
  const userPart = (row: ConnectorRow, item: Obj) => (row.chat_group ? `chat:${str((item.chat as Obj).id)}` : str((item.user as Obj).id))

  function chatOf(tx: Executor, row: ConnectorRow, lineId: number, item: Obj): Promise<ChatRow | undefined> {
    return findChatByCode(tx, `${row.id}|${lineId}|${str((item.chat as Obj).id)}|${userPart(row, item)}`)
  }

  function inbound(row: ConnectorRow, lineId: number, item: Item): InboundMessage {
    const { user, message, chat } = item
    const date = Number(message.date)
    const picture = isObj(user.picture) ? str(user.picture.url) : ''
    return {
      connector: row.id, lineId, connectorChatId: str(chat.id), connectorUserId: userPart(row, item),
      user: {
        name: str(user.name), lastName: str(user.last_name), email: str(user.email), phone: str(user.phone), url: str(user.url),
        gender: user.gender === 'male' ? 'M' : user.gender === 'female' ? 'F' : '', ...(picture ? { avatar: picture } : {}),
      },
      chatName: str(chat.name) || undefined,
      message: {
        externalId: str(message.id) || null, text: typeof message.text === 'string' ? message.text : '', files: filesOf(message.files),
        ...(Number.isFinite(date) && date > 0 ? { date: new Date(date * 1000) } : {}),
      },
    }
  }

  async function sendOne(tx: Executor, row: ConnectorRow, lineId: number, item: Item): Promise<Obj> {
    const echo: Obj = { message: messageEcho(item.message, ['date', 'text', 'files']), chat: chatEcho(item.chat) }
    const extra: Obj = {}
    if (item.user.skip_phone_validate === 'Y') extra.skip_phone_validate = 'Y'
    if (item.message.disable_crm === 'Y') extra.disable_tracker = 'Y'
    if (Object.keys(extra).length) echo.extra = extra
    if (!str(item.user.id) || !str(item.chat.id)) return failure({ user: '', ...echo }, ['user.id and chat.id are required'])
    // Messages on behalf of an operator (message.user_id) are not taken here: operators answer in the operator's own chat.
    if (item.message.user_id !== undefined) return failure({ user: '', ...echo }, ['message.user_id is not supported: operators write through im.message.add'])
    try {
      const res = await d.dialogues.receiveCustomerMessageIn(tx, inbound(row, lineId, item))
      return { user: String(res.userId), ...echo, SUCCESS: true, session: { ID: String(res.sessionId), CHAT_ID: String(res.chatId) } }
    } catch (e) {
      if (isRestError(e)) return failure({ user: '', ...echo }, [e.description])
      throw e
    }
  }

  async function send(tx: Executor, actor: Actor, p: Obj) {
    const { row, lineId } = await openChannel(tx, actor, p)
    const items = messagesOf(p, ['user', 'message', 'chat']) as Item[]
    await activeChannel(tx, row, lineId)
    const results: Obj[] = []
    for (const item of items) results.push(await sendOne(tx, row, lineId, item))
    return { SUCCESS: results.every((r) => r.SUCCESS === true), DATA: { RESULT: results } }
  }

  /** The customer's own message of a chat by its external id. */
  async function customerMessage(tx: Executor, row: ConnectorRow, lineId: number, item: Obj) {
    const chat = await chatOf(tx, row, lineId, item)
    const id = str((item.message as Obj).id)
    const m = chat && id ? await findByExternalId(tx, chat.id, id) : undefined
    return chat && m && !m.deleted && m.author_id === chat.guest_user_id ? { chat, m } : null
  }

  async function change(tx: Executor, actor: Actor, p: Obj, kind: 'update' | 'delete') {
    const { row, lineId } = await openChannel(tx, actor, p)
    const items = messagesOf(p, ['user', 'message', 'chat']) as Item[]
    await activeChannel(tx, row, lineId)
    const now = d.clock.now()
    const results: Obj[] = []
    for (const item of items) {
      const keys = kind === 'update' ? ['date', 'text', 'files'] : []
      const echo: Obj = { message: messageEcho(item.message, keys), chat: chatEcho(item.chat) }
      const found = await customerMessage(tx, row, lineId, item)
      const text = item.message.text
      if (!found) results.push(failure({ user: '', ...echo }, ['Message not found']))
      else if (kind === 'delete' && !row.del_external_messages) results.push(failure({ user: String(found.chat.guest_user_id), ...echo }, ['Deleting incoming messages is not allowed for this connector']))
      else if (kind === 'update' && (typeof text !== 'string' || text.trim() === '')) results.push(failure({ user: String(found.chat.guest_user_id), ...echo }, ['Message text is empty']))
      else {
        await updateMessage(tx, found.m.id, kind === 'update' ? { text: String(text), at: now } : { deleted: true, at: now })
        await d.dialogues.messageChanged(tx, { chatId: found.chat.id, messageId: found.m.id, kind })
        results.push({ user: String(found.chat.guest_user_id), ...echo, SUCCESS: true })
      }
    }
    return { SUCCESS: results.every((r) => r.SUCCESS === true), DATA: { RESULT: results } }
  }

  /** Our outgoing message named by `im`, in a chat of this connector and line. */
  async function ourMessage(tx: Executor, row: ConnectorRow, lineId: number, item: Obj) {
    const im = isObj(item.im) ? item.im : {}
    const chat = await findChat(tx, Number(im.chat_id) || 0)
    const m = chat ? await findMessage(tx, Number(im.message_id) || 0) : undefined
    if (!chat || chat.connector_id !== row.id || chat.line_id !== lineId || !m || m.chat_id !== chat.id || m.author_id === chat.guest_user_id) return null
    return { chat, m }
  }

  async function status(tx: Executor, actor: Actor, p: Obj, kind: 'delivery' | 'reading') {
    const { row, lineId } = await openChannel(tx, actor, p)
    const items = messagesOf(p, ['im'])
    await activeChannel(tx, row, lineId)
    const errors: Obj[] = []
    for (const item of items) {
      const found = await ourMessage(tx, row, lineId, item)
      if (!found) {
        errors.push({ im: item.im, ERRORS: ['Message not found in a chat of this connector'] })
        continue
      }
      const message = isObj(item.message) ? item.message : {}
      const ids = (Array.isArray(message.id) ? message.id : message.id === undefined ? [] : [message.id]).map(str).filter(Boolean)
      const date = Number(message.date)
      const at = Number.isFinite(date) && date > 0 ? new Date(date * 1000) : d.clock.now()
      await markOutgoing(tx, { messageId: found.m.id, chatId: found.chat.id, externalIds: ids, deliveredAt: at, at: d.clock.now() })
      // Read in the channel: the customer's read mark in the chat moves up to this message (never back).
      if (kind === 'reading') await raiseReadMark(tx, found.chat.id, found.chat.guest_user_id, found.m.id)
    }
    return { SUCCESS: errors.length === 0, DATA: errors }
  }

  async function chatNameSet(tx: Executor, actor: Actor, p: Obj) {
    const { row, lineId } = await openChannel(tx, actor, p)
    for (const k of ['CHAT_ID', 'NAME']) if (!str(p[k])) throw connectorErrors.empty(k)
    if (!row.chat_group && !str(p.USER_ID)) throw connectorErrors.empty('USER_ID')
    const line = await getLine(tx, lineId)
    if (!line || !line.active) throw connectorErrors.notActiveLine()
    const item = { chat: { id: p.CHAT_ID }, user: { id: p.USER_ID } }
    const chat = await chatOf(tx, row, lineId, item)
    if (!chat || !(await renameChat(tx, chat.id, str(p.NAME).slice(0, 255)))) throw connectorErrors.renameFailed()
    return { SUCCESS: true, DATA: { RESULT: {} } }
  }

  return {
    send,
    update: (tx: Executor, actor: Actor, p: Obj) => change(tx, actor, p, 'update'),
    remove: (tx: Executor, actor: Actor, p: Obj) => change(tx, actor, p, 'delete'),
    delivery: (tx: Executor, actor: Actor, p: Obj) => status(tx, actor, p, 'delivery'),
    reading: (tx: Executor, actor: Actor, p: Obj) => status(tx, actor, p, 'reading'),
    chatNameSet,
  }
}

export type ConnectorMessages = ReturnType<typeof createConnectorMessages>
