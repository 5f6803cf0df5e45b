import { systemErrors } from '../rest/system-errors.js'
import type { DefaultOperatorData, Weekday } from './lines.types.js'

/**
 * How one setting is written on the wire and read back. Each kind parses what
 * Bitrix clients send (JSON, or PHP form encoding where everything is a string
 * and arrays may arrive as objects with numeric keys) and formats what
 * config.get returns (numbers as strings, flags as Y/N, as upstream does).
 */
export type FieldKind =
  | { type: 'flag' }
  | { type: 'int' }
  | { type: 'text'; max: number; required?: boolean }
  | { type: 'nullableText'; max: number }
  | { type: 'enum'; values: readonly string[] }
  /** A user of type bot; 0 means none. */
  | { type: 'botRef' }
  /** An id of something this server does not keep (CRM forms, categories, agreements); 0 means none. */
  | { type: 'idRef' }
  | { type: 'time' }
  | { type: 'timezone' }
  | { type: 'language' }
  | { type: 'weekdays' }
  | { type: 'holidays' }
  | { type: 'userList' }
  | { type: 'operatorData' }

export const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']
const MAX_INT = 2_147_483_647

function bad(field: string, why: string): never {
  throw systemErrors.argument(field, why)
}

/** PHP sends lists as arrays or as objects keyed 0..n; '' stands for an empty list in form encoding. */
export function listOf(raw: unknown, field: string): unknown[] {
  if (raw === '' || raw === null || raw === undefined) return []
  if (Array.isArray(raw)) return raw
  if (typeof raw === 'object') {
    const entries = Object.entries(raw as Record<string, unknown>)
    if (entries.every(([k]) => /^\d+$/.test(k))) return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v)
  }
  return bad(field, 'must be an array')
}

export function parseNonNegativeInt(raw: unknown, field: string): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN
  if (!Number.isInteger(n) || n < 0 || n > MAX_INT) return bad(field, 'must be a non-negative integer')
  return n
}

export function parsePositiveId(raw: unknown, field: string): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN
  if (!Number.isInteger(n) || n <= 0 || n > MAX_INT) return bad(field, 'must be a positive integer id')
  return n
}

function parseFlag(raw: unknown, field: string): boolean {
  if (typeof raw === 'boolean') return raw
  if (typeof raw === 'string' && /^[yn]$/i.test(raw)) return raw.toUpperCase() === 'Y'
  return bad(field, 'must be "Y" or "N"')
}

/** PostgreSQL stores neither NUL nor half of a surrogate pair; such text is refused, not mangled. */
export function isStorableText(s: string): boolean {
  return !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)
}

export function parseText(raw: unknown, field: string, max: number): string {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw)
  if (typeof raw !== 'string') return bad(field, 'must be a string')
  if (raw.length > max) return bad(field, `must be at most ${max} characters`)
  if (!isStorableText(raw)) return bad(field, 'must not contain NUL characters or broken Unicode')
  return raw
}

function parseRef(raw: unknown, field: string): number | null {
  if (raw === null || raw === '' || raw === undefined) return null
  const n = parseNonNegativeInt(raw, field)
  return n === 0 ? null : n
}

/** "HH:MM", "H:MM", or Bitrix's own "H" / "H.MM" (what its config.get returns). */
export function parseTime(raw: unknown, field: string): string {
  const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw
  const m = typeof text === 'string' ? /^\s*(\d{1,2})(?:[:.](\d{2}))?\s*$/.exec(text) : null
  if (!m) return bad(field, 'must be a time in HH:MM format')
  const h = Number(m[1])
  const min = Number(m[2] ?? 0)
  if (h > 23 || min > 59) return bad(field, 'must be a time between 00:00 and 23:59')
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

function parseTimezone(raw: unknown, field: string): string {
  if (raw === '' || raw === null) return ''
  if (typeof raw !== 'string' || raw.length > 64 || !isTimeZone(raw)) return bad(field, 'must be a time zone name such as Europe/Berlin')
  return raw
}

function parseLanguage(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || !/^[a-z]{2}$/i.test(raw)) return bad(field, 'must be a two-letter language code such as en')
  return raw.toLowerCase()
}

function parseWeekdays(raw: unknown, field: string): Weekday[] {
  const items = typeof raw === 'string' && raw !== '' ? raw.split(',') : listOf(raw, field)
  const out: Weekday[] = []
  for (const item of items) {
    const day = typeof item === 'string' ? item.trim().toUpperCase() : ''
    if (day === '') continue
    if (!(WEEKDAYS as readonly string[]).includes(day)) return bad(field, `must list days among ${WEEKDAYS.join(', ')}`)
    if (!out.includes(day as Weekday)) out.push(day as Weekday)
  }
  return out
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function parseHolidays(raw: unknown, field: string): string[] {
  const items = typeof raw === 'string' ? raw.split(',') : listOf(raw, field)
  const out: string[] = []
  for (const item of items) {
    if (typeof item !== 'string') return bad(field, 'must list days as DD.MM')
    if (item.trim() === '') continue
    const m = /^\s*(\d{1,2})\.(\d{1,2})\s*$/.exec(item)
    const day = m ? Number(m[1]) : 0
    const month = m ? Number(m[2]) : 0
    if (!m || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return bad(field, `"${item}" is not a day in DD.MM format`)
    const norm = `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}`
    if (!out.includes(norm)) out.push(norm)
  }
  return out
}

function parseUserList(raw: unknown, field: string): number[] | null {
  const items = listOf(raw, field)
  const ids: number[] = []
  for (const [i, item] of items.entries()) {
    const id = parsePositiveId(item, `${field}[${i}]`)
    if (!ids.includes(id)) ids.push(id)
  }
  return ids.length ? ids : null
}

const OPERATOR_DATA_KEYS = ['NAME', 'AVATAR', 'AVATAR_ID']

function parseOperatorData(raw: unknown, field: string): DefaultOperatorData | null {
  if (raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) return null
  if (typeof raw !== 'object' || Array.isArray(raw)) return bad(field, 'must be an object with NAME, AVATAR, AVATAR_ID')
  const obj = raw as Record<string, unknown>
  const unknown = Object.keys(obj).find((k) => !OPERATOR_DATA_KEYS.includes(k))
  if (unknown) return bad(`${field}.${unknown}`, 'is not a field of DEFAULT_OPERATOR_DATA (NAME, AVATAR, AVATAR_ID)')
  const out: DefaultOperatorData = {}
  if (obj.NAME !== undefined) out.name = parseText(obj.NAME, `${field}.NAME`, 255)
  if (obj.AVATAR !== undefined) out.avatar = parseText(obj.AVATAR, `${field}.AVATAR`, 2048)
  if (obj.AVATAR_ID !== undefined) out.avatarId = parseNonNegativeInt(obj.AVATAR_ID, `${field}.AVATAR_ID`)
  return Object.keys(out).length ? out : null
}

/** The stored value for a wire value; throws ERROR_ARGUMENT naming `field`. */
export function parseValue(kind: FieldKind, raw: unknown, field: string): unknown {
  switch (kind.type) {
    case 'flag':
      return parseFlag(raw, field)
    case 'int':
      return parseNonNegativeInt(raw, field)
    case 'text': {
      const text = parseText(raw, field, kind.max)
      if (kind.required && text.trim() === '') return bad(field, 'must not be empty')
      return text
    }
    case 'nullableText':
      return raw === null || raw === '' ? null : parseText(raw, field, kind.max)
    case 'enum':
      if (typeof raw !== 'string' || !kind.values.includes(raw)) return bad(field, `must be one of ${kind.values.join(', ')}`)
      return raw
    case 'botRef':
    case 'idRef':
      return parseRef(raw, field)
    case 'time':
      return parseTime(raw, field)
    case 'timezone':
      return parseTimezone(raw, field)
    case 'language':
      return parseLanguage(raw, field)
    case 'weekdays':
      return parseWeekdays(raw, field)
    case 'holidays':
      return parseHolidays(raw, field)
    case 'userList':
      return parseUserList(raw, field)
    case 'operatorData':
      return parseOperatorData(raw, field)
    default:
      return exhaustive(kind)
  }
}

function exhaustive(kind: never): never {
  throw new Error(`unknown field kind ${JSON.stringify(kind)}`)
}

function formatOperatorData(value: DefaultOperatorData | null): unknown {
  // Upstream answers an empty PHP array when nothing is set.
  if (!value) return []
  const out: Record<string, string> = {}
  if (value.name !== undefined) out.NAME = value.name
  if (value.avatar !== undefined) out.AVATAR = value.avatar
  if (value.avatarId !== undefined) out.AVATAR_ID = String(value.avatarId)
  return out
}

/** The wire value config.get returns for a stored value. */
export function formatValue(kind: FieldKind, value: unknown): unknown {
  switch (kind.type) {
    case 'flag':
      return value ? 'Y' : 'N'
    case 'int':
      return String(value)
    case 'botRef':
    case 'idRef':
      return String(value ?? 0)
    case 'userList':
      return Array.isArray(value) ? value.map(String) : null
    case 'operatorData':
      return formatOperatorData(value as DefaultOperatorData | null)
    case 'weekdays':
    case 'holidays':
      return [...(value as string[])]
    case 'text':
    case 'nullableText':
    case 'enum':
    case 'time':
    case 'timezone':
    case 'language':
      return value
    default:
      return exhaustive(kind)
  }
}
