import type { Logger } from 'pino'
import type { Config } from './config.js'
import { createBotPort, createBots } from './bots/index.js'
import type { Deps } from './deps.js'
import { createAuthService } from './auth/auth.service.js'
import { createAppsService } from './apps/index.js'
import { createEventsService, EVENT_COMMITTED, wakesWorkers } from './events/index.js'
import { clearOnCredentialWrites, CredentialCache } from './auth/credential-cache.js'
import { createMetrics } from './http/metrics.js'
import { createLineService, type LineEvents } from './lines/index.js'
import { createQuickAnswerService, type MessageSource } from './quick-answers/index.js'
import { systemClock, type Clock } from './platform/clock.js'
import { cryptoIds, type Ids } from './platform/ids.js'
import { createLogger } from './platform/logger.js'
import { allMethods } from './rest/all-methods.js'
import { MethodRegistry } from './rest/registry.js'
import { openStore, type Store } from './storage/db.js'
import { migrate } from './storage/migrate.js'
import { withCommitHooks } from './storage/commit-hooks.js'
import { createDepartmentsService, createUsersService } from './users/index.js'
import { createCrmService } from './crm/index.js'
import { createCrmChats } from './crm-chats/index.js'
import { createNotifications } from './notifications/index.js'
import { createDialogues, lineMessages, linesFromDomain, outboxEvents, type DialogueEvents, type LineReader } from './sessions/index.js'
import { createTimerService } from './timers/index.js'
import { createRealtime, lineQueueSignals } from './realtime/index.js'
import { createNetwork, createNetworkChats, withNetworkEvents, type Network } from './network/index.js'
import { connectorChannels, connectorLineEvents, connectorsOfDeletedLine, createConnectorService, withConnectorEvents } from './connectors/index.js'
import { createConsoleService, type LockoutPolicy, type SessionPolicy } from './console/index.js'

export interface DepsOverrides {
  clock?: Clock
  ids?: Ids
  logger?: Logger
  store?: Store
  /** Until the events domain records them, line events go nowhere. */
  lineEvents?: LineEvents
  /** Chats and messages quick.save reads (the dialogue domain's by default). */
  messageSource?: MessageSource
  /** Tests may put lines and events of their own behind the dialogue's ports. */
  lineReader?: LineReader
  dialogueEvents?: DialogueEvents
  /** Console session lifetimes and sign-in lockout (tests shorten them). */
  consoleSessions?: SessionPolicy
  lockout?: LockoutPolicy
}

/** Claims, outcome writes and a retry's read can overlap; three connections keep them off the request pool. */
const EVENT_WORKER_CONNECTIONS = 3

/** The one place where services are wired. Opens the store and runs migrations. */
export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const logger = overrides.logger ?? createLogger(config.logLevel)
  const clock = overrides.clock ?? systemClock
  const ids = overrides.ids ?? cryptoIds
  const store = overrides.store ?? (await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }))
  await migrate(store.db)
  await store.analyze()
  const credentialCache = new CredentialCache(() => clock.monotonic())
  // Every write goes through this handle, so credential changes empty the cache wherever they are made,
  // and what a transaction announces (new outbox rows, realtime signals) goes out after its commit.
  const committed: { announce: (kind: string, values: unknown[]) => void } = { announce: () => {} }
  const db = withCommitHooks(store.db.withPlugin(clearOnCredentialWrites(credentialCache)), (kind, values) => committed.announce(kind, values))
  const metrics = createMetrics(() => store)
  const auth = createAuthService({ db, ids, clock, publicUrl: config.publicUrl, cache: credentialCache })
  const apps = createAppsService({ db, clock, ids, publicUrl: config.publicUrl, allowPrivateHandlers: config.events.allowPrivateHandlers })
  auth.addTokenResolver(apps.tokens.resolve)
  const consoleService = createConsoleService({ db, clock, ids, publicUrl: config.publicUrl, policy: overrides.consoleSessions, lockout: overrides.lockout })
  auth.addSessionResolver((token, csrf) => consoleService.sessions.actor(token, csrf))
  apps.oauth.addBrowserUserResolver(consoleService.browserUser)
  const events = createEventsService({
    db, clock, ids, logger, config: config.events, auth: apps.issuer, registry: metrics.registry, sweeps: [apps.sweepTokens, consoleService.sweep],
    workerDb: store.dedicated('event-delivery', EVENT_WORKER_CONNECTIONS),
  })
  const timers = createTimerService({ db, clock, logger })
  const crm = createCrmService({ clock })
  const crmChats = createCrmChats({ crm, clock })
  // A new outbox row wakes this process's delivery worker at once (its poll is only the fallback).
  const realtime = createRealtime({ store, logger, onEvents: () => events.worker.wake() })
  committed.announce = (kind, values) => {
    realtime.feed.announce(kind, values)
    // Rows that no handler takes (most events of a server without apps bound) leave the workers asleep.
    if (kind === EVENT_COMMITTED && wakesWorkers(values)) events.worker.wake()
  }
  const notifications = createNotifications({ clock, signal: (tx, channel, name, data) => realtime.feed.signal(channel, name, data, tx) })
  // Network lines sit on both sides of dialogues: they hear replies to network customers and own the joined lines' chats.
  const networkRef: { current: Network | null } = { current: null }
  const networkService = () => {
    if (!networkRef.current) throw new Error('network used before it was wired')
    return networkRef.current.service
  }
  const dialogues = createDialogues({
    db, clock, ids, logger, timers, lines: overrides.lineReader ?? linesFromDomain,
    events: withNetworkEvents(overrides.dialogueEvents ?? withConnectorEvents(outboxEvents), networkService),
    crm: crmChats.port, bots: createBotPort({ timers, clock }), sideChats: createNetworkChats({ clock, ids, network: networkService }),
    notices: notifications,
    channels: connectorChannels((tx, channel, name, data) => realtime.feed.signalAtCommit(tx, channel, name, data)),
    queueSignals: lineQueueSignals(realtime.feed),
  })
  const network = createNetwork({ db, clock, ids, logger, config: config.network, dialogues })
  networkRef.current = network
  const deps: Deps = {
    config,
    clock,
    ids,
    logger,
    store,
    db,
    auth,
    registry: new MethodRegistry(allMethods),
    metrics,
    apps,
    events,
    users: createUsersService({ clock }),
    departments: createDepartmentsService(),
    crm,
    crmChats: crmChats.api,
    lines: createLineService({ clock, events: overrides.lineEvents ?? connectorLineEvents }),
    quickAnswers: createQuickAnswerService({ clock, messages: overrides.messageSource ?? lineMessages }),
    timers,
    dialogues,
    connectors: createConnectorService({ clock, dialogues }),
    realtime,
    network,
    notifications,
    bots: createBots({ clock, apps, dialogues, timers, allowPrivateHandlers: config.events.allowPrivateHandlers }),
    console: consoleService,
  }
  deps.lines.onLineDeleting((tx, lineId) => dialogues.closeLine(tx, lineId))
  deps.lines.onLineDeleting(connectorsOfDeletedLine)
  return deps
}
