import type { FastifyRequest } from 'fastify'
import type { Credentials } from '../rest/actor.js'

export const COOKIE_NAME = 'ol_console'
export const CSRF_HEADER = 'x-console-csrf'

/** One cookie's value from a Cookie header; null when absent. */
export function readCookie(header: string | undefined, name = COOKIE_NAME): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${COOKIE_NAME}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure ? '; Secure' : ''}`
}

export function clearedCookie(secure: boolean): string {
  return `${COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`
}

/** Over HTTPS (our own TLS, or a TLS proxy in front that PUBLIC_URL names) the cookie is never sent in clear. */
export function secureCookies(req: FastifyRequest, publicUrl: string, tls: boolean): boolean {
  return tls || publicUrl.startsWith('https:') || req.protocol === 'https'
}

/** The origins this server answers as: its public URL, and the address this request was sent to. */
function ownOrigins(req: FastifyRequest, publicUrl: string): string[] {
  const origins: string[] = []
  try {
    origins.push(new URL(publicUrl).origin)
  } catch {
    // A malformed PUBLIC_URL names no origin; the request's own host still does.
  }
  const host = req.headers.host
  if (host) origins.push(`${req.protocol}://${host}`.toLowerCase())
  return origins
}

/**
 * Whether the request comes from one of our own pages. `required` (websockets, which
 * browsers always send an Origin for): a missing Origin fails; otherwise a request
 * without one (not sent by a browser's cross-site fetch) passes.
 */
export function fromOwnOrigin(req: FastifyRequest, publicUrl: string, required: boolean): boolean {
  const origin = req.headers.origin
  if (origin === undefined || origin === '') return !required
  return ownOrigins(req, publicUrl).includes(origin.toLowerCase())
}

/**
 * The console's credentials in a request: the session cookie, the CSRF token given
 * (header or websocket parameter), and an Origin of our own. Without all three the
 * cookie authenticates nothing, so another site cannot ride on it.
 */
export function consoleCredentials(req: FastifyRequest, publicUrl: string, csrf: unknown, originRequired = false): Credentials['console'] | null {
  if (typeof csrf !== 'string' || csrf === '') return null
  const token = readCookie(req.headers.cookie)
  if (!token || !fromOwnOrigin(req, publicUrl, originRequired)) return null
  return { token, csrf }
}

/** The REST form: the CSRF token comes in the X-Console-Csrf header. */
export function restConsoleCredentials(req: FastifyRequest, publicUrl: string): Credentials['console'] | null {
  if (!req.headers.cookie) return null
  return consoleCredentials(req, publicUrl, req.headers[CSRF_HEADER])
}
