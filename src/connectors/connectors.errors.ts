import { RestError } from '../platform/errors.js'

/** Errors of the imconnector.* pages, worded as there; every one is HTTP 400 on its page. */
export const connectorErrors = {
  empty: (name: string) => new RestError('ERROR_ARGUMENT', `Argument '${name}' is null or empty`, 400),
  notArray: (name: string) => new RestError('ERROR_ARGUMENT', `The value of an argument '${name}' must be of type array`, 400),
  notMessages: () => new RestError('ERROR_ARGUMENT', 'The MESSAGES parameter must be an array of messages (arrays)', 400),
  structure: () => new RestError('ERROR_ARGUMENT', 'The incorrect structure of a message inside MESSAGES parameter', 400),
  notActiveLine: () => new RestError('NOT_ACTIVE_LINE', 'The line with this ID is inactive or does not exist', 400),
  noProvider: () => new RestError('IMCONNECTOR_NO_CORRECT_PROVIDER', 'Unable to find a suitable provider for the connector', 400),
  renameFailed: () => new RestError('CHAT_RENAMING_FAILED', 'Failed to rename the chat', 400),
  accessDenied: () => new RestError('ACCESS_DENIED', "You don't have access to this action", 400),
} as const

/**
 * register and unregister answer their own errors inside `result` with HTTP
 * 200 (imconnector-register.md): `{result: false, error, error_description}`.
 */
export const registerErrors = {
  point: 'Application registration error. Using a dot in the connector identifier is not allowed',
  CONNECTOR_ID_REQUIRED: 'Connector ID is not specified',
  NAME_REQUIRED: 'Connector name is not specified',
  ICON_REQUIRED: 'Connector icon is not specified',
  NO_APPLICATION_ID: 'Failed to get application ID',
  NO_PLACEMENT_HANDLER: 'Failed to get embedding handler URL',
  APPLICATION_REGISTRATION_ERROR: 'Application registration error',
  GENERAL_CONNECTOR_REGISTRATION_ERROR: 'General connector registration error',
  APPLICATION_UNREGISTRATION_ERROR: 'Error unregistering the application',
} as const

export type RegisterErrorCode = Exclude<keyof typeof registerErrors, 'point'> | 'APPLICATION_REGISTRATION_ERROR_POINT'

export interface RegisterResult {
  result: boolean
  error?: RegisterErrorCode
  error_description?: string
}

export function registerFailure(code: RegisterErrorCode): RegisterResult {
  const description = code === 'APPLICATION_REGISTRATION_ERROR_POINT' ? registerErrors.point : registerErrors[code]
  return { result: false, error: code, error_description: description }
}
