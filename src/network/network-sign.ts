import { createHmac } from 'node:crypto'
import { safeEqual } from '../platform/secrets.js'

/** Headers of every call between servers. */
export const PEER_HEADER = 'x-openlines-peer'
export const TIMESTAMP_HEADER = 'x-openlines-timestamp'
export const MESSAGE_HEADER = 'x-openlines-message'
export const SIGNATURE_HEADER = 'x-openlines-signature'

/** How far a request's timestamp may be from this server's clock. */
export const WINDOW_SECONDS = 300

export interface Signed { method: string; path: string; timestamp: number; messageId: string; body: string }

/** `sha256=` + hex HMAC-SHA256 over method, path, timestamp, message id and body, one per line. */
export function signRequest(key: string, s: Signed): string {
  const base = `${s.method.toUpperCase()}\n${s.path}\n${s.timestamp}\n${s.messageId}\n${s.body}`
  return `sha256=${createHmac('sha256', key).update(base).digest('hex')}`
}

export type VerifyFailure = 'stale' | 'signature'

/** Checks the timestamp window, then the signature in constant time; null when both hold. */
export function verifyRequest(key: string, s: Signed, signature: string, nowSeconds: number): VerifyFailure | null {
  if (!Number.isSafeInteger(s.timestamp) || Math.abs(nowSeconds - s.timestamp) > WINDOW_SECONDS) return 'stale'
  return safeEqual(signRequest(key, s), signature) ? null : 'signature'
}

/** Plain http is for loopback peers only, unless the administrator allows it (NETWORK_ALLOW_HTTP). */
export function peerUrlProblem(raw: string, allowHttp: boolean): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'not a URL'
  }
  if (url.protocol === 'https:') return null
  if (url.protocol !== 'http:') return 'only https:// (or http:// to a loopback address) is allowed'
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host)
  return loopback || allowHttp ? null : 'plain http to a non-loopback peer is refused (set NETWORK_ALLOW_HTTP=on to allow it)'
}
