import { crmErrors } from './crm.errors.js'
import type { CommChange, CommEntry, CommType, FieldDef } from './crm.types.js'
import { toFlag, toId } from './crm-values.service.js'

/**
 * Multi-value fields (PHONE, EMAIL, WEB, IM, LINK): how changes are read and
 * how values are compared. Updates follow crm-contact-update.md: an entry
 * without ID adds a value, an entry with ID changes that value, and an entry
 * with ID and DELETE=Y or an empty VALUE removes it.
 */

/** The value type of a new value whose caller gives none. */
export const DEFAULT_VALUE_TYPE: Record<CommType, string> = { PHONE: 'WORK', EMAIL: 'WORK', WEB: 'WORK', IM: 'OTHER', LINK: 'USER' }

const EMAIL_LABELS: Record<string, string> = { WORK: 'Work e-mail', HOME: 'Personal e-mail', MAILING: 'Newsletter e-mail', OTHER: 'Other e-mail' }

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]+$/

/** Open-line identities in IM look like imol|connector|line|chat|user. */
export const IMOL_PREFIX = 'imol|'

/** What lookups compare: a phone's digits, an e-mail in lower case, other values trimmed. */
export function normalizeComm(type: CommType, value: string): string {
  const trimmed = value.trim()
  if (type === 'PHONE') return trimmed.replace(/\D+/g, '')
  if (type === 'EMAIL') return trimmed.toLowerCase()
  return trimmed
}

function entriesOf(raw: unknown): unknown[] | null {
  if (Array.isArray(raw)) return raw
  // Form-encoded calls send FIELDS[PHONE][n0][VALUE]=...: an object keyed n0, n1, ...
  if (raw && typeof raw === 'object') return Object.values(raw)
  return null
}

function textOf(raw: unknown): string | undefined | null {
  if (raw === undefined || raw === null) return undefined
  if (typeof raw === 'string') return raw
  if (typeof raw === 'number') return String(raw)
  return null
}

function readEntry(f: FieldDef, type: CommType, raw: unknown): CommChange {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw crmErrors.invalidValue(f.title)
  const entry = raw as Record<string, unknown>
  const id = toId(entry.id)
  const value = textOf(entry.value)
  const valueType = textOf(entry.valueType)
  const del = entry.delete === undefined ? { ok: true as const, value: false } : toFlag(entry.delete)
  if (!id.ok || value === null || valueType === null || !del.ok) throw crmErrors.invalidValue(f.title)
  const change: CommChange = {}
  if (typeof id.value === 'number') change.id = id.value
  if (value !== undefined) change.value = value.trim()
  if (valueType?.trim()) change.valueType = valueType.trim().toUpperCase()
  if (del.value === true || !change.value) change.delete = true
  if (type === 'EMAIL' && !change.delete && !EMAIL.test(change.value ?? '')) {
    throw crmErrors.invalidEmail(EMAIL_LABELS[change.valueType ?? DEFAULT_VALUE_TYPE.EMAIL] ?? 'E-mail')
  }
  return change
}

/** Reads the changes to one multi-value field; a new entry with no value is dropped. */
export function parseCommChanges(f: FieldDef, type: CommType, raw: unknown): CommChange[] {
  const list = entriesOf(raw)
  if (!list) throw crmErrors.invalidValue(f.title)
  return list.map((e) => readEntry(f, type, e)).filter((c) => c.id !== undefined || !c.delete)
}

/** The HAS_* flags of an object with these values. */
export function commFlags(entries: readonly CommEntry[]): { has_phone: boolean; has_email: boolean; has_imol: boolean } {
  return {
    has_phone: entries.some((e) => e.type === 'PHONE'),
    has_email: entries.some((e) => e.type === 'EMAIL'),
    has_imol: entries.some((e) => e.type === 'IM' && e.value.startsWith(IMOL_PREFIX)),
  }
}
