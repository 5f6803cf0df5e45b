import type { Logger } from 'pino'
import type { NetworkConfig } from '../config.js'
import { getLine, queueUserIds } from '../lines/index.js'
import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import type { Actor } from '../rest/actor.js'
import { findChat, findMessage, insertMessage, type ChatRow, type MessageRow } from '../sessions/index.js'
import type { Db, Executor } from '../storage/db.js'
import { postToPeer } from './network-client.js'
import { peerUrlProblem } from './network-sign.js'
import { networkErrors } from './network.errors.js'
import * as repo from './network.repo.js'

export const CODE_PATTERN = /^[A-Za-z0-9]{32}$/
const PEER_ID = /^[A-Za-z0-9_.-]{1,128}$/
const MIN_KEY = 32
const WEEK_MS = 7 * 24 * 3600_000

/** Paths of the server-to-server API (network.routes.ts). */
export const PEER_PATHS = { lookup: '/network/v1/lookup', customerMessage: '/network/v1/customer-message', lineMessage: '/network/v1/line-message' } as const

export interface NetworkDeps { db: Db; clock: Clock; ids: Ids; logger: Logger; config: NetworkConfig; wake: () => void }

export interface OutMessage { id: number; text: string; params: Record<string, unknown>; system: boolean; author: string }

const paramsOf = (m: MessageRow): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const key of ['ATTACH', 'KEYBOARD', 'URL_PREVIEW'] as const) if (m.params[key] !== undefined) out[key] = m.params[key]
  return out
}

/** On the publishing side a network customer's chat is `<peer id>:<peer's chat id>`. */
export function remoteOf(chat: ChatRow): { peerId: string; chatId: number } | null {
  const i = chat.connector_chat_id.indexOf(':')
  const chatId = Number(chat.connector_chat_id.slice(i + 1))
  return i > 0 && Number.isSafeInteger(chatId) && chatId > 0 ? { peerId: chat.connector_chat_id.slice(0, i), chatId } : null
}

export function createNetworkService(d: NetworkDeps) {
  const client = { clock: d.clock, serverId: d.config.serverId, timeoutMs: Math.min(d.config.timeoutMs, 5_000) }

  // ---- administration ----

  /** `byUserId` 0: the command line. */
  async function publish(tx: Executor, byUserId: number, lineId: number): Promise<repo.PublishedRow> {
    const line = await getLine(tx, lineId)
    if (!line) throw networkErrors.lineNotFound(lineId)
    const code = d.ids.uuid().replace(/-/g, '')
    return repo.insertPublished(tx, { code, line_id: lineId, created_by: byUserId, created_at: d.clock.now() })
  }

  async function unpublish(tx: Executor, lineId: number): Promise<boolean> {
    if (!(await repo.deletePublished(tx, lineId))) throw networkErrors.lineNotFound(lineId)
    return true
  }

  async function addPeer(tx: Executor, p: { id: string; url: string; key: string }): Promise<void> {
    if (!PEER_ID.test(p.id)) throw networkErrors.peerArgument('ID: 1 to 128 letters, digits, "_", "." or "-"')
    const problem = peerUrlProblem(p.url, d.config.allowHttp)
    if (problem) throw networkErrors.peerArgument(`URL: ${problem}`)
    if (p.key.length < MIN_KEY) throw networkErrors.peerArgument(`KEY: at least ${MIN_KEY} characters`)
    await repo.upsertPeer(tx, { id: p.id, baseUrl: p.url.replace(/\/+$/, ''), key: p.key }, d.clock.now())
  }

  async function removePeer(tx: Executor, id: string): Promise<boolean> {
    if (!(await repo.deletePeer(tx, id))) throw networkErrors.peerNotFound(id)
    return true
  }

  // ---- joining a peer's line ----

  /** Asks every configured peer whether it publishes the code; the first that does. */
  async function lookup(tx: Executor, code: string) {
    const peers = await repo.listPeers(tx)
    const answers = await Promise.all(peers.map(async (peer) => {
      if (peerUrlProblem(peer.base_url, d.config.allowHttp)) return null
      try {
        const res = await postToPeer(client, peer, PEER_PATHS.lookup, { code }, d.ids.uuid())
        return res.status === 200 && res.body?.found === true ? { peer, name: String(res.body.name ?? ''), active: res.body.active !== false } : null
      } catch (err) {
        d.logger.warn({ peer: peer.id, err: err instanceof Error ? err.message : String(err) }, 'network peer did not answer a lookup')
        return null
      }
    }))
    return answers.find((a) => a !== null) ?? null
  }

  /**
   * Runs outside a transaction: asking peers takes a network round trip, which
   * must not hold the store (one connection on PGlite).
   */
  async function join(actor: Actor, rawCode: unknown): Promise<number> {
    const code = typeof rawCode === 'string' ? rawCode.trim() : ''
    if (!CODE_PATTERN.test(code)) throw networkErrors.code()
    const known = await repo.joinByCode(d.db, code)
    if (known) return known.bot_id
    const found = await lookup(d.db, code)
    if (!found) throw networkErrors.notFound()
    if (!found.active) throw networkErrors.inactive()
    const name = found.name || 'Open line'
    return d.db.transaction().execute(async (tx) => {
      // Two joins of one code at once: the second finds the first one's bot.
      await repo.lockJoinCode(tx, code)
      const raced = await repo.joinByCode(tx, code)
      if (raced) return raced.bot_id
      const at = d.clock.now()
      const botId = await repo.insertNetworkBot(tx, code, name, at)
      await repo.insertJoin(tx, { code, peer_id: found.peer.id, bot_id: botId, line_name: name, joined_by: actor.userId, created_at: at })
      return botId
    })
  }

  // ---- messages out ----

  async function enqueue(tx: Executor, peerId: string, conv: string, path: string, body: unknown): Promise<void> {
    await repo.enqueue(tx, { peerId, conv, path, body, messageId: d.ids.uuid(), at: d.clock.now() })
    d.wake()
  }

  /** An operator's (or the line's) message in a network customer's chat goes to the customer's server. */
  async function forwardLineMessage(tx: Executor, chat: ChatRow, m: MessageRow): Promise<void> {
    const remote = remoteOf(chat)
    const published = await repo.publishedByLine(tx, chat.line_id)
    if (!remote || !published) {
      d.logger.warn({ chat: chat.id }, 'network chat without a published line or peer: message kept here only')
      return
    }
    const author = m.author_id > 0 ? await repo.personOf(tx, m.author_id) : undefined
    const message: OutMessage = {
      id: m.id, text: m.text, params: paramsOf(m), system: m.is_system, author: author ? `${author.name} ${author.last_name}`.trim() : '',
    }
    await enqueue(tx, remote.peerId, `line:${chat.id}`, PEER_PATHS.lineMessage, { code: published.code, chatId: remote.chatId, message })
  }

  async function forwardMessageId(tx: Executor, chatId: number, messageId: number): Promise<void> {
    const chat = await findChat(tx, chatId)
    const m = await findMessage(tx, messageId)
    if (chat && m && chat.type === 'lines') await forwardLineMessage(tx, chat, m)
  }

  /** imopenlines.network.message.add: a notice from a published line to a customer reached through the network. */
  async function messageAdd(tx: Executor, actor: Actor, p: { code: string; userId: number; text: string; params: Record<string, unknown> }): Promise<boolean> {
    const published = await repo.publishedByCode(tx, p.code)
    const line = published ? await getLine(tx, published.line_id) : null
    if (!published || !line) throw networkErrors.notFound()
    if (!actor.isAdmin && !(await queueUserIds(tx, line.id)).includes(actor.userId)) throw networkErrors.accessDenied()
    const chat = await repo.customerChat(tx, line.id, p.userId)
    if (!chat || !remoteOf(chat)) throw networkErrors.wrongRequest()
    const now = d.clock.now()
    const last = await repo.lastNotice(tx, line.id, p.userId)
    if (last && now.getTime() - last.sent_at.getTime() < WEEK_MS) throw networkErrors.userMessageLimit()
    await repo.saveNotice(tx, line.id, p.userId, now)
    const row = await insertMessage(tx, {
      chatId: chat.id, sessionId: chat.last_session_id, authorId: actor.userId, text: p.text, params: p.params, isSystem: false, toCustomer: true,
      externalId: null, uuid: d.ids.uuid(), at: now,
    })
    if (!row) throw networkErrors.wrongRequest()
    await forwardLineMessage(tx, chat, row)
    return true
  }

  return { publish, unpublish, addPeer, removePeer, join, enqueue, forwardLineMessage, forwardMessageId, messageAdd }
}

export type NetworkService = ReturnType<typeof createNetworkService>
