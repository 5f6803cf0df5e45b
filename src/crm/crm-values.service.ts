import type { Clock } from '../platform/clock.js'
import type { FieldDef, FieldType } from './crm.types.js'

/**
 * Turning what callers send into stored values, one rule per field type.
 * Form-encoded calls send every value as a string, JSON calls send numbers
 * and booleans; both must land the same. Used for writes and for filters.
 */

export type SqlValue = string | number | boolean | Date | null

export type Coerced = { ok: true; value: SqlValue } | { ok: false }

const OK = (value: SqlValue): Coerced => ({ ok: true, value })
const BAD: Coerced = { ok: false }

const ID_TYPES: ReadonlySet<FieldType> = new Set(['user', 'location', 'crm_lead', 'crm_contact', 'crm_company'])

function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')
}

function toInteger(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : null
  if (typeof raw === 'string' && /^\s*[+-]?\d{1,15}\s*$/.test(raw)) return Number(raw)
  return null
}

/** A positive id, or null for "none" (0, empty). */
export function toId(raw: unknown): Coerced {
  if (isBlank(raw)) return OK(null)
  const n = toInteger(raw)
  if (n === null || n < 0) return BAD
  return OK(n === 0 ? null : n)
}

function toNumber(raw: unknown): Coerced {
  if (isBlank(raw)) return OK(0)
  if (typeof raw === 'number') return Number.isFinite(raw) ? OK(raw) : BAD
  if (typeof raw !== 'string') return BAD
  const text = raw.trim().replace(',', '.')
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? OK(Number(text)) : BAD
}

const TRUE_WORDS = new Set(['y', '1', 'true'])
const FALSE_WORDS = new Set(['n', '0', 'false', ''])

export function toFlag(raw: unknown): Coerced {
  if (typeof raw === 'boolean') return OK(raw)
  if (raw === 1 || raw === 0) return OK(raw === 1)
  if (typeof raw === 'string') {
    const word = raw.trim().toLowerCase()
    if (TRUE_WORDS.has(word)) return OK(true)
    if (FALSE_WORDS.has(word)) return OK(false)
  }
  return BAD
}

function toText(raw: unknown): Coerced {
  if (raw === null || raw === undefined) return OK(null)
  if (typeof raw === 'string') return OK(raw)
  if (typeof raw === 'number' || typeof raw === 'boolean') return OK(String(raw))
  return BAD
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** The server-local calendar date of an instant, as YYYY-MM-DD. */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const SITE_DATE = /^(\d{2})\.(\d{2})\.(\d{4})(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * Dates as Bitrix24 clients send them: ISO 8601 (with or without time and
 * offset) or the site format DD.MM.YYYY [HH:MM[:SS]]. Without an offset the
 * server's time zone applies, as the docs say dates are kept in server time.
 */
export function parseInstant(raw: unknown): Date | null {
  if (typeof raw !== 'string') return null
  const text = raw.trim()
  const iso = ISO_DATE.exec(text)
  if (iso) return validDate(new Date(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])), Number(iso[3]))
  const site = SITE_DATE.exec(text)
  if (site) {
    const [, dd, mm, yyyy, hh = '0', mi = '0', ss = '0'] = site
    return validDate(new Date(Number(yyyy), Number(mm) - 1, Number(dd), Number(hh), Number(mi), Number(ss)), Number(dd))
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return null
  const d = new Date(text)
  return Number.isNaN(d.getTime()) ? null : d
}

/** Rejects dates JavaScript rolled over (31.02 → 03.03). */
function validDate(d: Date, day: number): Date | null {
  return Number.isNaN(d.getTime()) || d.getDate() !== day ? null : d
}

function toDate(raw: unknown): Coerced {
  if (isBlank(raw)) return OK(null)
  const d = parseInstant(raw)
  return d ? OK(localDate(d)) : BAD
}

function toDateTime(raw: unknown): Coerced {
  if (isBlank(raw)) return OK(null)
  const d = parseInstant(raw)
  return d ? OK(d) : BAD
}

function toCurrency(raw: unknown): Coerced {
  if (isBlank(raw)) return OK(null)
  return typeof raw === 'string' && /^[A-Z]{3}$/.test(raw.trim()) ? OK(raw.trim()) : BAD
}

function toStatus(raw: unknown): Coerced {
  if (isBlank(raw)) return OK(null)
  const text = toText(raw)
  return text.ok && typeof text.value === 'string' && text.value.length <= 50 ? OK(text.value.trim()) : BAD
}

/** The stored value of one field, or BAD when the value cannot be one. */
export function coerce(f: FieldDef, raw: unknown): Coerced {
  if (ID_TYPES.has(f.type)) return toId(raw)
  switch (f.type) {
    case 'integer':
    case 'crm_category': {
      if (isBlank(raw)) return OK(null)
      const n = toInteger(raw)
      return n === null || (f.type === 'crm_category' && n < 0) ? BAD : OK(n)
    }
    case 'double': return toNumber(raw)
    case 'char': return toFlag(raw)
    case 'date': return toDate(raw)
    case 'datetime': return toDateTime(raw)
    case 'crm_currency': return toCurrency(raw)
    case 'crm_status': return toStatus(raw)
    default: return toText(raw)
  }
}

/** Today and a number of days later, as server-local dates (deal BEGINDATE / CLOSEDATE defaults). */
export function localDay(clock: Clock, plusDays = 0): string {
  const now = clock.now()
  return localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + plusDays))
}
