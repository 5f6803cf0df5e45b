import { RestError } from '../platform/errors.js'

/** Errors of the app methods, worded as their pages (api-reference/common/settings/*) give them. */
export const appErrors = {
  appContextRequired: () => new RestError('AccessException', 'Application context required', 400),
  adminRequired: () => new RestError('AccessException', 'Administrator authorization required', 400),
  userRequired: () => new RestError('AccessException', 'User authorization required', 400),
  optionsEmpty: () => new RestError('ArgumentNullException', 'options is empty', 400),
  optionTooLarge: (name: string) => new RestError('ERROR_ARGUMENT', `Option "${name}" is longer than 65536 characters`, 400),
  optionName: () => new RestError('ERROR_ARGUMENT', 'Option names are 1 to 128 characters long', 400),
  appNotFound: (id: number) => new RestError('ERROR_NOT_FOUND', `Application ${id} not found`, 404),
  appRevoked: (id: number) => new RestError('ERROR_APP_UNINSTALLED', `Application ${id} is uninstalled`, 400),
  badUrl: (field: string, why: string) => new RestError('ERROR_ARGUMENT', `${field}: ${why}`, 400),
  badScope: (why: string) => new RestError('ERROR_ARGUMENT', `SCOPE: ${why}`, 400),
  badVersion: (current: number) => new RestError('ERROR_ARGUMENT', `VERSION must be an integer greater than the current ${current}`, 400),
  notForApps: () => new RestError('WRONG_AUTH_TYPE', 'Applications are managed with an administrator webhook or the command line', 403),
} as const

/** Answers of the authorization server (settings/oauth/error-codes.md): `{error, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly code: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope',
    readonly description: string,
    readonly status = code === 'invalid_client' ? 401 : 400,
  ) {
    super(`${code}: ${description}`)
    this.name = 'OAuthError'
  }
}
