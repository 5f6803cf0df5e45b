import { RestError } from '../platform/errors.js'
import type { NotFoundText } from './crm.types.js'

/**
 * The errors the crm.lead/deal/contact/company pages list. Most carry an
 * empty code ("Empty value" in the pages' tables) and the page's text, with
 * HTTP 400 as every one of those pages states; entity checks answer ERROR_CORE.
 */
const STATUS = 400

export const crmErrors = {
  idInvalid: () => new RestError('', 'ID is not defined or invalid.', STATUS),
  notFound: (t: NotFoundText) => new RestError(t.code, t.text, STATUS),
  accessDenied: () => new RestError('', 'Access denied.', STATUS),
  mustBeArray: (param: 'fields' | 'params' | 'order' | 'filter') => new RestError('', `Parameter '${param}' must be array.`, STATUS),
  /** Generalises the deal pages' `Invalid value for the "Currency" field` to every typed field. */
  invalidValue: (title: string) => new RestError('', `Invalid value for the "${title}" field`, STATUS),
  invalidEmail: (label: string) => new RestError('ERROR_CORE', `The field "${label}" contains an invalid address`, STATUS),
  required: (title: string) => new RestError('ERROR_CORE', `The field "${title}" is required.`, STATUS),
} as const

/** Codes for the method catalogue: the pages' empty code and ERROR_CORE. */
export const CRM_ERROR_CODES = ['', 'ERROR_CORE'] as const
