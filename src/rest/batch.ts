import { isRestError, type RestError } from '../platform/errors.js'
import type { Actor } from './actor.js'
import { substituteReferences } from './batch-refs.js'
import type { CallResponse, Dispatch } from './dispatch.js'
import { errorBody } from './envelope.js'
import type { Params } from './params.js'
import { parseQueryString } from './query-string.js'
import { systemErrors } from './system-errors.js'

/** batch.md: a single batch holds at most 50 commands. */
export const BATCH_MAX_LENGTH = 50

/** The `result` of a batch call, shaped as Bitrix24 (PHP) serialises it. */
export interface BatchResult {
  result: PhpArray
  result_error: PhpArray
  result_total: PhpArray
  result_next: PhpArray
  result_time: PhpArray
}

type PhpArray = unknown[] | Record<string, unknown>

interface Command {
  method: string
  params: Params
}

/** What the five maps collect, keyed by command key in command order. */
class Collected {
  readonly result = new Map<string, unknown>()
  readonly error = new Map<string, unknown>()
  readonly total = new Map<string, unknown>()
  readonly next = new Map<string, unknown>()
  readonly time = new Map<string, unknown>()

  record(key: string, res: CallResponse['body']): boolean {
    if ('error' in res) {
      this.error.set(key, res)
      return false
    }
    this.result.set(key, res.result)
    if (res.total !== undefined) this.total.set(key, res.total)
    if (res.next !== undefined) this.next.set(key, res.next)
    this.time.set(key, res.time)
    return true
  }

  toResult(): BatchResult {
    return {
      result: phpArray(this.result),
      result_error: phpArray(this.error),
      result_total: phpArray(this.total),
      result_next: phpArray(this.next),
      result_time: phpArray(this.time),
    }
  }
}

/**
 * PHP's json_encode writes an array as a JSON list only when its keys are
 * exactly 0, 1, 2, ... in order (an empty one included: `[]`), and as an
 * object otherwise. Clients index the maps by command key either way, so the
 * shape must match: a list batch whose second command failed has
 * `result: {"0": ..., "2": ...}` and `result_error: {"1": ...}`.
 */
export function phpArray(map: ReadonlyMap<string, unknown>): PhpArray {
  let i = 0
  let isList = true
  for (const key of map.keys()) {
    if (key !== String(i++)) {
      isList = false
      break
    }
  }
  return isList ? [...map.values()] : Object.fromEntries(map)
}

function badCommand(): RestError {
  return systemErrors.invalidRequest('A batch command is a string "method?parameters" or an object {method, params}')
}

/**
 * One command as clients send it: the documented string `method?a=1&b[c]=2`
 * (the query part decoded with PHP bracket nesting), or `{method, params}` as
 * SDKs and CRest build it. A string with nothing before `?` has no method, as in Bitrix24.
 */
export function parseCommand(raw: unknown): Command {
  if (typeof raw === 'string') {
    const q = raw.indexOf('?')
    if (q <= 0) return { method: raw.trim(), params: {} }
    return { method: raw.slice(0, q).trim(), params: parseQueryString(raw.slice(q + 1)) }
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const { method, params } = raw as { method?: unknown; params?: unknown }
    if (typeof method !== 'string') throw badCommand()
    if (params === undefined || params === null || params === '') return { method: method.trim(), params: {} }
    if (typeof params !== 'object' || Array.isArray(params)) throw badCommand()
    return { method: method.trim(), params: params as Params }
  }
  throw badCommand()
}

async function runCommand(raw: unknown, done: Collected, actor: Actor, dispatch: Dispatch): Promise<CallResponse['body']> {
  let command: Command
  try {
    command = parseCommand(raw)
  } catch (e) {
    if (isRestError(e)) return errorBody(e)
    throw e
  }
  const params = substituteReferences(command.params, done.result) as Params
  // The caller's own actor: each command is checked for scope and rights as if called alone,
  // and `auth` inside a command cannot switch identity.
  const res = await dispatch({ method: command.method, params, credentials: {}, actor, inBatch: true })
  return res.body
}

/**
 * Runs the commands in order, each through the dispatcher in its own
 * transaction. Commands past the 50th are answered with
 * ERROR_BATCH_LENGTH_EXCEEDED each, as batch.md's note says, rather than
 * failing the whole call. With `halt`, the first failing command ends the batch.
 */
export async function runBatch(
  cmd: readonly unknown[] | Readonly<Record<string, unknown>>,
  halt: boolean,
  actor: Actor,
  dispatch: Dispatch,
): Promise<BatchResult> {
  const entries: Array<[string, unknown]> = Array.isArray(cmd)
    ? cmd.map((v, i): [string, unknown] => [String(i), v])
    : Object.entries(cmd)
  const done = new Collected()
  for (let i = 0; i < entries.length; i++) {
    const [key, raw] = entries[i]
    const body = i < BATCH_MAX_LENGTH ? await runCommand(raw, done, actor, dispatch) : errorBody(systemErrors.batchLength())
    const ok = done.record(key, body)
    if (!ok && halt) break
  }
  return done.toResult()
}
