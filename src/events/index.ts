import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { EventAuthIssuer } from '../apps/index.js'
import type { EventsConfig } from '../config.js'
import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import { createPoller, type Poller } from '../platform/poller.js'
import type { Db } from '../storage/db.js'
import { deliveriesMethods } from './deliveries.methods.js'
import { pruneDelivered } from './delivery.repo.js'
import { createDeliveryWorker, type DeliveryWorker } from './delivery-worker.js'
import { eventsMethods as bitrixEventMethods } from './events.methods.js'
import { createOfflineService, type OfflineService } from './offline.service.js'

/** The interface every domain uses: record an event inside its own transaction. */
export { parseAnnouncement, wakesWorker, wakesWorkers, type Announcement } from './announcement.js'
export { announceEvents, EVENT_COMMITTED, recordEvent, withEventAuth, type RecordEventInput } from './record-event.js'
export { EVENT_CATALOGUE, eventSpec } from './event-catalogue.js'
export { outboxSql, ROW_ID_SLOT, type OutboxSql, type PlannedEvent, type PlannedOutbox } from './planned-outbox.js'
export { bindHandler, unbindOwner, forgetApp, handlersOfOwner } from './handlers.service.js'
export { checkHandlerUrl } from './handler-url.js'
export { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, verifySignature } from './payload.js'
export { createDeliveryWorker, type DeliveryWorker, type DrainResult } from './delivery-worker.js'
export { deliveryStatesOfEvent, type EventDeliveryState } from './deliveries.repo.js'
export { inspect as inspectDelivery, listForAdmin as listDeliveries, replay as replayDeliveries } from './deliveries.service.js'

export const eventsMethods = [...bitrixEventMethods, ...deliveriesMethods]

export interface EventsService {
  offline: OfflineService
  worker: DeliveryWorker
  /** Starts delivery and the retention sweep (main.ts); tests drive `worker.drainOnce()` instead. */
  start(): void
  stop(): Promise<void>
}

const SWEEP_EVERY_MS = 60_000
const FAILED_KEPT_DAYS = 30

export function createEventsService(deps: {
  db: Db
  clock: Clock
  ids: Ids
  logger: Logger
  config: EventsConfig
  auth: EventAuthIssuer
  registry?: Registry
  /** Other domains' housekeeping that runs with the retention sweep (expired tokens). */
  sweeps?: Array<() => Promise<unknown>>
  /**
   * The delivery worker's own connections: with request traffic holding every
   * connection of the main pool, the worker's claims and outcome writes would
   * wait in the pool's queue behind it, and the lag from change to delivery with them.
   */
  workerDb?: Db
}): EventsService {
  const worker = createDeliveryWorker({ ...deps, db: deps.workerDb ?? deps.db })
  const day = 24 * 3600_000
  const sweeper: Poller = createPoller({
    intervalMs: SWEEP_EVERY_MS,
    tick: async () => {
      const now = deps.clock.now().getTime()
      const removed = await deps.db.transaction().execute((tx) => pruneDelivered(tx, {
        deliveredBefore: new Date(now - deps.config.retentionDays * day),
        failedBefore: new Date(now - Math.max(FAILED_KEPT_DAYS, deps.config.retentionDays) * day),
        limit: 5000,
      }))
      for (const sweep of deps.sweeps ?? []) await sweep()
      return removed >= 5000
    },
    onError: (err) => deps.logger.error({ err }, 'event retention sweep failed'),
  })
  return {
    offline: createOfflineService(deps),
    worker,
    start() {
      if (!deps.config.worker) return
      worker.start()
      sweeper.start()
    },
    async stop() {
      await sweeper.stop()
      await worker.stop()
    },
  }
}
