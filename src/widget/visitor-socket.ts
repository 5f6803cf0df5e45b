import type { FastifyRequest } from 'fastify'
import type { RealtimeFeed, RealtimeMessage, SocketPolicy } from '../realtime/index.js'
import type { WidgetService } from './widget.service.js'

interface Visitor {
  visitorId: number
  chatId: number
  guestUserId: number
  lineId: number
}

/**
 * The widget's socket: a visitor hears only their own chat, shaped for them
 * (message text, time, the operator's name; no ids of users, no system notes
 * meant for operators), and may tell the operator they are typing.
 */
export function visitorSocketPolicy(widget: WidgetService, feed: RealtimeFeed, path: string): SocketPolicy<Visitor> {
  return {
    path,
    async authenticate(req: FastifyRequest) {
      const token = (req.query as Record<string, unknown>).token
      const v = typeof token === 'string' ? await widget.visitorOf(token).catch(() => null) : null
      const chat = v ? await widget.chatOf(v) : undefined
      // The chat exists once the visitor wrote; the widget opens its socket after that.
      return v && chat ? { visitorId: v.id, chatId: chat.id, guestUserId: chat.guest_user_id, lineId: v.line_id } : null
    },
    mayJoin: async (who, channel) => channel === `chat:${who.chatId}`,
    initial: (who) => [`chat:${who.chatId}`],
    async shape(who, msg: RealtimeMessage) {
      if (msg.type === 'signal') return msg.name === 'operatorTyping' ? { type: 'typing' } : msg.name === 'operatorRead' ? { type: 'read', upTo: msg.data } : null
      if (msg.name === 'ONSESSIONFINISH') return { type: 'sessionFinish' }
      if (msg.name === 'ONOPENLINEMESSAGEDELETE') return { type: 'messageDelete', id: messageIdOf(msg) }
      if (msg.name !== 'ONOPENLINEMESSAGEADD' && msg.name !== 'ONOPENLINEMESSAGEUPDATE') return null
      const message = await widget.message(who.chatId, who.guestUserId, messageIdOf(msg), hasFiles(msg))
      if (!message) return null
      return { type: msg.name === 'ONOPENLINEMESSAGEADD' ? 'message' : 'messageUpdate', message }
    },
    async onClientMessage(who, frame) {
      if (frame.type !== 'typing') return null
      // WATCH_TYPING=N: the line's operators are not shown that the customer is typing.
      if (await widget.watchesTyping(who.lineId)) await feed.signal(`chat:${who.chatId}`, 'visitorTyping', { chatId: who.chatId })
      return { type: 'ok' }
    },
  }
}

/** Whether the event names files (operator replies carry none): only then are they read. */
function hasFiles(msg: RealtimeMessage): boolean {
  type Block = { message?: { files?: unknown } }
  const first: Block = ((msg.data as { DATA?: Block[] }).DATA ?? [])[0] ?? {}
  return !Array.isArray(first.message?.files) || first.message.files.length > 0
}

function messageIdOf(msg: RealtimeMessage): number {
  type Block = { message?: { id?: unknown }; im?: { message_id?: unknown } }
  const first: Block = ((msg.data as { DATA?: Block[] }).DATA ?? [])[0] ?? {}
  return Number(first.message?.id ?? first.im?.message_id ?? 0)
}
