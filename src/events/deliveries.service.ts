import { toBitrixDate } from '../platform/dates.js'
import type { Actor } from '../rest/actor.js'
import { systemErrors } from '../rest/system-errors.js'
import { pageRequest, toPage } from '../rest/paging.js'
import type { ListPage } from '../rest/define-method.js'
import type { Executor } from '../storage/db.js'
import { attemptsOf, countDeliveries, findDelivery, listDeliveries, replayDeliveries, type DeliveryFilter } from './deliveries.repo.js'
import { eventErrors } from './events.errors.js'

/**
 * What administrators see of deliveries (REST and command line): list and
 * inspect them with every attempt, and replay the parked ones.
 */
export function requireOperator(actor: Actor): void {
  if (actor.kind === 'app') throw eventErrors.notForApps()
  if (!actor.isAdmin) throw systemErrors.accessDenied('Only administrators may manage event deliveries')
}

const date = (d: Date | null) => (d ? toBitrixDate(d) : null)

type Row = Awaited<ReturnType<typeof listDeliveries>>[number]

function shape(r: Row): Record<string, unknown> {
  return {
    ID: r.id,
    EVENT_ID: r.event_id,
    EVENT: r.event_name,
    CHAT_ID: r.chat_id,
    APP_ID: r.app_id,
    HANDLER_ID: r.handler_id,
    URL: r.url,
    STATE: r.state,
    ATTEMPTS: r.attempts,
    LAST_STATUS: r.last_status,
    LAST_ERROR: r.last_error,
    NEXT_ATTEMPT: r.state === 'pending' ? date(r.due_at) : null,
    DATE_CREATE: date(r.created_at),
    DATE_FINISH: date(r.finished_at),
  }
}

export async function listForAdmin(tx: Executor, filter: DeliveryFilter, start: number): Promise<ListPage<Record<string, unknown>>> {
  const page = pageRequest(start)
  const rows = await listDeliveries(tx, filter, page)
  const total = page.withTotal ? await countDeliveries(tx, filter) : null
  return toPage(rows.map(shape), total, page)
}

/** One delivery with its event's data and every attempt (tokens are minted per attempt and never stored). */
export async function inspect(tx: Executor, id: number): Promise<Record<string, unknown>> {
  const row = await findDelivery(tx, id)
  if (!row) throw eventErrors.deliveryNotFound(id)
  const attempts = await attemptsOf(tx, id)
  return {
    ...shape(row),
    AUTH_USER_ID: row.auth_user_id,
    DATA: JSON.parse(row.data) as unknown,
    ATTEMPT_LIST: attempts.map((a) => ({
      ATTEMPT: a.attempt,
      DATE: toBitrixDate(a.started_at),
      DURATION_MS: a.duration_ms,
      STATUS: a.status_code,
      ERROR: a.error,
      RESPONSE: a.response,
    })),
  }
}

export function replay(tx: Executor, sel: { ids?: number[]; appId?: number }): Promise<number> {
  return replayDeliveries(tx, sel)
}
