import { pickOperators, pickOperatorsSql } from '../routing.repo.js'
import type { QueueStrategy } from '../strategy.js'

/** To the first operator in queue order who can take it. */
export const strictly: QueueStrategy = {
  type: 'strictly',
  offersToAll: false,
  pick: (db, q) => pickOperators(db, q, 'strictly'),
  pickOneSql: (q) => pickOperatorsSql(q, 'strictly'),
}
