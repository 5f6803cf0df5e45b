import type { RestError } from '../platform/errors.js'
import { yes } from '../rest/flags.js'
import { USER_FIELDS, type UserField, type UserProp } from './user-fields.schemas.js'
import { dayOf } from './user-filter.schemas.js'
import { userErrors } from './users.errors.js'
import { isStorableId, type UserWrite } from './users.repo.js'

/** What user.add / user.update asked to store, in domain terms. */
export interface ProfileInput {
  /** Columns to set (e-mail and departments are checked by the service before they are). */
  write: UserWrite
  /** Fields kept in `extra`: a value to set, or null to clear. */
  extra: Record<string, string | string[] | null>
}

const WRITABLE = new Map(USER_FIELDS.filter((f) => f.writable).map((f) => [f.code, f]))
const FILE_FIELDS = new Set(['PERSONAL_PHOTO', 'WORK_LOGO'])

/** Bitrix24 keys are case-insensitive: every key upper-cased. */
export function upperKeys(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toUpperCase(), v]))
}

/**
 * Reads the profile fields of user.add / user.update. Unknown keys are
 * skipped as Bitrix24 skips them; a value of the wrong type is refused with
 * `bad(field)`, the error each method reports (user.add: ERROR_ARGUMENT
 * invalid_type_field, user.update: ERROR_CORE). Photos are files, which this
 * server does not store, so they are refused rather than silently dropped.
 */
export function readProfile(params: Record<string, unknown>, bad: (field: string, why: string) => RestError): ProfileInput {
  const out: ProfileInput = { write: {}, extra: {} }
  for (const [code, value] of Object.entries(params)) {
    if (FILE_FIELDS.has(code)) throw bad(code, `${code}: file upload is not supported by this server`)
    const field = WRITABLE.get(code)
    if (!field) continue
    if (field.prop === null) out.extra[code] = extraValue(field, value, bad)
    else assign(out.write, field, field.prop, value, bad)
  }
  return out
}

/** WORK_* and PERSONAL_* must be strings (Bitrix24's checkTypeFields); names may come as numbers. */
function textValue(field: UserField, value: unknown, bad: (field: string, why: string) => RestError): string {
  if (typeof value === 'string') return value
  const strict = field.code.startsWith('WORK_') || field.code.startsWith('PERSONAL_')
  if (!strict && typeof value === 'number') return String(value)
  throw bad(field.code, 'invalid_type_field')
}

function extraValue(field: UserField, value: unknown, bad: (field: string, why: string) => RestError): string | string[] | null {
  if (value === null || value === '') return value === null ? null : ''
  if (field.code.startsWith('UF_') && Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.map(String)
  }
  if (field.code.startsWith('UF_') && typeof value === 'number') return String(value)
  return textValue(field, value, bad)
}

function departmentsOf(value: unknown, bad: (field: string, why: string) => RestError): number[] {
  const list = Array.isArray(value) ? value : value === '' || value === null || value === false ? [] : [value]
  const ids = list.map((v) => (typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN))
  if (!ids.every(isStorableId)) throw bad('UF_DEPARTMENT', 'invalid_type_field')
  return [...new Set(ids)]
}

function assign(w: UserWrite, field: UserField, prop: UserProp, value: unknown, bad: (field: string, why: string) => RestError): void {
  switch (prop) {
    case 'active':
      w.active = yes(value)
      return
    case 'departments':
      w.departments = departmentsOf(value, bad)
      return
    case 'personalBirthday': {
      const text = textValue(field, value, bad).trim()
      const day = text === '' ? null : dayOf(text)
      if (text !== '' && day === null) throw bad(field.code, 'invalid_type_field')
      w.personalBirthday = day
      return
    }
    case 'personalGender': {
      const g = textValue(field, value, bad).trim().toUpperCase()
      if (!['', 'M', 'F'].includes(g)) throw bad(field.code, 'invalid_type_field')
      w.personalGender = g
      return
    }
    case 'xmlId':
      w.xmlId = value === null ? null : textValue(field, value, bad)
      return
    default:
      setText(w, prop, textValue(field, value, bad).trim())
  }
}

type TextProp = 'name' | 'lastName' | 'secondName' | 'email' | 'workPosition' | 'personalPhone' | 'personalMobile' | 'personalCity' | 'personalWww' | 'workPhone' | 'timeZone'

const TEXT_PROPS: ReadonlySet<string> = new Set<TextProp>([
  'name', 'lastName', 'secondName', 'email', 'workPosition', 'personalPhone', 'personalMobile', 'personalCity', 'personalWww', 'workPhone', 'timeZone',
])

function setText(w: UserWrite, prop: UserProp, text: string): void {
  if (TEXT_PROPS.has(prop)) w[prop as TextProp] = text
}

/** user.add's extranet branch (EXTRANET: Y with SONET_GROUP_ID); this server has no workgroups to join. */
export function checkExtranet(params: Record<string, unknown>): void {
  if (params.EXTRANET !== 'Y') return
  const groups = params.SONET_GROUP_ID
  if (groups === undefined || groups === null || groups === '' || (Array.isArray(groups) && groups.length === 0)) throw userErrors.groupMissing()
  throw userErrors.groupWrong()
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function validEmail(email: string): boolean {
  return EMAIL.test(email)
}
