import type { LineReader } from './line-port.js'

/**
 * What the server uses until the lines domain is wired in: no line exists,
 * so no dialogue can start. Replaced by an adapter in container.ts then.
 */
export const NO_LINES: LineReader = {
  getLine: async () => null,
  queueUserIds: async () => [],
  roleOf: async () => null,
}
