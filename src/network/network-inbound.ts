import { getLine } from '../lines/index.js'
import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import { RestError } from '../platform/errors.js'
import type { Dialogues } from '../sessions/index.js'
import { findChat, insertMessage, type SideChats } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { CODE_PATTERN, PEER_PATHS, type NetworkService, type OutMessage } from './network.service.js'
import * as repo from './network.repo.js'

type Obj = Record<string, unknown>

/** What a peer's call gets back: HTTP status and JSON body. */
export interface PeerReply { status: number; body: Obj }

const ok = (body: Obj = {}): PeerReply => ({ status: 200, body: { ok: true, ...body } })
const refuse = (status: number, error: string): PeerReply => ({ status, body: { error } })

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})
const str = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : typeof v === 'number' ? String(v) : '')
const posInt = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null)

/** Only the blocks a network message may carry. */
function blocksOf(v: unknown): Obj {
  const p = obj(v)
  const out: Obj = {}
  if (p.ATTACH !== undefined && p.ATTACH !== null) out.ATTACH = p.ATTACH
  if (p.KEYBOARD !== undefined && p.KEYBOARD !== null) out.KEYBOARD = p.KEYBOARD
  if (p.URL_PREVIEW === 'N') out.URL_PREVIEW = 'N'
  return out
}

/**
 * What this server does with a peer's verified call. The publishing side
 * answers lookups and takes customers' messages into the dialogue engine; the
 * joining side shows the line's messages in its users' chats.
 */
export function createNetworkInbound(d: { clock: Clock; ids: Ids; dialogues: Dialogues }) {
  async function lookup(tx: Executor, body: Obj): Promise<PeerReply> {
    const code = str(body.code, 64)
    const published = CODE_PATTERN.test(code) ? await repo.publishedByCode(tx, code) : undefined
    const line = published ? await getLine(tx, published.line_id) : null
    return line ? ok({ found: true, name: line.lineName, active: line.active }) : ok({ found: false })
  }

  async function customerMessage(tx: Executor, peerId: string, messageId: string, body: Obj): Promise<PeerReply> {
    const published = await repo.publishedByCode(tx, str(body.code, 64))
    if (!published) return refuse(404, 'NOT_FOUND')
    const chatId = posInt(body.chatId)
    const user = obj(body.user)
    const userId = posInt(user.id)
    const message = obj(body.message)
    if (!chatId || !userId) return refuse(422, 'WRONG_REQUEST')
    try {
      await d.dialogues.receiveCustomerMessageIn(tx, {
        connector: 'network', lineId: published.line_id, connectorChatId: `${peerId}:${chatId}`, connectorUserId: `${peerId}:${userId}`,
        user: { name: str(user.name, 100), lastName: str(user.lastName, 100) },
        message: { externalId: messageId, text: str(message.text, 20_000), params: blocksOf(message.params) },
      })
    } catch (err) {
      if (err instanceof RestError && err.status < 500) return refuse(err.code === 'LINE_NOT_FOUND' ? 404 : 422, err.code)
      throw err
    }
    return ok()
  }

  async function lineMessage(tx: Executor, peerId: string, body: Obj): Promise<PeerReply> {
    const join = await repo.joinByCode(tx, str(body.code, 64))
    if (!join) return refuse(404, 'NOT_FOUND')
    if (join.peer_id !== peerId) return refuse(403, 'NOT_YOUR_LINE')
    const chatId = posInt(body.chatId)
    const chat = chatId ? await findChat(tx, chatId) : undefined
    if (!chat || chat.type !== 'network' || chat.connector_chat_id !== join.code) return refuse(404, 'CHAT_NOT_FOUND')
    const m = obj(body.message) as Partial<OutMessage>
    const text = str(m.text, 20_000)
    const author = str(m.author, 200)
    // The operator's signature, as connectors show it in the channel.
    const shown = m.system || !author ? text : `[b]${author}:[/b] [br]${text}`
    await insertMessage(tx, {
      chatId: chat.id, sessionId: null, authorId: join.bot_id, text: shown, params: blocksOf(m.params), isSystem: m.system === true, toCustomer: false,
      externalId: null, uuid: d.ids.uuid(), at: d.clock.now(),
    })
    return ok()
  }

  async function handle(tx: Executor, path: string, peerId: string, messageId: string, body: Obj): Promise<PeerReply> {
    const first = await repo.firstSeen(tx, peerId, messageId, d.clock.now())
    // A lookup has no effect to repeat: a replayed one is refused; a message's retry is answered as taken.
    if (path === PEER_PATHS.lookup) return first ? lookup(tx, body) : refuse(409, 'REPLAYED')
    if (!first) return ok({ duplicate: true })
    if (path === PEER_PATHS.customerMessage) return customerMessage(tx, peerId, messageId, body)
    if (path === PEER_PATHS.lineMessage) return lineMessage(tx, peerId, body)
    return refuse(404, 'UNKNOWN_METHOD')
  }

  return { handle }
}

export type NetworkInbound = ReturnType<typeof createNetworkInbound>

/** The joining side's chats: a user's chat with a network bot, whose messages go to the publishing peer. */
export function createNetworkChats(d: { clock: Clock; ids: Ids; network: () => NetworkService }): SideChats {
  return {
    async dialogWith(tx, actor, userId) {
      const join = await repo.joinByBot(tx, userId)
      if (!join || actor.userId === join.bot_id) return null
      return repo.userChat(tx, join, actor.userId, join.line_name, d.clock.now())
    },
    async add(tx, actor, chat, m) {
      const join = chat.type === 'network' ? await repo.joinByCode(tx, chat.connector_chat_id) : undefined
      if (!join) throw new RestError('ACCESS_ERROR', 'You do not have access to the specified dialog', 403)
      const row = await insertMessage(tx, {
        chatId: chat.id, sessionId: null, authorId: actor.userId, text: m.text, params: m.params, isSystem: false, toCustomer: true,
        externalId: null, uuid: d.ids.uuid(), at: d.clock.now(),
      })
      if (!row) throw new RestError('WRONG_REQUEST', "Message isn't added", 400)
      const user = await repo.personOf(tx, actor.userId)
      await d.network().enqueue(tx, join.peer_id, `chat:${chat.id}`, PEER_PATHS.customerMessage, {
        code: join.code, chatId: chat.id, user: { id: actor.userId, name: user?.name ?? '', lastName: user?.last_name ?? '' },
        message: { id: row.id, text: m.text, params: m.params },
      })
      return row.id
    },
  }
}
