import { toBitrixDate } from '../platform/dates.js'
import type { RestError } from '../platform/errors.js'

export interface CallTiming {
  start: Date
  finish: Date
  /** Seconds spent in the handler (time.processing). */
  processing: number
  operating: number
  operatingResetAt: number
}

export function timeBlock(t: CallTiming) {
  const start = t.start.getTime() / 1000
  const finish = t.finish.getTime() / 1000
  return {
    start,
    finish,
    duration: finish - start,
    processing: t.processing,
    date_start: toBitrixDate(t.start),
    date_finish: toBitrixDate(t.finish),
    operating_reset_at: t.operatingResetAt,
    operating: t.operating,
  }
}

export interface SuccessBody {
  result: unknown
  next?: number
  total?: number
  time: ReturnType<typeof timeBlock>
}

export function errorBody(e: RestError) {
  return { error: e.code, error_description: e.description, ...e.extra }
}
