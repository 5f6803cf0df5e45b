import type { Logger } from 'pino'
import type { Clock } from '../platform/clock.js'
import type { Db, Executor } from '../storage/db.js'
import { claimTimer, deleteTimers, dueTimers, upsertTimer, type TimerRow } from './timers.repo.js'

export interface DueTimer {
  id: number
  kind: string
  subjectId: number
  dueAt: Date
  payload: Record<string, unknown>
}

export interface TimerHandler {
  /**
   * Locks what the handler will change before the timer row is claimed, so a
   * timer and a request touching the same dialogue take their locks in one order.
   */
  lock?(tx: Executor, timer: DueTimer): Promise<void>
  run(tx: Executor, timer: DueTimer, now: Date): Promise<void>
}

export interface TimerService {
  register(kind: string, handler: TimerHandler): void
  /** Work the worker also does on every poll (e.g. handing out waiting dialogues). */
  addPeriodic(job: (now: Date) => Promise<void>): void
  set(tx: Executor, kind: string, subjectId: number, dueAt: Date, payload?: Record<string, unknown>): Promise<void>
  cancel(tx: Executor, kinds: string[], subjectId: number): Promise<void>
  /** Fires every timer due at `now`, each in its own transaction; returns how many fired. */
  runDueTimers(now?: Date, limit?: number): Promise<number>
  start(intervalMs?: number): void
  stop(): Promise<void>
}

const MAX_ATTEMPTS = 5
const RETRY_SECONDS = 60

function toDue(r: TimerRow): DueTimer {
  return { id: r.id, kind: r.kind, subjectId: r.subject_id, dueAt: r.due_at, payload: r.payload }
}

export function createTimerService(deps: { db: Db; clock: Clock; logger: Logger }): TimerService {
  const handlers = new Map<string, TimerHandler>()
  const periodic: Array<(now: Date) => Promise<void>> = []
  let loop: ReturnType<typeof setTimeout> | null = null
  let running: Promise<unknown> | null = null
  let stopped = true

  async function fire(row: TimerRow, now: Date): Promise<boolean> {
    const handler = handlers.get(row.kind)
    const timer = toDue(row)
    try {
      return await deps.db.transaction().execute(async (tx) => {
        await handler?.lock?.(tx, timer)
        const claimed = await claimTimer(tx, row.id, now)
        if (!claimed) return false
        if (handler) await handler.run(tx, toDue(claimed), now)
        else deps.logger.warn({ kind: row.kind }, 'timer of unknown kind dropped')
        return true
      })
    } catch (err) {
      await retryLater(row, now, err)
      return false
    }
  }

  async function retryLater(row: TimerRow, now: Date, err: unknown): Promise<void> {
    const attempts = Number(row.payload._attempts ?? 0) + 1
    deps.logger.error({ err, kind: row.kind, subjectId: row.subject_id, attempts }, 'timer failed')
    await deps.db.transaction().execute(async (tx) => {
      if (attempts >= MAX_ATTEMPTS) return deleteTimers(tx, [row.kind], row.subject_id)
      const dueAt = new Date(now.getTime() + RETRY_SECONDS * 1000 * attempts)
      await upsertTimer(tx, { kind: row.kind, subjectId: row.subject_id, dueAt, payload: { ...row.payload, _attempts: attempts }, at: now })
    })
  }

  async function runDueTimers(now = deps.clock.now(), limit = 200): Promise<number> {
    let fired = 0
    for (;;) {
      const due = await dueTimers(deps.db, now, limit)
      let progressed = 0
      for (const row of due) if (await fire(row, now)) progressed++
      fired += progressed
      // Timers set while firing (a hand-over re-arms the queue timer) wait for the next poll.
      if (due.length < limit || progressed === 0) return fired
    }
  }

  async function poll(): Promise<void> {
    const now = deps.clock.now()
    await runDueTimers(now)
    for (const job of periodic) await job(now)
  }

  function schedule(intervalMs: number): void {
    if (stopped) return
    loop = setTimeout(() => {
      running = poll()
        .catch((err: unknown) => deps.logger.error({ err }, 'timer poll failed'))
        .finally(() => {
          running = null
          schedule(intervalMs)
        })
    }, intervalMs)
  }

  return {
    register: (kind, handler) => void handlers.set(kind, handler),
    addPeriodic: (job) => void periodic.push(job),
    set: (tx, kind, subjectId, dueAt, payload = {}) => upsertTimer(tx, { kind, subjectId, dueAt, payload, at: deps.clock.now() }),
    cancel: (tx, kinds, subjectId) => deleteTimers(tx, kinds, subjectId),
    runDueTimers,
    start(intervalMs = 1000) {
      if (!stopped) return
      stopped = false
      schedule(intervalMs)
    },
    async stop() {
      stopped = true
      if (loop) clearTimeout(loop)
      loop = null
      if (running) await running
    },
  }
}
