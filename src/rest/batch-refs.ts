/**
 * `$result[key][field]...` references in batch commands (batch.md): a
 * parameter value that names an earlier command's result gets that value.
 *
 * References are resolved in the parsed parameter values, not in the raw
 * command string. Both spellings clients send then work alike: the docs' plain
 * `ID=$result[get_user][ID]` and the SDKs' URL-encoded
 * `ID=%24result%5Bget_user%5D%5BID%5D` (b24jssdk and @2bad/bitrix build
 * commands with `qs.stringify`). It also means a substituted value can never
 * smuggle extra parameters into the command through `&` or `=`.
 *
 * The docs name only the `$result` form, so `$result_error`, `$result_total`
 * and the like are not references here and stay plain text.
 */

const REFERENCE = /\$result((?:\[[^[\]]*\])+)/g
const SEGMENT = /\[([^[\]]*)\]/g
const UNRESOLVED = Symbol('unresolved')

/** Earlier successful results by command key. */
export type ResultLookup = ReadonlyMap<string, unknown>

function walk(results: ResultLookup, segments: string[]): unknown {
  const [key, ...path] = segments
  if (!results.has(key)) return UNRESOLVED
  let value = results.get(key)
  for (const seg of path) {
    if (Array.isArray(value)) {
      const i = Number(seg)
      if (seg === '' || !Number.isInteger(i) || i < 0 || i >= value.length) return UNRESOLVED
      value = value[i]
    } else if (value !== null && typeof value === 'object' && Object.hasOwn(value, seg)) {
      value = (value as Record<string, unknown>)[seg]
    } else {
      return UNRESOLVED
    }
  }
  return value
}

function segmentsOf(brackets: string): string[] {
  return [...brackets.matchAll(SEGMENT)].map((m) => m[1])
}

/** How PHP writes a scalar into a string; arrays and objects cannot be embedded. */
function asText(value: unknown): string | typeof UNRESOLVED {
  if (value === null || value === false) return ''
  if (value === true) return '1'
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  return UNRESOLVED
}

/**
 * A value that is exactly one reference becomes the referenced value itself
 * (a number stays a number, a list stays a list); references inside longer
 * text are replaced by their text. A reference that does not resolve (unknown
 * key, failed command, missing field) is left as written, so the method's own
 * validation names the parameter instead of receiving a silent blank.
 */
function substituteString(text: string, results: ResultLookup): unknown {
  if (!text.includes('$result[')) return text
  const whole = /^\$result((?:\[[^[\]]*\])+)$/.exec(text)
  if (whole) {
    const value = walk(results, segmentsOf(whole[1]))
    return value === UNRESOLVED ? text : value
  }
  return text.replace(REFERENCE, (match, brackets: string) => {
    const value = walk(results, segmentsOf(brackets))
    const shown = value === UNRESOLVED ? UNRESOLVED : asText(value)
    return shown === UNRESOLVED ? match : shown
  })
}

/** A copy of `value` with every reference in its strings resolved; the input is not changed. */
export function substituteReferences(value: unknown, results: ResultLookup): unknown {
  if (typeof value === 'string') return substituteString(value, results)
  if (Array.isArray(value)) return value.map((v) => substituteReferences(v, results))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (k !== '__proto__') out[k] = substituteReferences(v, results)
    return out
  }
  return value
}
