import type { DialogueEvents } from './events-port.js'
import type { LineReader } from './line-port.js'

/**
 * What the server uses until the lines and events domains are wired in:
 * no line exists (so no dialogue can start), and events have no outbox to
 * go to. Both are replaced by adapters in container.ts when those land.
 */
export const NO_LINES: LineReader = {
  getLine: async () => null,
  queueUserIds: async () => [],
  roleOf: async () => null,
}

export const UNDELIVERED_EVENTS: DialogueEvents = {
  record: async () => {},
}
