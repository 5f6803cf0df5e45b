import type { RawBuilder } from 'kysely'
import type { Executor } from '../storage/db.js'
import type { PickQuery } from './routing.repo.js'

export type QueueType = 'evenly' | 'strictly' | 'all'

/** One way of choosing who gets a dialogue; a line names its own (QUEUE_TYPE). */
export interface QueueStrategy {
  readonly type: QueueType
  /** Whether the dialogue is offered to everyone picked at once (first to answer wins). */
  readonly offersToAll: boolean
  /** Operators to offer a dialogue to now, best first; empty when nobody can take one. */
  pick(db: Executor, q: PickQuery): Promise<number[]>
  /**
   * The same choice as one statement to embed, for strategies that pick one
   * operator (and lock their row); null for those that offer to several.
   */
  pickOneSql(q: PickQuery): RawBuilder<{ user_id: number }> | null
}
