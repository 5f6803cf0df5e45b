import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isRestError } from '../platform/errors.js'
import { redactUrl } from '../platform/logger.js'
import { errorBody } from '../rest/envelope.js'
import { systemErrors } from '../rest/system-errors.js'

/**
 * Errors Fastify raises before routing (a URL that does not decode, an
 * over-long parameter). Its default body echoes the path, which may hold a
 * webhook code, so the answer is the plain envelope.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const e = err.statusCode === 414 ? systemErrors.invalidRequest('URL too long') : systemErrors.invalidRequest('Malformed URL')
  void reply.code(e.status).header('content-type', 'application/json; charset=utf-8').send(errorBody(e))
}

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
    // The path may carry a webhook code (`/rest/1/<code>/...` with an unsupported verb): never echo it.
    const e = systemErrors.methodNotFound(redactUrl(req.url.split('?')[0]))
    return reply.code(404).send(errorBody(e))
  })
}
