import { RestError } from '../platform/errors.js'

/** Errors any method may answer (`_includes/system-errors.md`), with the statuses Bitrix24 uses. */
export const systemErrors = {
  methodNotFound: (name: string) => new RestError('ERROR_METHOD_NOT_FOUND', `Method not found: ${name}`, 404),
  noAuth: () => new RestError('NO_AUTH_FOUND', 'Wrong authorization data', 401),
  expiredToken: () => new RestError('expired_token', 'The access token provided has expired', 401),
  invalidToken: () => new RestError('invalid_token', 'The access token provided is invalid', 401),
  invalidCredentials: () => new RestError('INVALID_CREDENTIALS', 'Invalid request credentials', 403),
  insufficientScope: () =>
    new RestError('insufficient_scope', 'The request requires higher privileges than provided by the webhook token', 403),
  wrongAuthType: () => new RestError('WRONG_AUTH_TYPE', 'Current authorization type is denied for this method', 403),
  accessDenied: (why = 'Access denied') => new RestError('ACCESS_DENIED', why, 403),
  queryLimit: () => new RestError('QUERY_LIMIT_EXCEEDED', 'Too many requests', 503),
  operationTimeLimit: () => new RestError('OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.', 429),
  batchLength: () => new RestError('ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded', 400),
  batchMethodNotAllowed: () => new RestError('ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage', 405),
  internal: () => new RestError('INTERNAL_SERVER_ERROR', 'Internal server error', 500),
  invalidRequest: (why: string) => new RestError('INVALID_REQUEST', why, 400),
  tooLarge: () => new RestError('REQUEST_TOO_LARGE', 'Request body is too large', 413),
  argument: (field: string, why: string) => new RestError('ERROR_ARGUMENT', `Argument "${field}": ${why}`, 400),
} as const
