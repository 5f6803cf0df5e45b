import { createHmac } from 'node:crypto'
import type { Clock } from '../platform/clock.js'
import { RestError } from '../platform/errors.js'
import type { Ids } from '../platform/ids.js'
import { safeEqual } from '../platform/secrets.js'
import type { Executor } from '../storage/db.js'
import { readWidgetSecret, writeWidgetSecret } from './widget.repo.js'

/** How long a signature stays good after its timestamp, and how far ahead of our clock a site's clock may run. */
export const SIGNATURE_MAX_AGE_S = 24 * 3600
export const SIGNATURE_MAX_SKEW_S = 300

export interface SiteIdentity {
  id: string
  name: string
  email: string
}

export const identityErrors = {
  invalid: (why: string) => new RestError('IDENTITY_INVALID', `The visitor identity is not valid: ${why}`, 400),
  signature: () => new RestError('IDENTITY_SIGNATURE', 'The visitor identity signature does not match', 401),
  expired: () => new RestError('IDENTITY_EXPIRED', 'The visitor identity signature has expired', 401),
  notSigned: () => new RestError('IDENTITY_NOT_ENABLED', 'Signed visitor identities are not enabled on this line', 401),
}

/**
 * The string a site signs: fields joined by line feeds, in this order.
 * None of them may contain a line feed, so two different identities never
 * give the same string.
 */
export function canonicalIdentity(lineId: number, i: SiteIdentity, ts: number): string {
  return ['ol1', String(lineId), i.id, i.name, i.email, String(ts)].join('\n')
}

export function signIdentity(secret: string, lineId: number, i: SiteIdentity, ts: number): string {
  return createHmac('sha256', secret).update(canonicalIdentity(lineId, i, ts), 'utf8').digest('hex')
}

const text = (v: unknown, max: number, field: string, required: boolean): string => {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : v === undefined || v === null ? '' : null
  if (s === null || s.length > max || /[\n\r|]/.test(s)) throw identityErrors.invalid(`${field} must be a string of at most ${max} characters without line breaks or "|"`)
  if (required && s.trim() === '') throw identityErrors.invalid(`${field} is required`)
  return s
}

/** Checks `{id, name, email, ts, signature}` against the line's secret; the identity when it holds. */
export async function verifyIdentity(tx: Executor, clock: Clock, lineId: number, raw: unknown): Promise<SiteIdentity> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw identityErrors.invalid('an object {id, name, email, ts, signature} is expected')
  const r = raw as Record<string, unknown>
  const identity = { id: text(r.id, 128, 'id', true), name: text(r.name, 100, 'name', false), email: text(r.email, 254, 'email', false) }
  const ts = typeof r.ts === 'number' ? r.ts : typeof r.ts === 'string' && /^\d{1,12}$/.test(r.ts) ? Number(r.ts) : NaN
  if (!Number.isSafeInteger(ts) || ts <= 0) throw identityErrors.invalid('ts must be a Unix time in seconds')
  const signature = typeof r.signature === 'string' ? r.signature.toLowerCase() : ''
  const secret = await readWidgetSecret(tx, lineId)
  if (!secret) throw identityErrors.notSigned()
  // The signature is checked before the time, so an expired answer tells nothing to someone without the secret.
  if (!safeEqual(signature, signIdentity(secret.secret, lineId, identity, ts))) throw identityErrors.signature()
  const now = Math.floor(clock.now().getTime() / 1000)
  if (now - ts > SIGNATURE_MAX_AGE_S || ts - now > SIGNATURE_MAX_SKEW_S) throw identityErrors.expired()
  return identity
}

/** The line's widget secret, made on first use. */
export async function widgetSecret(tx: Executor, ids: Ids, clock: Clock, lineId: number): Promise<string> {
  const row = await readWidgetSecret(tx, lineId)
  if (row) return row.secret
  return writeWidgetSecret(tx, lineId, newSecret(ids), clock.now(), false)
}

/** A new secret: signatures made with the old one stop working at once. */
export function rotateWidgetSecret(tx: Executor, ids: Ids, clock: Clock, lineId: number): Promise<string> {
  return writeWidgetSecret(tx, lineId, newSecret(ids), clock.now(), true)
}

const newSecret = (ids: Ids) => `wsk_${ids.secret(48)}`
