import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebSocket } from '@fastify/websocket'
import type { Hub, RealtimeMessage } from './hub.js'

/**
 * Who may open a socket on a path, which channels they may join, and what
 * they see of each message. The widget (visitors) and the operator console
 * (operators) are two policies over the same hub.
 */
export interface SocketPolicy<P> {
  path: string
  authenticate(req: FastifyRequest): Promise<P | null>
  mayJoin(who: P, channel: string): Promise<boolean>
  /** What this principal receives of a message; null hides it. */
  shape(who: P, msg: RealtimeMessage): Record<string, unknown> | null | Promise<Record<string, unknown> | null>
  /** Channels joined as soon as the socket opens. */
  initial?(who: P): string[]
  /** A client frame other than subscribe/unsubscribe/ping (typing, read marks). */
  onClientMessage?(who: P, frame: Record<string, unknown>): Promise<Record<string, unknown> | null>
}

/** A console follows up to 40 open chats and 40 lines' queues, besides its own user channel. */
const MAX_CHANNELS = 100
const MAX_FRAME = 16 * 1024

/** Client frames: {"type":"subscribe"|"unsubscribe","channel":"chat:12"}, {"type":"ping"}; anything else goes to the policy. */
export function mountSocket<P>(app: FastifyInstance, hub: Hub, policy: SocketPolicy<P>): void {
  app.get(policy.path, { websocket: true }, (socket: WebSocket, req: FastifyRequest) => {
    // Frames that arrive while the credentials are checked wait in the socket's buffer.
    socket.pause()
    policy.authenticate(req).then((who) => {
      if (who === null) return socket.close(4401, 'unauthorized')
      serve(socket, who)
      socket.resume()
    }, () => socket.close(4401, 'unauthorized'))
  })

  function serve(socket: WebSocket, who: P): void {
    const joined = new Map<string, () => void>()
    const send = (frame: Record<string, unknown>) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame))
    }
    const sub = { deliver: (msg: RealtimeMessage) => {
      void Promise.resolve(policy.shape(who, msg)).then((shaped) => {
        if (shaped) send(shaped)
      }, () => {})
    } }
    const join = (channel: string) => {
      if (!joined.has(channel) && joined.size < MAX_CHANNELS) joined.set(channel, hub.subscribe(channel, sub))
    }
    for (const c of policy.initial?.(who) ?? []) join(c)
    socket.on('close', () => {
      for (const off of joined.values()) off()
      joined.clear()
    })
    socket.on('message', (raw: Buffer) => {
      void handleFrame(raw).catch(() => send({ type: 'error', error: 'INTERNAL_SERVER_ERROR' }))
    })

    async function handleFrame(raw: Buffer): Promise<void> {
      if (raw.length > MAX_FRAME) return send({ type: 'error', error: 'FRAME_TOO_LARGE' })
      let frame: Record<string, unknown>
      try {
        frame = JSON.parse(raw.toString('utf8')) as Record<string, unknown>
      } catch {
        return send({ type: 'error', error: 'BAD_FRAME' })
      }
      const channel = typeof frame.channel === 'string' ? frame.channel : ''
      if (frame.type === 'ping') return send({ type: 'pong' })
      if (frame.type === 'unsubscribe') {
        joined.get(channel)?.()
        joined.delete(channel)
        return send({ type: 'unsubscribed', channel })
      }
      if (frame.type === 'subscribe') {
        if (!channel || !(await policy.mayJoin(who, channel))) return send({ type: 'error', error: 'ACCESS_DENIED', channel })
        join(channel)
        return send({ type: 'subscribed', channel })
      }
      const answer = policy.onClientMessage ? await policy.onClientMessage(who, frame) : null
      send(answer ?? { type: 'error', error: 'UNKNOWN_FRAME' })
    }
  }
}
