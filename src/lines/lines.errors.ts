import { RestError } from '../platform/errors.js'

/** The line methods' own error codes and their HTTP statuses (a code without a status does not compile). */
const LINE_ERRORS = {
  /** config.get/update/delete: CONFIG_ID missing or not a positive integer. */
  CONFIG_ID_EMPTY: 400,
  /** config.add/update/delete by someone who may not change lines. */
  CONFIG_WRONG_USER_PERMISSION: 403,
  /** Reading a line the caller is neither operator, supervisor nor manager of. */
  ACCESS_DENIED: 403,
  /** config.update naming a VERSION older than the stored one (beyond the docs). */
  CONFIG_VERSION_CONFLICT: 409,
  /** config.list.get: a malformed PARAMS or OPTIONS. */
  INVALID_FORMAT: 400,
} as const satisfies Record<string, number>

export type LineErrorCode = keyof typeof LINE_ERRORS

export function lineError(code: LineErrorCode, description: string): RestError {
  return new RestError(code, description, LINE_ERRORS[code])
}

export const lineErrors = {
  configIdEmpty: () => lineError('CONFIG_ID_EMPTY', "Config ID can't be empty"),
  wrongPermission: () => lineError('CONFIG_WRONG_USER_PERMISSION', 'Permission denied'),
  accessDenied: (lineId: number) => lineError('ACCESS_DENIED', `You have no access to open line ${lineId}`),
  versionConflict: (lineId: number, current: number, given: number) =>
    lineError(
      'CONFIG_VERSION_CONFLICT',
      `Open line ${lineId} was changed by someone else: version ${given} was given, the current version is ${current}. Read it again and retry.`,
    ),
  invalidFormat: (description: string) => lineError('INVALID_FORMAT', description),
}
