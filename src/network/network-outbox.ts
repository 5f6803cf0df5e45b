import type { Logger } from 'pino'
import type { NetworkConfig } from '../config.js'
import type { Clock } from '../platform/clock.js'
import { createPoller } from '../platform/poller.js'
import type { Db } from '../storage/db.js'
import { postToPeer } from './network-client.js'
import { peerUrlProblem } from './network-sign.js'
import { claimDue, findPeer, markRefused, markSent, pruneOutbox, retryLater, type OutboxRow } from './network.repo.js'

const BATCH = 32
const KEPT_MS = 7 * 24 * 3600_000
const PRUNE_EVERY_MS = 3600_000

/** Answers that say the peer will never take this message (the line is no longer published there). */
const REFUSED = new Set([404, 410, 422])

export interface NetworkOutbox {
  start(): void
  stop(): Promise<void>
  wake(): void
  /** One round: sends what is due now; the number of messages tried. Tests drive this. */
  drainOnce(): Promise<number>
}

/**
 * Sends queued messages to peers: the head of each conversation only, so a
 * peer sees one conversation's messages in order; a peer that is down or
 * answers an error is tried again with exponential backoff and jitter, with
 * no last try: a message waits until its peer takes it or refuses it.
 */
export function createNetworkOutbox(d: { db: Db; clock: Clock; logger: Logger; config: NetworkConfig; random?: () => number }): NetworkOutbox {
  const random = d.random ?? Math.random
  let prunedAt = 0

  function backoff(attempts: number): number {
    const full = Math.min(d.config.retryCapMs, d.config.retryBaseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)))
    return full / 2 + (full / 2) * random()
  }

  async function sendOne(row: OutboxRow): Promise<void> {
    const peer = await findPeer(d.db, row.peer_id)
    let error: string
    const urlProblem = peer ? peerUrlProblem(peer.base_url, d.config.allowHttp) : null
    if (!peer || urlProblem) {
      error = peer ? `peer ${row.peer_id}: ${urlProblem}` : `peer ${row.peer_id} is not configured`
    } else {
      try {
        const res = await postToPeer({ clock: d.clock, serverId: d.config.serverId, timeoutMs: d.config.timeoutMs }, peer, row.path, row.body, row.message_id)
        if (res.status >= 200 && res.status < 300) {
          await markSent(d.db, row.id, d.clock.now())
          return
        }
        error = `HTTP ${res.status} ${String(res.body?.error ?? '')}`.trim()
        if (REFUSED.has(res.status)) {
          d.logger.warn({ peer: row.peer_id, outbox: row.id, error }, 'network message refused by peer')
          await markRefused(d.db, row.id, error)
          return
        }
      } catch (err) {
        error = err instanceof Error ? err.message : String(err)
      }
    }
    const due = new Date(d.clock.now().getTime() + backoff(row.attempts))
    d.logger.info({ peer: row.peer_id, outbox: row.id, attempts: row.attempts, error, retryAt: due.toISOString() }, 'network message not delivered yet')
    await retryLater(d.db, row.id, due, error)
  }

  async function drainOnce(): Promise<number> {
    const now = d.clock.now()
    const lease = new Date(now.getTime() + d.config.timeoutMs + 5_000)
    const rows = await d.db.transaction().execute((tx) => claimDue(tx, now, lease, BATCH))
    await Promise.all(rows.map(sendOne))
    if (now.getTime() - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = now.getTime()
      await pruneOutbox(d.db, new Date(now.getTime() - KEPT_MS))
    }
    return rows.length
  }

  const poller = createPoller({
    intervalMs: d.config.pollMs,
    tick: async () => (await drainOnce()) > 0,
    onError: (err) => d.logger.error({ err }, 'network outbox round failed'),
  })
  return {
    start: () => {
      if (d.config.worker) poller.start()
    },
    stop: () => poller.stop(),
    wake: () => poller.wake(),
    drainOnce,
  }
}
