import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import multipart from '@fastify/multipart'
import type { Deps } from './deps.js'
import { registerBodyParsers, parseQueryString } from './http/body-parsers.js'
import { registerErrorHandling } from './http/errors.js'
import { registerOpsRoutes } from './http/ops-routes.js'
import { registerOAuthRoutes } from './http/oauth-routes.js'
import { registerRestRoutes } from './http/rest-routes.js'
import { requestSerializers } from './platform/logger.js'
import { createDispatcher } from './rest/dispatch.js'

export interface BuiltApp {
  app: FastifyInstance
  dispatch: ReturnType<typeof createDispatcher>
}

/** The Fastify instance with every route; does not listen. */
export async function buildApp(deps: Deps): Promise<BuiltApp> {
  const { config } = deps
  const https = config.tlsCert && config.tlsKey
    ? { key: readFileSync(config.tlsKey), cert: readFileSync(config.tlsCert) }
    : null
  const app = Fastify({
    loggerInstance: deps.logger.child({}, { serializers: requestSerializers }),
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, querystringParser: (s: string) => parseQueryString(s) },
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID()
    },
    ...(https ? { https } : {}),
  }) as unknown as FastifyInstance
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })
  registerBodyParsers(app)
  await app.register(multipart, { limits: { fileSize: config.bodyLimitBytes, files: 20, fields: 10_000 } })
  registerErrorHandling(app)
  const dispatch = createDispatcher(deps)
  registerRestRoutes(app, dispatch, deps.metrics)
  registerOpsRoutes(app, deps)
  registerOAuthRoutes(app, deps.apps.oauth)
  return { app, dispatch }
}
