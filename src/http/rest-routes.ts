import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Credentials } from '../rest/actor.js'
import type { Dispatch } from '../rest/dispatch.js'
import type { Params } from '../rest/params.js'
import type { Metrics } from './metrics.js'
import { assertQueryParsed, readMultipart } from './body-parsers.js'
import { restConsoleCredentials } from '../console/index.js'

interface RestTarget {
  method: string
  webhook?: { userId: string; code: string }
}

function stripFormat(method: string): string {
  const dot = method.lastIndexOf('.')
  if (dot === -1) return method
  const ext = method.slice(dot + 1).toLowerCase()
  return ext === 'json' || ext === 'xml' ? method.slice(0, dot) : method
}

/** Non-empty path segments after `/rest`, decoded; null when one does not decode. Runs on every call: no regexes. */
function restSegments(url: string): string[] | null {
  const q = url.indexOf('?')
  const parts = (q === -1 ? url : url.slice(0, q)).split('/')
  const segments: string[] = []
  let sawPrefix = false
  for (const part of parts) {
    if (part === '') continue
    if (!sawPrefix) {
      sawPrefix = true
      if (part === 'rest') continue
    }
    try {
      segments.push(part.includes('%') ? decodeURIComponent(part) : part)
    } catch {
      return null
    }
  }
  return segments
}

/** `/rest/{method}[.json]` or `/rest/{userId}/{code}/{method}[.json]`, trailing slash optional. */
export function parseRestPath(url: string): RestTarget | null {
  const segments = restSegments(url)
  if (!segments) return null
  if (segments.length === 1) return { method: stripFormat(segments[0]) }
  if (segments.length === 2 && /^\d+$/.test(segments[0])) return { method: '', webhook: { userId: segments[0], code: segments[1] } }
  if (segments.length === 3) return { method: stripFormat(segments[2]), webhook: { userId: segments[0], code: segments[1] } }
  return null
}

function credentialsOf(target: RestTarget, params: Params, req: FastifyRequest, publicUrl: string): Credentials {
  if (target.webhook) return { webhook: target.webhook }
  const auth = params.auth
  if (typeof auth === 'string' && auth !== '') return { authToken: auth }
  const header = req.headers.authorization
  if (header?.startsWith('Bearer ')) return { authToken: header.slice(7).trim() }
  // The console: its cookie counts only with the CSRF header and from our own origin.
  const session = restConsoleCredentials(req, publicUrl)
  return session ? { console: session } : {}
}

/** Query and body parameters, the body's winning; only multipart needs to wait for its parts. */
function paramsOf(req: FastifyRequest): Params | Promise<Params> {
  const query = (req.query ?? {}) as Params
  assertQueryParsed(query)
  if (req.isMultipart()) return readMultipart(req, req.server.initialConfig.bodyLimit ?? 0).then((body) => ({ ...query, ...body }))
  const body = req.body as Params | undefined
  return body ? { ...query, ...body } : query
}

export function registerRestRoutes(app: FastifyInstance, dispatch: Dispatch, metrics: Metrics, publicUrl: string): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const target = parseRestPath(req.url)
    const given = paramsOf(req)
    const params = given instanceof Promise ? await given : given
    const t0 = performance.now()
    const res = await dispatch({
      method: target?.method || '(none)',
      params,
      credentials: target ? credentialsOf(target, params, req, publicUrl) : {},
    })
    metrics.observeCall(res.method ?? 'unknown', res.status, (performance.now() - t0) / 1000)
    return reply.code(res.status).send(res.body)
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
  // Set on arrival so that every answer carries it, parser errors included; a callback hook costs no promise.
  app.addHook('onRequest', (req, reply, done) => {
    if (req.url.startsWith('/rest/')) reply.header('access-control-allow-origin', '*')
    done()
  })
}
