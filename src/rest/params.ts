import { Value } from '@sinclair/typebox/value'
import type { TypeCheck } from '@sinclair/typebox/compiler'
import type { TSchema } from '@sinclair/typebox'
import { RestError } from '../platform/errors.js'
import { systemErrors } from './system-errors.js'

export type Params = Record<string, unknown>

/** Keys that clients add for themselves and that no method reads: `auth`, `bx24_*` (SDK tracing), `_` (cache busting). */
function isTransportKey(key: string): boolean {
  if (key === '_') return true
  if (key.length === 4) return key.toLowerCase() === 'auth'
  return key.length >= 5 && key.charCodeAt(4) === 95 /* _ */ && key.slice(0, 4).toLowerCase() === 'bx24'
}

export const MAX_DEPTH = 32

/** The parameters a method sees: transport keys removed (the same object when there are none). */
export function methodParams(all: Params): Params {
  for (const k in all) if (isTransportKey(k)) return withoutTransportKeys(all)
  return all
}

function withoutTransportKeys(all: Params): Params {
  const out: Params = {}
  for (const [k, v] of Object.entries(all)) if (!isTransportKey(k)) out[k] = v
  return out
}

export function depthOf(value: unknown, limit = MAX_DEPTH): number {
  // Iterative, so a hostile body cannot exhaust the stack.
  let max = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length) {
    const [v, d] = stack.pop()!
    if (d > max) max = d
    if (max > limit) return max
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1])
  }
  return max
}

/** `start` as list methods read it: a non-negative offset, or -1 for "no total". */
export function readStart(params: Params): number {
  const raw = params.start ?? params.START
  if (raw === undefined || raw === '' || raw === null) return 0
  const n = Number(raw)
  if (n === -1) return -1
  if (!Number.isInteger(n) || n < 0) return 0
  // A start past any real list is an empty page, not a number the database cannot take.
  return Math.min(n, Number.MAX_SAFE_INTEGER)
}

const defaultsBySchema = new WeakMap<TSchema, boolean>()

/** Whether a schema declares a default anywhere; most do not, and filling them costs a walk per call. */
function hasDefaults(schema: TSchema): boolean {
  let known = defaultsBySchema.get(schema)
  if (known === undefined) {
    known = JSON.stringify(schema).includes('"default"')
    defaultsBySchema.set(schema, known)
  }
  return known
}

/**
 * Validates against the method's schema after converting what form encoding
 * loses ("5" → 5, "true" → true), and fills defaults. The first failure names its field.
 */
export function validate<T>(schema: TSchema, check: TypeCheck<TSchema>, params: Params, invalidCode?: string): T {
  if (check.Check(params)) return (hasDefaults(schema) ? Value.Default(schema, params) : params) as T
  const converted = Value.Convert(schema, Value.Default(schema, Value.Clone(params)))
  if (check.Check(converted)) return converted as T
  const first = check.Errors(converted).First()
  const field = first ? first.path.replace(/^\//, '').replace(/\//g, '.') || '(parameters)' : '(parameters)'
  const why = first ? first.message : 'invalid value'
  if (invalidCode) throw new RestError(invalidCode, `Invalid value of ${field}: ${why}`, 400)
  throw systemErrors.argument(field, why)
}
