import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Clock } from '../platform/clock.js'
import type { Db } from '../storage/db.js'
import type { NetworkInbound } from './network-inbound.js'
import { MESSAGE_HEADER, PEER_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequest } from './network-sign.js'
import { PEER_PATHS } from './network.service.js'
import { findPeer } from './network.repo.js'

const MAX_BODY = 1024 * 1024
const MESSAGE_ID = /^[A-Za-z0-9_.:-]{8,128}$/

const header = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '')

/**
 * The server-to-server API: POST /network/v1/*, each call signed with the
 * calling peer's shared key (network-sign.ts). The raw body is what was
 * signed, so these routes read it as a string, in a scope of their own.
 */
export async function registerNetworkRoutes(app: FastifyInstance, d: { db: Db; clock: Clock; logger: Logger; inbound: NetworkInbound }): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BODY }, (_req, body, done) => done(null, body))
    for (const path of Object.values(PEER_PATHS)) {
      scope.post(path, async (req, reply) => {
        const peerId = header(req.headers[PEER_HEADER])
        const messageId = header(req.headers[MESSAGE_HEADER])
        const timestamp = Number(header(req.headers[TIMESTAMP_HEADER]))
        const raw = typeof req.body === 'string' ? req.body : ''
        const peer = peerId ? await findPeer(d.db, peerId) : undefined
        if (!peer) return reply.code(401).send({ error: 'UNKNOWN_PEER', error_description: 'This server has no peer of that id' })
        if (!MESSAGE_ID.test(messageId)) return reply.code(400).send({ error: 'MESSAGE_ID', error_description: 'The message id header is missing or malformed' })
        const failure = verifyRequest(peer.shared_key, { method: req.method, path: req.url, timestamp, messageId, body: raw },
          header(req.headers[SIGNATURE_HEADER]), Math.floor(d.clock.now().getTime() / 1000))
        if (failure) {
          d.logger.warn({ peer: peerId, failure }, 'network call refused')
          return reply.code(401).send({ error: failure === 'stale' ? 'STALE_REQUEST' : 'INVALID_SIGNATURE', error_description: 'The call is not signed with this peer\'s key within the time window' })
        }
        let body: Record<string, unknown>
        try {
          const v: unknown = JSON.parse(raw)
          if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object')
          body = v as Record<string, unknown>
        } catch {
          return reply.code(400).send({ error: 'INVALID_REQUEST', error_description: 'The body is not a JSON object' })
        }
        const answer = await d.db.transaction().execute((tx) => d.inbound.handle(tx, path, peer.id, messageId, body))
        return reply.code(answer.status).send(answer.body)
      })
    }
  })
}
