import type { RestError } from '../platform/errors.js'

/** ATTACH, KEYBOARD and MENU arrive as objects, arrays or JSON strings. */
export interface BlockRules {
  invalid: () => RestError
  oversize: () => RestError
  /** Serialized size limit in characters. */
  maxChars: number
}

export const REMOVE = Symbol('remove')

/**
 * Reads a block parameter: undefined when absent, REMOVE for "N" or an empty
 * value (im.message.update removes it then), else the parsed structure.
 */
export function readBlock(value: unknown, rules: BlockRules): unknown | typeof REMOVE | undefined {
  if (value === undefined || value === null) return undefined
  if (value === '' || value === 'N') return REMOVE
  let parsed: unknown = value
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value)
    } catch {
      throw rules.invalid()
    }
  }
  if (typeof parsed !== 'object' || parsed === null) throw rules.invalid()
  const size = JSON.stringify(parsed).length
  if (size > rules.maxChars) throw rules.oversize()
  if (Array.isArray(parsed) ? parsed.length === 0 : Object.keys(parsed).length === 0) throw rules.invalid()
  return parsed
}
