import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Credentials } from '../rest/actor.js'
import type { Dispatch } from '../rest/dispatch.js'
import type { Params } from '../rest/params.js'
import type { Metrics } from './metrics.js'
import { assertQueryParsed, readMultipart } from './body-parsers.js'

interface RestTarget {
  method: string
  webhook?: { userId: string; code: string }
}

/** `/rest/{method}[.json]` or `/rest/{userId}/{code}/{method}[.json]`, trailing slash optional. */
export function parseRestPath(url: string): RestTarget | null {
  const path = url.split('?')[0]
  const segments = path.replace(/^\/rest\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  const strip = (m: string) => m.replace(/\.(json|xml)$/i, '')
  if (segments.length === 1) return { method: strip(segments[0]) }
  if (segments.length === 2 && /^\d+$/.test(segments[0])) return { method: '', webhook: { userId: segments[0], code: segments[1] } }
  if (segments.length === 3) return { method: strip(segments[2]), webhook: { userId: segments[0], code: segments[1] } }
  return null
}

function credentialsOf(target: RestTarget, params: Params, req: FastifyRequest): Credentials {
  if (target.webhook) return { webhook: target.webhook }
  const auth = params.auth
  if (typeof auth === 'string' && auth !== '') return { authToken: auth }
  const header = req.headers.authorization
  if (header?.startsWith('Bearer ')) return { authToken: header.slice(7).trim() }
  return {}
}

async function paramsOf(req: FastifyRequest): Promise<Params> {
  const query = (req.query ?? {}) as Params
  assertQueryParsed(query)
  const body = req.isMultipart() ? await readMultipart(req, req.server.initialConfig.bodyLimit ?? 0) : ((req.body ?? {}) as Params)
  return { ...query, ...body }
}

export function registerRestRoutes(app: FastifyInstance, dispatch: Dispatch, metrics: Metrics): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const target = parseRestPath(req.url)
    const params = await paramsOf(req)
    const t0 = performance.now()
    const res = await dispatch({
      method: target?.method || '(none)',
      params,
      credentials: target ? credentialsOf(target, params, req) : {},
    })
    metrics.observeCall(res.method ?? 'unknown', res.status, (performance.now() - t0) / 1000)
    return reply.code(res.status).header('content-type', 'application/json; charset=utf-8').send(res.body)
  }
  app.route({ method: ['GET', 'POST'], url: '/rest/*', handler })
  // Browser apps call from other origins, as they do Bitrix24.
  app.options('/rest/*', (_req, reply) =>
    reply
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, authorization')
      .code(204)
      .send(),
  )
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/rest/')) reply.header('access-control-allow-origin', '*')
  })
}
