/** The realtime domain's public face: one hub per process, fed by committed changes, and sockets over it. */
import websocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Deps } from '../deps.js'
import type { Store } from '../storage/db.js'
import { createRealtimeFeed, type RealtimeFeed } from './feed.js'
import { createHub, type Hub } from './hub.js'
import { operatorSocketPolicy } from './operator-socket.js'
import { mountSocket } from './socket.js'

export type { Hub, RealtimeMessage, Subscriber } from './hub.js'
export type { RealtimeFeed } from './feed.js'
export { mountSocket, type SocketPolicy } from './socket.js'
export { lineChannel, lineQueueSignals, LINE_DIALOGUE_SIGNAL, type LineDialogueSignal } from './line-channel.js'

export interface Realtime {
  hub: Hub
  feed: RealtimeFeed
}

export function createRealtime(d: { store: Store; logger: Logger; onEvents?: () => void }): Realtime {
  const hub = createHub()
  return { hub, feed: createRealtimeFeed({ store: d.store, hub, logger: d.logger, onEvents: d.onEvents }) }
}

/** The websocket plugin, the operator socket, and the feed's LISTEN for the app's lifetime. */
export async function registerRealtime(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } })
  mountSocket(app, deps.realtime.hub, operatorSocketPolicy(deps))
  await deps.realtime.feed.start()
  app.addHook('onClose', async () => deps.realtime.feed.stop())
}
