/** The channels domain's public face: the connector API and its hooks into dialogues and lines. */
import type { Clock } from '../platform/clock.js'
import type { Dialogues } from '../sessions/index.js'
import { createConnectorMessages, type ConnectorMessages } from './connector-messages.service.js'
import { createConnectorAdmin, type ConnectorAdmin } from './connectors.service.js'

export { connectorMethods } from './connectors.methods.js'
export { withConnectorEvents, connectorLineEvents, connectorsOfDeletedLine } from './connector-events.js'
export { BUILT_IN_CONNECTORS } from './connectors.service.js'
export { raiseReadMark, appConnector } from './connectors.repo.js'
export { connectorChannels } from './connector-channels.js'

export interface ConnectorService {
  admin: ConnectorAdmin
  messages: ConnectorMessages
}

export function createConnectorService(d: { clock: Clock; dialogues: Dialogues }): ConnectorService {
  return { admin: createConnectorAdmin(d), messages: createConnectorMessages(d) }
}
