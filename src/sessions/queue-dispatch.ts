import type { Logger } from 'pino'
import type { Clock } from '../platform/clock.js'
import { linesOfOperator, linesWithWaiting } from '../routing/routing.repo.js'
import type { Db, Executor } from '../storage/db.js'
import type { Engine, Op } from './engine.js'
import type { RouteDecision, Router } from '../routing/router.js'
import type { LineReader } from './line-port.js'
import type { ChatRow } from '../chats/chats.repo.js'
import { lockOldestWaiting, lockOldestWaitingWithOperator, type SessionRecord } from './sessions.repo.js'

/** How many waiting dialogues one operation hands out per line, to keep transactions short. */
const BATCH = 20

/**
 * Hands waiting dialogues out oldest first as soon as an operator has room:
 * after any operation that freed an operator, when one comes online, and on
 * the worker's periodic sweep (for queue changes made elsewhere).
 */
export function createQueueDispatch(d: { db: Db; clock: Clock; logger: Logger; engine: Engine; router: Router; lines: LineReader }) {
  async function dispatchLine(op: Op, lineId: number, budget = BATCH): Promise<number> {
    const line = await d.lines.getLine(op.tx, lineId)
    if (!line) return 0
    const plan = await d.router.dispatchPlan(op.tx, line)
    let offered = 0
    for (let i = 0; i < budget; i++) {
      let waiting: { chat: ChatRow; rec: SessionRecord } | null
      let decision: RouteDecision | null
      let more = true
      if (plan) {
        // One statement: who has room (their row locked), then the oldest waiting dialogue nobody else is working on.
        const found = await lockOldestWaitingWithOperator(op.tx, lineId, plan)
        if (!found) break
        waiting = found
        decision = { operatorIds: [found.operatorId], toAll: false, newRound: false }
        more = found.more
      } else {
        // First whether anyone has room (cheap), then which dialogue: oldest first, skipping chats in use.
        decision = await d.router.decide(op.tx, line, [])
        if (!decision) break
        waiting = await lockOldestWaiting(op.tx, lineId)
        if (!waiting) break
      }
      const { chat, rec } = waiting
      if (rec.state.status !== 'waiting' || rec.state.lineId !== lineId) continue
      const live = await d.engine.route(op, { chat, line, rec }, [], decision)
      if (live.rec.state.status === 'waiting') break
      offered++
      if (!more) break
    }
    return offered
  }

  async function flush(op: Op): Promise<void> {
    for (let round = 0; round < 3 && op.freed.size; round++) {
      const operators = [...op.freed]
      op.freed.clear()
      const lines = new Set<number>()
      for (const id of operators) for (const line of await linesOfOperator(op.tx, id)) lines.add(line)
      for (const line of [...lines].sort((a, b) => a - b)) await dispatchLine(op, line)
    }
  }

  /** Runs `body` as one operation in `tx`, then gives freed operators their next dialogues. */
  async function run<T>(tx: Executor, body: (op: Op) => Promise<T>, now = d.clock.now()): Promise<T> {
    const op: Op = { tx, now, freed: new Set() }
    const out = await body(op)
    await flush(op)
    return out
  }

  /** Periodic: every line with waiting dialogues gets a chance, each in its own transaction. */
  async function sweep(now: Date): Promise<void> {
    for (const lineId of await linesWithWaiting(d.db, 100)) {
      try {
        await d.db.transaction().execute((tx) => dispatchLine({ tx, now, freed: new Set() }, lineId, 100))
      } catch (err) {
        d.logger.error({ err, lineId }, 'queue sweep failed')
      }
    }
  }

  return { run, flush, dispatchLine, sweep }
}

export type QueueDispatch = ReturnType<typeof createQueueDispatch>
