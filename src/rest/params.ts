import { Value } from '@sinclair/typebox/value'
import type { TypeCheck } from '@sinclair/typebox/compiler'
import type { TSchema } from '@sinclair/typebox'
import { RestError } from '../platform/errors.js'
import { systemErrors } from './system-errors.js'

export type Params = Record<string, unknown>

/** Keys that clients add for themselves and that no method reads. */
const TRANSPORT_KEY = /^(auth|bx24_.*|_)$/i

export const MAX_DEPTH = 32

/** The parameters a method sees: transport keys removed. */
export function methodParams(all: Params): Params {
  const out: Params = {}
  for (const [k, v] of Object.entries(all)) if (!TRANSPORT_KEY.test(k)) out[k] = v
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

/**
 * Validates against the method's schema after converting what form encoding
 * loses ("5" → 5, "true" → true), and fills defaults. The first failure names its field.
 */
export function validate<T>(schema: TSchema, check: TypeCheck<TSchema>, params: Params, invalidCode?: string): T {
  if (check.Check(params)) return Value.Default(schema, params) as T
  const converted = Value.Convert(schema, Value.Default(schema, Value.Clone(params)))
  if (check.Check(converted)) return converted as T
  const first = check.Errors(converted).First()
  const field = first ? first.path.replace(/^\//, '').replace(/\//g, '.') || '(parameters)' : '(parameters)'
  const why = first ? first.message : 'invalid value'
  if (invalidCode) throw new RestError(invalidCode, `Invalid value of ${field}: ${why}`, 400)
  throw systemErrors.argument(field, why)
}
