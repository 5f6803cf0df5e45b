import { createHmac, timingSafeEqual } from 'node:crypto'
import type { ServerInfo, TokenPair } from '../apps/index.js'
import { EVENT_AUTH_KEY } from './record-event.js'

/**
 * The request body exactly as Bitrix24 sends it: PHP's http_build_query of
 * `event`, `event_handler_id`, `data`, `ts`, `auth`, in that order. That means
 * bracketed keys percent-encoded, spaces as `+`, true/false as 1/0, and null
 * values and empty arrays left out.
 */
const PLAIN = /^[A-Za-z0-9_.-]*$/

export function phpUrlencode(s: string): string {
  // Most keys and values (ids, names, numbers) need no escaping at all.
  if (PLAIN.test(s)) return s
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

export function httpBuildQuery(value: Record<string, unknown>): string {
  const out: string[] = []
  const walk = (v: unknown, key: string) => {
    if (v === null || v === undefined) return
    if (typeof v === 'boolean') out.push(`${phpUrlencode(key)}=${v ? '1' : '0'}`)
    else if (typeof v === 'object') for (const [k, child] of Object.entries(v)) walk(child, `${key}[${k}]`)
    else out.push(`${phpUrlencode(key)}=${phpUrlencode(String(v))}`)
  }
  for (const [k, v] of Object.entries(value)) walk(v, k)
  return out.join('&')
}

export interface AppKeys {
  clientId: string
  applicationToken: string
  scopes: string[]
}

/** The top-level `auth` block (_includes/auth-params-in-events.md), keys in the order Bitrix24 sends them. */
export function authBlock(info: ServerInfo, app: AppKeys, tokens: TokenPair | null, bare = false): Record<string, unknown> {
  const place = { domain: info.domain, server_endpoint: info.serverEndpoint }
  if (bare) {
    // ONAPPUNINSTALL: the app is gone, so only where it happened and the token to check (on-app-uninstall.md).
    return { ...place, client_endpoint: info.clientEndpoint, member_id: info.memberId, application_token: app.applicationToken }
  }
  const scope = app.scopes.join(',')
  if (!tokens) {
    return { scope, ...place, status: 'L', client_endpoint: info.clientEndpoint, member_id: info.memberId, application_token: app.applicationToken }
  }
  return {
    access_token: tokens.accessToken,
    expires: tokens.expires,
    expires_in: tokens.expiresIn,
    scope,
    ...place,
    status: 'L',
    client_endpoint: info.clientEndpoint,
    member_id: info.memberId,
    user_id: tokens.userId,
    ...(tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {}),
    application_token: app.applicationToken,
  }
}

/** An auth block inside `data` (ONIMBOTMESSAGEADD's `BOT[id]`), in that page's order, with client_id. */
export function slotBlock(info: ServerInfo, app: AppKeys, tokens: TokenPair): Record<string, unknown> {
  return {
    access_token: tokens.accessToken,
    expires: tokens.expires,
    expires_in: tokens.expiresIn,
    scope: app.scopes.join(','),
    domain: info.domain,
    server_endpoint: info.serverEndpoint,
    status: 'L',
    client_endpoint: info.clientEndpoint,
    member_id: info.memberId,
    ...(tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {}),
    user_id: tokens.userId,
    client_id: app.clientId,
    application_token: app.applicationToken,
  }
}

/** The users whose auth blocks `data` asks for (withEventAuth). */
export function slotUsers(data: unknown, found = new Set<number>()): Set<number> {
  if (Array.isArray(data)) data.forEach((v) => slotUsers(v, found))
  else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      if (k === EVENT_AUTH_KEY) found.add(Number((v as { userId: unknown }).userId))
      else slotUsers(v, found)
    }
  }
  return found
}

/** Replaces each withEventAuth marker by its block, keeping the other keys after it. */
export function fillSlots(data: unknown, block: (userId: number) => Record<string, unknown>): unknown {
  if (Array.isArray(data)) return data.map((v) => fillSlots(v, block))
  if (!data || typeof data !== 'object') return data
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(data)) {
    if (k === EVENT_AUTH_KEY) Object.assign(out, block(Number((v as { userId: unknown }).userId)))
    else out[k] = fillSlots(v, block)
  }
  return out
}

export const SIGNATURE_HEADER = 'x-openlines-signature'
export const TIMESTAMP_HEADER = 'x-openlines-timestamp'
export const DELIVERY_HEADER = 'x-openlines-delivery'

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>` keyed with the app's client_secret. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** What a handler does to check a delivery: recompute and compare in constant time. */
export function verifySignature(secret: string, timestamp: string | number, body: string, header: string): boolean {
  const expected = Buffer.from(sign(secret, Number(timestamp), body))
  const given = Buffer.from(header)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
