import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'

/** Liveness, readiness (store reachable) and Prometheus metrics. */
export function registerOpsRoutes(app: FastifyInstance, deps: Deps): void {
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_req, reply) => {
    const ok = await deps.store.ping()
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'store unreachable' })
  })
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType)
    return deps.metrics.registry.metrics()
  })
}
