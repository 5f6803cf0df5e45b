import type { RawBuilder } from 'kysely'
import type { LineConfig, LineReader } from '../sessions/line-port.js'
import type { Executor } from '../storage/db.js'
import { roomAfterOfferSql, syncQueue, type PickQuery } from './routing.repo.js'
import type { QueueStrategy, QueueType } from './strategy.js'
import { all } from './strategies/all.js'
import { evenly } from './strategies/evenly.js'
import { strictly } from './strategies/strictly.js'

export const STRATEGIES: Record<QueueType, QueueStrategy> = { evenly, strictly, all }

export interface RouteDecision {
  operatorIds: number[]
  toAll: boolean
  /** Everyone was tried already; the round starts over. */
  newRound: boolean
}

/**
 * How the queue hands out waiting dialogues of a line in as few statements as
 * possible: the choice of operator as one statement to run inside the one
 * that locks the oldest waiting dialogue, and whether there is room for more.
 */
export interface DispatchPlan {
  /** Chooses one operator who may take a dialogue now and locks their row; `user_id`. */
  pick: RawBuilder<{ user_id: number }>
  /** Given the chosen operator as a relation of `user_id`: true when the line has room for one more after this offer. */
  roomAfter(picked: RawBuilder<unknown>): RawBuilder<boolean>
}

export interface Router {
  /**
   * Who should get a dialogue of this line now, skipping `exclude` unless nobody else can; null to wait in the queue.
   * `preferred` (the customer's CRM responsible) gets it first when they are in the queue and could take one now.
   */
  decide(db: Executor, line: LineConfig, exclude: number[], preferred?: number | null): Promise<RouteDecision | null>
  /**
   * The line's dispatch plan (same choice as `decide` with nobody excluded and
   * nobody preferred), or null when its strategy offers to several at once.
   */
  dispatchPlan(db: Executor, line: LineConfig): Promise<DispatchPlan | null>
  /** Brings the routing table in line with the line's queue. */
  syncLine(db: Executor, lineId: number): Promise<void>
}

/** How long a line's routing table is taken as matching the queue this process last synced it to. */
const SYNCED_FOR_MS = 2000

export function createRouter(deps: { lines: LineReader }): Router {
  // Lines already brought in line within a transaction: a dispatch loop routes many dialogues of one line.
  const syncedIn = new WeakMap<Executor, Set<number>>()
  // The queue this process last found in the routing table, for a moment: a routing step need not read the
  // table back to learn nothing changed. Another process's change shows within SYNCED_FOR_MS, as line settings do.
  const lastSynced = new Map<number, { queue: string; until: number }>()

  async function syncLine(db: Executor, lineId: number): Promise<void> {
    const seen = syncedIn.get(db)
    if (seen?.has(lineId)) return
    const queue = await deps.lines.queueUserIds(db, lineId)
    const key = queue.join(',')
    const known = lastSynced.get(lineId)
    if (!known || known.queue !== key || known.until < performance.now()) {
      // Kept only when the table already matched (a read): a change this transaction makes may still roll back.
      if (await syncQueue(db, lineId, queue)) lastSynced.delete(lineId)
      else lastSynced.set(lineId, { queue: key, until: performance.now() + SYNCED_FOR_MS })
    }
    if (db.isTransaction) syncedIn.set(db, (seen ?? new Set()).add(lineId))
  }

  const pickQuery = (line: LineConfig, exclude: number[]): PickQuery =>
    ({ lineId: line.id, exclude, checkAvailable: line.checkAvailable, maxChat: line.maxChat, typeMaxChat: line.typeMaxChat })

  async function dispatchPlan(db: Executor, line: LineConfig): Promise<DispatchPlan | null> {
    const query = pickQuery(line, [])
    const strategy = STRATEGIES[line.queueType] ?? evenly
    const pick = strategy.pickOneSql(query)
    if (!pick || strategy.type === 'all') return null
    await syncLine(db, line.id)
    return { pick, roomAfter: (picked) => roomAfterOfferSql(query, strategy.type as 'evenly' | 'strictly', picked) }
  }

  async function decide(db: Executor, line: LineConfig, exclude: number[], preferred?: number | null): Promise<RouteDecision | null> {
    await syncLine(db, line.id)
    const strategy = STRATEGIES[line.queueType] ?? evenly
    const query = pickQuery(line, exclude)
    if (preferred && !exclude.includes(preferred) && (await strictly.pick(db, { ...query, only: preferred })).length) {
      return { operatorIds: [preferred], toAll: false, newRound: false }
    }
    const first = await strategy.pick(db, query)
    if (first.length) return { operatorIds: first, toAll: strategy.offersToAll, newRound: false }
    if (!exclude.length) return null
    const again = await strategy.pick(db, { ...query, exclude: [] })
    return again.length ? { operatorIds: again, toAll: strategy.offersToAll, newRound: true } : null
  }

  return { decide, dispatchPlan, syncLine }
}
