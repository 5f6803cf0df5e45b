/** The dialogues domain's public face: chats, sessions and routing as other domains use them. */
export { createDialogues, type Dialogues, type DialoguesDeps } from './dialogues.service.js'
export type { InboundMessage, InboundFile, InboundCustomer } from './inbound.schema.js'
export type { InboundResult } from './inbound.service.js'
export type { LineConfig, LineReader, LineRole } from './line-port.js'
export type { BotPort, DialogueEvent, DialogueEvents, DialogueEventName } from './events-port.js'
export { linesFromDomain } from './lines-adapter.js'
export { lineMessages } from './messages-adapter.js'
export { outboxEvents } from './events-adapter.js'
