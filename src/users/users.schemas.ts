import { Type } from '@sinclair/typebox'
import { toBitrixDate } from '../platform/dates.js'
import type { Actor } from '../rest/actor.js'
import { hasScope } from '../rest/actor.js'
import { fieldsAt, userField, visibleAt, type AccessLevel, type UserField } from './user-fields.schemas.js'
import { localMidnight } from './user-filter.schemas.js'
import type { UserRecord } from './users.repo.js'
import { userErrors } from './users.errors.js'

/** Parameters of user.get and its kin: free-form filter keys, read by the service edge below. */
export const FreeParams = Type.Record(Type.String(), Type.Unknown())

/** The scope version a caller holds (api-reference/user/index.md); a full `user` scope wins. */
export function accessLevel(actor: Actor): AccessLevel {
  if (hasScope(actor, 'user')) return 'full'
  if (hasScope(actor, 'user_basic')) return 'basic'
  return 'brief'
}

/** Reads a parameter whatever its case, as Bitrix24 upper-cases every key. */
export function param(params: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(params).find((k) => k.toUpperCase() === name)
  return key === undefined ? undefined : params[key]
}

export interface UserSort {
  field: UserField
  desc: boolean
}

/**
 * `sort` names a field of user.add (or ID, dates...); `order` is ASC or DESC.
 * Bitrix24 sorts by ID when either is missing; here `sort` alone sorts
 * ascending, which is what a caller passing only `sort` means.
 */
export function parseSort(params: Record<string, unknown>, level: AccessLevel): UserSort {
  const sort = param(params, 'SORT')
  const order = param(params, 'ORDER')
  const desc = typeof order === 'string' && order.toUpperCase() === 'DESC'
  if (sort === undefined || sort === null || sort === '') return { field: userField('ID')!, desc }
  const field = typeof sort === 'string' ? userField(sort) : undefined
  if (!field || !visibleAt(field, level) || field.kind === 'departments') throw userErrors.badSort(String(sort))
  return { field, desc }
}

/** `select`: field names, `*` for all, `UF_*` for every UF_ field; unknown or hidden names are skipped. */
export function parseSelect(params: Record<string, unknown>, level: AccessLevel): UserField[] {
  const all = fieldsAt(level)
  const raw = param(params, 'SELECT')
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : []
  const names = new Set(list.filter((x): x is string => typeof x === 'string').map((x) => x.toUpperCase()))
  if (names.size === 0 || names.has('*')) return all
  return all.filter((fl) => names.has(fl.code) || (names.has('UF_*') && fl.code.startsWith('UF_')))
}

/** A calendar day as Bitrix24 shows dates: midnight with the server's offset. */
export function toBitrixDay(day: string | Date): string {
  if (day instanceof Date) return toBitrixDate(new Date(day.getFullYear(), day.getMonth(), day.getDate()))
  return toBitrixDate(localMidnight(day))
}

function shown(field: UserField, u: UserRecord): unknown {
  if (field.prop === null) return u.extra[field.code]
  const v = u[field.prop]
  switch (field.kind) {
    case 'id':
      return String(v)
    case 'flag':
      return v === true
    case 'yn':
      return v ? 'Y' : 'N'
    case 'day':
      return v instanceof Date || typeof v === 'string' ? toBitrixDay(v) : ''
    case 'datetime':
      return v instanceof Date ? toBitrixDate(v) : field.always ? '' : undefined
    default:
      return v ?? undefined
  }
}

/** One user in Bitrix24's shape: ID as a string, ACTIVE a boolean, IS_ONLINE Y/N, unset fields left out. */
export function shapeUser(u: UserRecord, fields: readonly UserField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of fields) {
    const v = shown(field, u)
    if (v !== undefined && v !== null) out[field.code] = v
  }
  return out
}

/** user.fields: code → label for what the caller's scope version sees. */
export function fieldLabels(level: AccessLevel): Record<string, string> {
  return Object.fromEntries(fieldsAt(level).map((fl) => [fl.code, fl.label]))
}
