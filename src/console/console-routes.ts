import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import { safeEqual } from '../platform/secrets.js'
import type { SignInUser } from './console.repo.js'
import { clearedCookie, CSRF_HEADER, fromOwnOrigin, readCookie, secureCookies, sessionCookie } from './console-http.js'
import type { ConsoleSessions, NewSession, SessionPolicy } from './sessions.service.js'
import type { SignInService } from './signin.service.js'

export interface ConsoleRouteDeps {
  config: Config
  sessions: ConsoleSessions
  signIn: SignInService
  policy: SessionPolicy
}

function userView(u: SignInUser) {
  return { ID: String(u.id), NAME: u.name, LAST_NAME: u.lastName, EMAIL: u.email, IS_ADMIN: u.isAdmin }
}

function fail(reply: FastifyReply, status: number, error: string, description: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description, ...extra })
}

/**
 * The console's sign-in API under /console/api (docs: README, "Console sign-in"):
 * login, session, logout and the one-time link. Everything else the console does
 * goes through /rest with the cookie and the CSRF token.
 */
export function registerConsoleRoutes(app: FastifyInstance, d: ConsoleRouteDeps): void {
  const tls = Boolean(d.config.tlsCert)
  const secure = (req: FastifyRequest) => secureCookies(req, d.config.publicUrl, tls)
  const cookieFor = (req: FastifyRequest, s: NewSession) => sessionCookie(s.token, d.policy.absoluteMs / 1000, secure(req))

  app.post('/console/api/login', async (req, reply) => {
    // A sign-in form on another site must not sign this browser in (login CSRF).
    if (!fromOwnOrigin(req, d.config.publicUrl, false)) return fail(reply, 403, 'WRONG_ORIGIN', 'The request does not come from this server')
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>
    const login = typeof body.login === 'string' ? body.login : ''
    const password = typeof body.password === 'string' ? body.password : ''
    if (!login || !password) return fail(reply, 401, 'WRONG_CREDENTIALS', 'Wrong e-mail or password')
    const result = await d.signIn.signIn(login, password, req.ip ?? null)
    if (!result.ok) {
      if (result.reason === 'locked') {
        reply.header('retry-after', String(result.retryAfter))
        return fail(reply, 429, 'LOCKED', `Too many failed sign-in attempts; try again in ${Math.ceil(result.retryAfter / 60)} min`, { retry_after: result.retryAfter })
      }
      return fail(reply, 401, 'WRONG_CREDENTIALS', 'Wrong e-mail or password')
    }
    const session = await d.sessions.create(result.user)
    return reply.code(200).header('cache-control', 'no-store').header('set-cookie', cookieFor(req, session)).send({ user: userView(session.user), csrf: session.csrf })
  })

  app.get('/console/api/session', async (req, reply) => {
    const row = await d.sessions.resolve(readCookie(req.headers.cookie) ?? '')
    if (!row) return fail(reply, 401, 'NO_SESSION', 'Not signed in')
    return reply.code(200).header('cache-control', 'no-store').send({ user: userView(row.user), csrf: row.csrf })
  })

  app.post('/console/api/logout', async (req, reply) => {
    const token = readCookie(req.headers.cookie) ?? ''
    const row = await d.sessions.resolve(token)
    if (!row) return fail(reply, 401, 'NO_SESSION', 'Not signed in')
    const csrf = req.headers[CSRF_HEADER]
    if (typeof csrf !== 'string' || !safeEqual(row.csrf, csrf) || !fromOwnOrigin(req, d.config.publicUrl, false)) {
      return fail(reply, 403, 'WRONG_CSRF', 'The X-Console-Csrf header is missing or wrong')
    }
    await d.sessions.destroy(token)
    return reply.code(200).header('cache-control', 'no-store').header('set-cookie', clearedCookie(secure(req))).send({})
  })

  app.get('/console/api/link', async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>
    const session = typeof q.token === 'string' ? await d.sessions.redeemLink(q.token) : null
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
    if (!session) {
      return reply
        .code(401)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(linkRefusedPage())
    }
    return reply.code(303).header('set-cookie', cookieFor(req, session)).header('location', '/console/').send()
  })
}

function linkRefusedPage(): string {
  return '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    '<title>Sign-in link not valid</title><style>body{font:16px system-ui,sans-serif;max-width:30rem;margin:4rem auto;padding:0 1rem}</style></head>' +
    '<body><h1>This sign-in link cannot be used</h1><p>It was used already or has expired. Ask an administrator for a new one ' +
    '(<code>openlines user link &lt;id&gt;</code>), or <a href="/console/">sign in with your password</a>.</p></body></html>'
}
