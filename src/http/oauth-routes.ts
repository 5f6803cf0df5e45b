import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { OAuthError, type OAuthService, type TokenRequest } from '../apps/index.js'
import type { SignInService } from '../console/index.js'

/**
 * The authorization server of settings/oauth/: `/oauth/authorize/` where a
 * user signs in and is sent back to the app with a code, and `/oauth/token/`
 * where the app exchanges the code, or a refresh token, for tokens.
 */
export function registerOAuthRoutes(app: FastifyInstance, oauth: OAuthService, signIn: SignInService): void {
  app.get('/oauth/authorize/', (req, reply) => authorizeGet(oauth, req, reply))
  app.post('/oauth/authorize/', (req, reply) => authorizePost(oauth, signIn, req, reply))
  app.route({ method: ['GET', 'POST'], url: '/oauth/token/', handler: (req, reply) => tokenRoute(oauth, req, reply) })
}

type Fields = Record<string, unknown>

function text(fields: Fields, name: string): string | undefined {
  const v = fields[name]
  return typeof v === 'string' ? v : undefined
}

function fieldsOf(req: FastifyRequest): Fields {
  const body = req.body && typeof req.body === 'object' ? (req.body as Fields) : {}
  return { ...((req.query ?? {}) as Fields), ...body }
}

async function authorizeGet(oauth: OAuthService, req: FastifyRequest, reply: FastifyReply) {
  const f = fieldsOf(req)
  const target = await oauth.authorizable(text(f, 'client_id') ?? '', text(f, 'redirect_uri'))
  if (!target) return page(reply, 400, errorPage())
  const userId = await oauth.signedInUser(req.headers)
  if (userId) return reply.redirect(await oauth.approve(target, userId, text(f, 'state')), 302)
  return page(reply, 200, loginPage(f, target.title, ''))
}

async function authorizePost(oauth: OAuthService, signIn: SignInService, req: FastifyRequest, reply: FastifyReply) {
  const f = fieldsOf(req)
  const target = await oauth.authorizable(text(f, 'client_id') ?? '', text(f, 'redirect_uri'))
  if (!target) return page(reply, 400, errorPage())
  // The console's cookie is SameSite=Strict, so an app's cross-site redirect here arrives without it;
  // this same-origin form post carries it, and the signed-in user approves without a password.
  if (text(f, 'use_session') === '1') {
    const sessionUser = await oauth.signedInUser(req.headers)
    if (!sessionUser) return page(reply, 401, loginPage(f, target.title, 'You are not signed in to the console in this browser.'))
    return reply.redirect(await oauth.approve(target, sessionUser, text(f, 'state')), 302)
  }
  const result = await signIn.signIn(text(f, 'login') ?? '', text(f, 'password') ?? '', req.ip ?? null)
  if (!result.ok && result.reason === 'locked') {
    reply.header('retry-after', String(result.retryAfter))
    return page(reply, 429, loginPage(f, target.title, `Too many failed attempts. Try again in ${Math.ceil(result.retryAfter / 60)} min.`))
  }
  if (!result.ok) return page(reply, 401, loginPage(f, target.title, 'Wrong e-mail or password.'))
  return reply.redirect(await oauth.approve(target, result.user.id, text(f, 'state')), 302)
}

/** Client credentials come as parameters (as Bitrix24 documents) or in HTTP Basic (as OAuth libraries send them). */
function basicCredentials(req: FastifyRequest): { client_id?: string; client_secret?: string } {
  const header = req.headers.authorization
  if (!header?.startsWith('Basic ')) return {}
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return {}
  const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
  try {
    return { client_id: unform(decoded.slice(0, colon)), client_secret: unform(decoded.slice(colon + 1)) }
  } catch {
    return {}
  }
}

async function tokenRoute(oauth: OAuthService, req: FastifyRequest, reply: FastifyReply) {
  const f = fieldsOf(req)
  const basic = basicCredentials(req)
  const tokenRequest: TokenRequest = {
    grant_type: text(f, 'grant_type'),
    client_id: text(f, 'client_id') ?? basic.client_id,
    client_secret: text(f, 'client_secret') ?? basic.client_secret,
    code: text(f, 'code'),
    refresh_token: text(f, 'refresh_token'),
  }
  reply.header('cache-control', 'no-store').header('content-type', 'application/json; charset=utf-8')
  try {
    return reply.code(200).send(await oauth.token(tokenRequest))
  } catch (e) {
    if (e instanceof OAuthError) return reply.code(e.status).send({ error: e.code, error_description: e.description })
    throw e
  }
}

function page(reply: FastifyReply, status: number, html: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .send(html)
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${esc(title)}</title><style>body{font:16px system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}` +
    `label,input,button{display:block;width:100%;box-sizing:border-box;margin:.4rem 0}input,button{padding:.5rem}.e{color:#b00}</style>` +
    `</head><body>${body}</body></html>`
}

function errorPage(): string {
  return shell('Authorization failed', '<h1>Authorization failed</h1><p>The application is unknown, not installed, or has no return address.</p>')
}

function loginPage(f: Fields, appTitle: string, error: string): string {
  const hidden = ['client_id', 'state', 'redirect_uri']
    .map((name) => [name, text(f, name)] as const)
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => `<input type="hidden" name="${name}" value="${esc(v ?? '')}">`)
    .join('')
  return shell(
    'Sign in',
    `<h1>Sign in</h1><p>to allow <b>${esc(appTitle)}</b> to work with your account.</p>` +
      (error ? `<p class="e">${esc(error)}</p>` : '') +
      `<form method="post" action="/oauth/authorize/">${hidden}` +
      `<label>E-mail<input name="login" type="email" autocomplete="username" required value="${esc(text(f, 'login') ?? '')}"></label>` +
      `<label>Password<input name="password" type="password" autocomplete="current-password" required></label>` +
      `<button type="submit">Sign in</button></form>` +
      `<form method="post" action="/oauth/authorize/">${hidden}<input type="hidden" name="use_session" value="1">` +
      `<button type="submit">Continue as the user signed in to the console</button></form>`,
  )
}
