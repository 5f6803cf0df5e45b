import type { Deps } from '../deps.js'
import { isRestError, RestError } from '../platform/errors.js'
import { hasAnyScope, withAuthConnector, type Actor, type Credentials } from './actor.js'
import { ListPage, scopesOf } from './define-method.js'
import { errorBody, timeBlock, type SuccessBody } from './envelope.js'
import { LeakyBucket } from './rate-limit.js'
import { OperatingMeter } from './operating.js'
import { methodParams, readStart, validate, type Params } from './params.js'
import { systemErrors } from './system-errors.js'

export interface CallRequest {
  method: string
  params: Params
  credentials: Credentials
  /** Set by batch: the caller is already authenticated and rate-limited once for the whole batch. */
  actor?: Actor
  inBatch?: boolean
}

export interface CallResponse {
  status: number
  body: SuccessBody | ReturnType<typeof errorBody>
  /** The method's canonical name when it was found, for metrics and logs. */
  method: string | null
}

export type Dispatch = (req: CallRequest) => Promise<CallResponse>

/**
 * The method layer, independent of HTTP: resolve → authenticate → scope →
 * limits → validate → run in one transaction → envelope.
 */
export function createDispatcher(deps: Deps): Dispatch {
  const bucket = new LeakyBucket(deps.config.rateLimitBurst, deps.config.rateLimitRate)
  const meter = new OperatingMeter(deps.config.operatingLimit)
  const nowSec = () => deps.clock.now().getTime() / 1000
  const limitsOperating = deps.config.operatingLimit > 0

  async function run(req: CallRequest, started: Date): Promise<CallResponse> {
    const found = deps.registry.get(req.method)
    if (!found) throw systemErrors.methodNotFound(req.method)
    const { def, check } = found
    if (req.inBatch && def.batch === false) throw systemErrors.batchMethodNotAllowed()

    const actor = withAuthConnector(req.actor ?? deps.auth.peek(req.credentials) ?? (await deps.auth.resolve(req.credentials)), req.params)
    if (!hasAnyScope(actor, scopesOf(def))) throw systemErrors.insufficientScope()
    if (def.appOnly && actor.kind !== 'app') throw systemErrors.wrongAuthType()
    if (def.access === 'admin' && !actor.isAdmin) throw systemErrors.accessDenied('Only administrators may call this method')
    if (!req.actor && !bucket.take(actor.credentialKey, deps.clock.monotonic())) throw systemErrors.queryLimit()
    const meterKey = `${actor.credentialKey}|${def.name}`
    if (limitsOperating && meter.isBlocked(meterKey, nowSec())) throw systemErrors.operationTimeLimit()

    const params = methodParams(req.params)
    const input = validate(def.input, check, params, def.invalidCode)
    const start = readStart(params)
    const t0 = deps.clock.monotonic()
    const result =
      def.transaction === false
        ? await def.handler({ input, actor, deps, tx: deps.db, start, dispatch })
        : await deps.db.transaction().execute((tx) => def.handler({ input, actor, deps, tx, start, dispatch }))
    const processing = (deps.clock.monotonic() - t0) / 1000
    // batch's own time is not counted in operating (limits.md); its commands are.
    // A basket's ten minutes run from the start of its first call (limits.md: first call at 10:05:20 → reset at 10:15:20).
    const op = def.name === 'batch' ? { operating: 0, resetAt: Math.floor(nowSec()) } : meter.record(meterKey, started.getTime() / 1000, processing)
    const time = timeBlock({ start: started, finish: deps.clock.now(), processing, operating: op.operating, operatingResetAt: op.resetAt })
    const body: SuccessBody =
      result instanceof ListPage
        ? {
            result: result.items,
            ...(result.next !== null ? { next: result.next } : {}),
            ...(result.total !== null ? { total: result.total } : {}),
            time,
          }
        : { result, time }
    return { status: 200, body, method: def.name }
  }

  const dispatch: Dispatch = async (req) => {
    const started = deps.clock.now()
    try {
      return await run(req, started)
    } catch (e) {
      const err = toRestError(e, deps, req.method)
      return { status: err.status, body: errorBody(err), method: deps.registry.get(req.method)?.def.name ?? null }
    }
  }
  return dispatch
}

function toRestError(e: unknown, deps: Deps, method: string): RestError {
  if (isRestError(e)) return e
  deps.logger.error({ err: e, method }, 'method failed')
  return systemErrors.internal()
}
