import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import multipart from '@fastify/multipart'
import type { Deps } from './deps.js'
import { registerBodyParsers, parseQuerySafely } from './http/body-parsers.js'
import { registerConsoleStatic } from './http/console-static.js'
import { frameworkErrorHandler, registerErrorHandling } from './http/errors.js'
import { registerOpsRoutes } from './http/ops-routes.js'
import { registerOAuthRoutes } from './http/oauth-routes.js'
import { registerRestRoutes } from './http/rest-routes.js'
import { requestSerializers } from './platform/logger.js'
import { createDispatcher } from './rest/dispatch.js'
import { registerRealtime } from './realtime/index.js'
import { registerWidgetRoutes } from './widget/widget-routes.js'
import { registerNetworkRoutes } from './network/index.js'
import { registerConsoleRoutes } from './console/index.js'

export interface BuiltApp {
  app: FastifyInstance
  dispatch: ReturnType<typeof createDispatcher>
}

// A random prefix per process and a counter: unique across processes behind one balancer,
// and cheaper on every call than a random UUID.
const requestIdPrefix = randomUUID().slice(0, 8)
let requestCounter = 0
const nextRequestId = () => `${requestIdPrefix}-${(++requestCounter).toString(36)}`

/** The Fastify instance with every route; does not listen. */
export async function buildApp(deps: Deps): Promise<BuiltApp> {
  const { config } = deps
  const https = config.tlsCert && config.tlsKey
    ? { key: readFileSync(config.tlsKey), cert: readFileSync(config.tlsCert) }
    : null
  const app = Fastify({
    loggerInstance: deps.logger.child({}, { serializers: requestSerializers }),
    bodyLimit: config.bodyLimitBytes,
    // One access line per request (below) instead of Fastify's two: logging is a measurable share of a small call.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, querystringParser: parseQuerySafely },
    frameworkErrors: frameworkErrorHandler,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : nextRequestId()
    },
    ...(https ? { https } : {}),
  }) as unknown as FastifyInstance
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id)
    done()
  })
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info({ req, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request')
    done()
  })
  registerBodyParsers(app)
  await app.register(multipart, { limits: { fileSize: config.bodyLimitBytes, fieldSize: config.bodyLimitBytes, files: 20, fields: 10_000 } })
  registerErrorHandling(app)
  const dispatch = createDispatcher(deps)
  registerRestRoutes(app, dispatch, deps.metrics, config.publicUrl)
  registerOpsRoutes(app, deps)
  registerOAuthRoutes(app, deps.apps.oauth, deps.console.signIn)
  registerConsoleRoutes(app, { config, sessions: deps.console.sessions, signIn: deps.console.signIn, policy: deps.console.policy })
  await registerRealtime(app, deps)
  registerWidgetRoutes(app, deps)
  await registerNetworkRoutes(app, { db: deps.db, clock: deps.clock, logger: deps.logger, inbound: deps.network.inbound })
  registerConsoleStatic(app)
  return { app, dispatch }
}
