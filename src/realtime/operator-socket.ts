import type { FastifyRequest } from 'fastify'
import { findChat, findMember, isSilentMember } from '../chats/chats.repo.js'
import { consoleCredentials } from '../console/index.js'
import type { Deps } from '../deps.js'
import { lineAccess } from '../lines/index.js'
import type { Actor } from '../rest/actor.js'
import type { RealtimeMessage } from './hub.js'
import { LINE_CHANNEL } from './line-channel.js'
import type { SocketPolicy } from './socket.js'

/** What an operator's console hears: the dialogue events of chats they may see. */
const OPERATOR_EVENTS = new Set(['ONSESSIONSTART', 'ONSESSIONFINISH', 'ONOPENLINEMESSAGEADD', 'ONOPENLINEMESSAGEUPDATE', 'ONOPENLINEMESSAGEDELETE'])

/**
 * The operator console's socket, `/realtime/operator`: the same credentials as
 * REST (`?auth=<access token>`, `?webhook=<user id>/<code>`, or the console's cookie
 * with `?csrf=<its CSRF token>` from a page of our own origin), the same rights
 * (a member of the chat, or allowed to see all of the line's dialogues).
 */
export function operatorSocketPolicy(deps: Deps): SocketPolicy<Actor> {
  // What each socket's actor may see of the lines it joined, decided when it joined (the actor is per socket).
  const seesAll = new WeakMap<Actor, Map<number, boolean>>()
  return {
    path: '/realtime/operator',
    async authenticate(req: FastifyRequest) {
      const q = req.query as Record<string, unknown>
      if (typeof q.auth === 'string' && q.auth) return deps.auth.resolve({ authToken: q.auth })
      if (q.csrf !== undefined) {
        const session = consoleCredentials(req, deps.config.publicUrl, q.csrf, true)
        return session ? deps.auth.resolve({ console: session }) : null
      }
      const hook = typeof q.webhook === 'string' ? /^(\d+)\/([\w]+)$/.exec(q.webhook) : null
      return hook ? deps.auth.resolve({ webhook: { userId: hook[1], code: hook[2] } }) : null
    },
    async mayJoin(actor, channel) {
      if (channel === `user:${actor.userId}`) return true
      const line = LINE_CHANNEL.exec(channel)
      if (line) return joinLine(actor, Number(line[1]))
      const m = /^chat:(\d+)$/.exec(channel)
      if (!m) return false
      const chat = await findChat(deps.db, Number(m[1]))
      if (!chat) return false
      if (await findMember(deps.db, chat.id, actor.userId)) return true
      return (await lineAccess(deps.db, actor, chat.line_id)).can('viewAllDialogues')
    },
    shape(actor, msg: RealtimeMessage) {
      const line = LINE_CHANNEL.exec(msg.channel)
      if (line) return lineSignal(actor, Number(line[1]), msg)
      if (msg.type === 'signal') return { type: 'signal', channel: msg.channel, name: msg.name, data: msg.data }
      return OPERATOR_EVENTS.has(msg.name) ? { type: 'event', channel: msg.channel, id: msg.id, event: msg.name, data: msg.data } : null
    },
    initial: (actor) => [`user:${actor.userId}`],
    // The console tells the visitor that the operator is typing, or has read up to a message.
    async onClientMessage(actor, frame) {
      const channel = `chat:${Number(frame.chatId) || 0}`
      if (frame.type !== 'typing' && frame.type !== 'read') return null
      if (!(await this.mayJoin(actor, channel))) return { type: 'error', error: 'ACCESS_DENIED', channel }
      // Someone who joined silently is not shown to the customer: neither typing nor reading.
      if (await isSilentMember(deps.db, Number(frame.chatId) || 0, actor.userId)) return { type: 'ok' }
      if (frame.type === 'typing') await deps.realtime.feed.signal(channel, 'operatorTyping', { userId: actor.userId })
      else await deps.realtime.feed.signal(channel, 'operatorRead', Number(frame.upTo) || 0)
      return { type: 'ok' }
    },
  }

  /** A line's queue channel: for whoever may work the line's dialogues (its operators, supervisors, managers, admins). */
  async function joinLine(actor: Actor, lineId: number): Promise<boolean> {
    const access = await lineAccess(deps.db, actor, lineId)
    if (!access.can('workDialogues')) return false
    let lines = seesAll.get(actor)
    if (!lines) seesAll.set(actor, (lines = new Map()))
    lines.set(lineId, access.can('viewAllDialogues'))
    return true
  }

  /**
   * Those who see all of the line's dialogues hear which one changed and how; an operator only
   * that the line's queue changed (they re-read their own list), not other operators' dialogues.
   */
  function lineSignal(actor: Actor, lineId: number, msg: RealtimeMessage): Record<string, unknown> | null {
    if (msg.type !== 'signal') return null
    const all = seesAll.get(actor)?.get(lineId)
    if (all === undefined) return null
    return { type: 'signal', channel: msg.channel, name: msg.name, data: all ? msg.data : { LINE_ID: lineId } }
  }
}
