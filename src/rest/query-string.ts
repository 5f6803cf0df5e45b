import qs from 'qs'
import { MAX_DEPTH, type Params } from './params.js'
import { systemErrors } from './system-errors.js'

/**
 * PHP bracket nesting as Bitrix clients send it (`FIELDS[NAME]=x`, `QUEUE[0][ENTITY_ID]=1`).
 * Deeper nesting than a JSON body may have is refused rather than silently flattened.
 */
export const QS_OPTIONS: qs.IParseOptions = {
  depth: MAX_DEPTH,
  strictDepth: true,
  arrayLimit: 1000,
  parameterLimit: 10_000,
  allowPrototypes: false,
}

/** Parses a query or form string; throws INVALID_REQUEST when it nests too deep. */
export function parseQueryString(text: string): Params {
  try {
    return qs.parse(text, QS_OPTIONS) as Params
  } catch {
    throw systemErrors.invalidRequest(`Parameters nested deeper than ${MAX_DEPTH} levels`)
  }
}
