import { pickOperators, pickOperatorsSql } from '../routing.repo.js'
import type { QueueStrategy } from '../strategy.js'

/** To the operator holding the fewest dialogues; ties go to whoever got one longest ago, then queue order. */
export const evenly: QueueStrategy = {
  type: 'evenly',
  offersToAll: false,
  pick: (db, q) => pickOperators(db, q, 'evenly'),
  pickOneSql: (q) => pickOperatorsSql(q, 'evenly'),
}
