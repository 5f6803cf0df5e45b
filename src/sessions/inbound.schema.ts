import { inboundErrors } from './sessions.errors.js'

export interface InboundFile {
  name: string
  /** image | video | audio | file */
  type: 'image' | 'video' | 'audio' | 'file'
  url: string
  size: number
  width?: number
  height?: number
}

/** A customer's message as a channel (connector, widget) hands it over. */
export interface InboundMessage {
  /** Connector id: `livechat`, `telegrambot`, or an app's own connector. */
  connector: string
  lineId: number
  /** CONNECTOR_CHAT_ID and CONNECTOR_USER_ID: the chat and the customer in the channel. */
  connectorChatId: string
  connectorUserId: string
  user?: { name?: string; lastName?: string; email?: string; phone?: string; avatar?: string; url?: string; gender?: string }
  /** Name for a new chat; by default "<customer> - <line name>". */
  chatName?: string
  message: {
    /** The channel's message id: a second delivery of the same id is stored once. */
    externalId?: string | null
    text?: string
    files?: InboundFile[]
    /** ATTACH blocks, kept in the message params. */
    attach?: unknown
    params?: Record<string, unknown>
    date?: Date
  }
}

export interface NormalizedInbound {
  connector: string
  lineId: number
  connectorChatId: string
  connectorUserId: string
  userCode: string
  user: { name: string; lastName: string; email: string; phone: string; avatar: string | null; url: string; gender: string }
  chatName: string | null
  externalId: string | null
  text: string
  files: InboundFile[]
  params: Record<string, unknown>
  date: Date | null
}

const MAX_TEXT = 20_000
const CONNECTOR = /^[a-z0-9_.-]{1,64}$/i
const FILE_TYPES = new Set(['image', 'video', 'audio', 'file'])

function part(field: string, value: unknown): string {
  const s = typeof value === 'number' ? String(value) : value
  if (typeof s !== 'string' || s.trim() === '' || s.length > 255 || s.includes('|')) {
    throw inboundErrors.argument(field, 'a non-empty string of at most 255 characters without "|"')
  }
  return s.trim()
}

function files(list: InboundFile[] | undefined): InboundFile[] {
  return (list ?? []).map((f, i) => {
    if (!f || typeof f.name !== 'string' || !f.name || typeof f.url !== 'string') throw inboundErrors.argument(`message.files.${i}`, 'name and url are required')
    return { ...f, type: FILE_TYPES.has(f.type) ? f.type : 'file', size: Number.isFinite(f.size) && f.size >= 0 ? Math.floor(f.size) : 0 }
  })
}

/** The customer of a channel, as USER_CODE names them. */
export type InboundCustomer = Pick<InboundMessage, 'connector' | 'lineId' | 'connectorChatId' | 'connectorUserId'>

export function customerCode(c: InboundCustomer): string {
  if (typeof c.connector !== 'string' || !CONNECTOR.test(c.connector)) throw inboundErrors.argument('connector', 'letters, digits, "_", "-" or "."')
  if (!Number.isInteger(c.lineId) || c.lineId <= 0) throw inboundErrors.argument('lineId', 'a positive integer')
  return `${c.connector}|${c.lineId}|${part('connectorChatId', c.connectorChatId)}|${part('connectorUserId', c.connectorUserId)}`
}

/** Checks what a channel handed over and builds the USER_CODE. */
export function normalizeInbound(m: InboundMessage): NormalizedInbound {
  if (typeof m.connector !== 'string' || !CONNECTOR.test(m.connector)) throw inboundErrors.argument('connector', 'letters, digits, "_", "-" or "."')
  if (!Number.isInteger(m.lineId) || m.lineId <= 0) throw inboundErrors.argument('lineId', 'a positive integer')
  const chatId = part('connectorChatId', m.connectorChatId)
  const userId = part('connectorUserId', m.connectorUserId)
  const text = typeof m.message?.text === 'string' ? m.message.text : ''
  if (text.length > MAX_TEXT) throw inboundErrors.argument('message.text', `at most ${MAX_TEXT} characters`)
  const fileList = files(m.message?.files)
  const params: Record<string, unknown> = { ...(m.message?.params ?? {}) }
  if (m.message?.attach !== undefined && m.message.attach !== null) params.ATTACH = m.message.attach
  if (text.trim() === '' && fileList.length === 0 && params.ATTACH === undefined) throw inboundErrors.messageEmpty()
  const ext = m.message.externalId
  const u = m.user ?? {}
  return {
    connector: m.connector,
    lineId: m.lineId,
    connectorChatId: chatId,
    connectorUserId: userId,
    userCode: `${m.connector}|${m.lineId}|${chatId}|${userId}`,
    user: {
      name: (u.name ?? '').trim() || 'Guest', lastName: (u.lastName ?? '').trim(), email: u.email ?? '', phone: u.phone ?? '',
      avatar: u.avatar ?? null, url: u.url ?? '', gender: u.gender === 'M' || u.gender === 'F' ? u.gender : '',
    },
    chatName: m.chatName?.trim() || null,
    externalId: ext === undefined || ext === null || ext === '' ? null : String(ext).slice(0, 255),
    text,
    files: fileList,
    params,
    date: m.message.date ?? null,
  }
}
