import type { Logger } from 'pino'
import type { Config } from './config.js'
import type { Deps } from './deps.js'
import { createAuthService } from './auth/auth.service.js'
import { createMetrics } from './http/metrics.js'
import { createLineService, noLineEvents, type LineEvents } from './lines/index.js'
import { createQuickAnswerService, noLineChats, type MessageSource } from './quick-answers/index.js'
import { systemClock, type Clock } from './platform/clock.js'
import { cryptoIds, type Ids } from './platform/ids.js'
import { createLogger } from './platform/logger.js'
import { allMethods } from './rest/all-methods.js'
import { MethodRegistry } from './rest/registry.js'
import { openStore, type Store } from './storage/db.js'
import { migrate } from './storage/migrate.js'

export interface DepsOverrides {
  clock?: Clock
  ids?: Ids
  logger?: Logger
  store?: Store
  /** Until the events domain records them, line events go nowhere. */
  lineEvents?: LineEvents
  /** Until the dialogue domain provides chats and messages, quick.save finds no chat. */
  messageSource?: MessageSource
}

/** The one place where services are wired. Opens the store and runs migrations. */
export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const logger = overrides.logger ?? createLogger(config.logLevel)
  const clock = overrides.clock ?? systemClock
  const ids = overrides.ids ?? cryptoIds
  const store = overrides.store ?? (await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }))
  await migrate(store.db)
  const db = store.db
  const deps: Deps = {
    config,
    clock,
    ids,
    logger,
    store,
    db,
    auth: createAuthService({ db, ids, clock, publicUrl: config.publicUrl }),
    registry: new MethodRegistry(allMethods),
    metrics: createMetrics(() => store),
    lines: createLineService({ clock, events: overrides.lineEvents ?? noLineEvents }),
    quickAnswers: createQuickAnswerService({ clock, messages: overrides.messageSource ?? noLineChats }),
  }
  return deps
}
