/** The network domain's public face: lines published to peer servers and joined from them (federation). */
import type { Logger } from 'pino'
import type { NetworkConfig } from '../config.js'
import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import type { Dialogues } from '../sessions/index.js'
import type { Db } from '../storage/db.js'
import { createNetworkInbound, type NetworkInbound } from './network-inbound.js'
import { createNetworkOutbox, type NetworkOutbox } from './network-outbox.js'
import { createNetworkService, type NetworkService } from './network.service.js'

export { networkMethods } from './network.methods.js'
export { withNetworkEvents } from './network-events.js'
export { createNetworkChats } from './network-inbound.js'
export { registerNetworkRoutes } from './network.routes.js'
export { signRequest, verifyRequest, PEER_HEADER, TIMESTAMP_HEADER, MESSAGE_HEADER, SIGNATURE_HEADER } from './network-sign.js'
export type { NetworkService } from './network.service.js'
export { listPeers, listPublished, outboxSummary } from './network.repo.js'

export interface Network {
  service: NetworkService
  inbound: NetworkInbound
  outbox: NetworkOutbox
}

export function createNetwork(d: { db: Db; clock: Clock; ids: Ids; logger: Logger; config: NetworkConfig; dialogues: Dialogues; random?: () => number }): Network {
  const outbox = createNetworkOutbox(d)
  const service = createNetworkService({ ...d, wake: () => outbox.wake() })
  return { service, inbound: createNetworkInbound(d), outbox }
}
