import { pickOperators } from '../routing.repo.js'
import type { QueueStrategy } from '../strategy.js'

/** To every operator who can take it at once; the first to answer wins. */
export const all: QueueStrategy = {
  type: 'all',
  offersToAll: true,
  pick: (db, q) => pickOperators(db, q, 'all'),
  pickOneSql: () => null,
}
