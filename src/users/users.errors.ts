import { RestError } from '../platform/errors.js'

/**
 * Errors of user.* and department.*, with the codes and texts their pages
 * list. Bitrix24 answers these with HTTP 400 (user-update.md, department-add.md).
 */
const argument = (description: string, arg = '') => new RestError('ERROR_ARGUMENT', description, 400, { argument: arg })
const core = (description: string) => new RestError('ERROR_CORE', description, 400)

export const userErrors = {
  // user.add / user.update
  accessDenied: () => core('access_denied'),
  wrongEmail: () => argument('wrong_email'),
  emailTaken: () => argument('A user with this email already exists'),
  noDepartment: () => argument('no_extranet_field'),
  invalidTypeField: (field: string, why = 'invalid_type_field') => argument(why, field),
  groupMissing: () => new RestError('ERROR_GROUPID', 'Group code not specified', 400),
  // This server has no workgroups, so no SONET_GROUP_ID can name one.
  groupWrong: () => new RestError('ERROR_NO_GROUP', 'Group is specified incorrectly', 400),
  userNotFound: () => core('User not found'),
  // user.update reports a field it cannot store as ERROR_CORE (Bitrix24's "error updating user fields").
  updateField: (why: string) => core(why),
  departmentMissing: (id: number) => core(`Department ${id} not found`),
  lastAdmin: () => core('The last active administrator cannot be dismissed'),
  badSort: (field: string) => new RestError('ERROR_ARGUMENT', `Unknown sort field: ${field}`, 400),
} as const

export const departmentErrors = {
  accessDenied: () => core('Access denied'),
  nameMissing: () => core('Department name not provided.<br>'),
  oneRoot: () => core('There can only be one top-level department in the company structure'),
  notFound: () => core('Department not found'),
  headNotFound: (id: number) => core(`User ${id} not found`),
  cycle: () => core('A department cannot be moved under itself or its sub-department'),
  // Not on the page: deleting a department that still holds others or employees would leave them nowhere.
  hasChildren: () => core('The department has sub-departments; move or delete them first'),
  hasEmployees: () => core('The department has employees; move them to another department first'),
  badSort: (field: string) => new RestError('ERROR_ARGUMENT', `Unknown sort field: ${field}`, 400),
} as const
