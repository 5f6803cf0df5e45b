import { RestError } from '../platform/errors.js'

/** Errors of openlines.user.password.set (not a Bitrix24 method: README, "Passwords"). */
export const consoleErrors = {
  appCaller: () => new RestError('ACCESS_DENIED', 'Passwords are set by people (webhook or console), not by applications', 403),
  notAdmin: () => new RestError('ACCESS_DENIED', "Only administrators may set another user's password", 403),
  userNotFound: () => new RestError('USER_NOT_FOUND', 'No employee or extranet user with this ID', 400),
  invalidPassword: (min: number, max: number) => new RestError('INVALID_PASSWORD', `The password must be ${min} to ${max} characters long`, 400),
  oldPasswordRequired: () => new RestError('OLD_PASSWORD_REQUIRED', 'Changing your own password needs the current one in OLD_PASSWORD', 400),
  wrongPassword: () => new RestError('WRONG_PASSWORD', 'OLD_PASSWORD is not the current password', 400),
  locked: (seconds: number) => new RestError('LOCKED', `Too many wrong passwords; try again in ${Math.ceil(seconds / 60)} min`, 429),
} as const
