import type { FastifyError, FastifyInstance } from 'fastify'
import { isRestError } from '../platform/errors.js'
import { errorBody } from '../rest/envelope.js'
import { systemErrors } from '../rest/system-errors.js'

/** Whatever fails at the HTTP edge still answers with the Bitrix error envelope, never internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let rest
    if (isRestError(err)) rest = err
    else if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') rest = systemErrors.tooLarge()
    else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) rest = systemErrors.invalidRequest(err.message)
    else {
      req.log.error({ err }, 'request failed')
      rest = systemErrors.internal()
    }
    return reply.code(rest.status).send(errorBody(rest))
  })
  app.setNotFoundHandler((req, reply) => {
    const e = systemErrors.methodNotFound(req.url.split('?')[0])
    return reply.code(404).send(errorBody(e))
  })
}
