import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { lineAccess, PUBLIC_PATH } from '../lines/index.js'
import { hasAnyScope, hasScope, type Actor } from '../rest/actor.js'
import { appConnector } from '../connectors/index.js'
import { consoleCredentials } from '../console/index.js'
import { findChat, findMember } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { widgetFile } from './widget-files.repo.js'
import { isRestError } from '../platform/errors.js'
import { mountSocket } from '../realtime/index.js'
import { createRateLimiter } from './rate-limit.js'
import { visitorSocketPolicy } from './visitor-socket.js'
import { createWidgetService, widgetErrors, type WidgetService } from './widget.service.js'
import { chatPage, demoPage } from './widget-pages.js'

/** Built browser code: web/widget/dist beside the sources, or beside dist/ after `npm run build`. */
function assetsDir(): string | null {
  for (const rel of ['../../web/widget/dist/', '../../../web/widget/dist/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(`${dir}widget.js`)) return dir
  }
  return null
}

type Body = Record<string, unknown>

/**
 * The website widget's public endpoints, at the public path config.path.get
 * answers (PUBLIC_PATH): pages and scripts, a small JSON API that knows only
 * the visitor's token, and the visitor's socket. Nothing here is under /rest.
 */
export function registerWidgetRoutes(app: FastifyInstance, deps: Deps): WidgetService {
  const maxFileBytes = deps.config.widgetFileMaxBytes
  const widget = createWidgetService({ db: deps.db, clock: deps.clock, ids: deps.ids, dialogues: deps.dialogues, publicUrl: deps.config.publicUrl, maxFileBytes })
  const now = () => deps.clock.monotonic()
  const perIp = createRateLimiter({ limit: 300, windowMs: 60_000, now })
  const perVisitor = createRateLimiter({ limit: 60, windowMs: 60_000, now })
  const base = PUBLIC_PATH.replace(/\/$/, '')
  const dir = assetsDir()
  const asset = (name: string) => (dir ? readFileSync(`${dir}${name}`, 'utf8') : null)
  const scripts = { 'loader.js': asset('loader.js'), 'widget.js': asset('widget.js') }

  for (const [name, body] of Object.entries(scripts)) {
    app.get(`${base}/${name}`, async (_req, reply) => {
      if (body === null) return reply.code(404).send({ error: 'NOT_BUILT', error_description: 'Run npm run build to build the widget' })
      return reply.header('content-type', 'application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(body)
    })
  }
  app.get(`${base}/chat`, async (req, reply) => reply.header('content-type', 'text/html; charset=utf-8').send(chatPage(base, lineOf(req.query))))
  app.get(`${base}/demo`, async (req, reply) => reply.header('content-type', 'text/html; charset=utf-8').send(demoPage(base, lineOf(req.query))))

  async function guarded(req: FastifyRequest, reply: FastifyReply, run: (token: string | null) => Promise<unknown>) {
    const token = typeof req.headers['x-widget-token'] === 'string' ? req.headers['x-widget-token'] : null
    if (!perIp(`ip:${req.ip}`) || (token && !perVisitor(`v:${token}`))) {
      return reply.code(429).send({ error: 'RATE_LIMITED', error_description: 'Too many requests, try again in a minute' })
    }
    try {
      return await run(token)
    } catch (e) {
      if (isRestError(e)) return reply.code(e.status).send({ error: e.code, error_description: e.description })
      throw e
    }
  }
  const body = (req: FastifyRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {})

  app.post(`${base}/api/start`, (req, reply) => guarded(req, reply, async (token) => {
    const res = await widget.start(Number(body(req).line), token, body(req).identity)
    return { token: res.token, line: res.line, ...(await widget.history(res.visitor, 0)) }
  }))
  app.get(`${base}/api/history`, (req, reply) => guarded(req, reply, async (token) =>
    widget.history(await widget.visitorOf(token), Number((req.query as Body).after) || 0)))
  app.post(`${base}/api/message`, (req, reply) => guarded(req, reply, async (token) => {
    const b = body(req)
    return widget.send(await widget.visitorOf(token), b.text, b.clientId, b.name)
  }))
  app.post(`${base}/api/vote`, (req, reply) => guarded(req, reply, async (token) => widget.vote(await widget.visitorOf(token), body(req).like === true)))
  app.post(`${base}/api/read`, (req, reply) => guarded(req, reply, async (token) => widget.read(await widget.visitorOf(token), Number(body(req).upTo) || 0)))
  app.post(`${base}/api/button`, (req, reply) => guarded(req, reply, async (token) =>
    widget.button(await widget.visitorOf(token), Number(body(req).messageId), Number(body(req).button))))
  mountSocket(app, deps.realtime.hub, visitorSocketPolicy(widget, deps.realtime.feed, `${base}/api/socket`))

  // A file is the raw request body (application/octet-stream), its name in ?name=; one byte over the limit is enough to refuse it.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: maxFileBytes + 1 }, (_req, data, done) => done(null, data))
    scope.setErrorHandler((err: { code?: string; statusCode?: number }, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const e = widgetErrors.fileTooLarge(maxFileBytes)
        return reply.code(e.status).send({ error: e.code, error_description: e.description })
      }
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ error: 'FILE_TYPE', error_description: 'Send the file as application/octet-stream' })
      throw err
    })
    scope.post(`${base}/api/file`, (req, reply) => guarded(req, reply, async (token) => {
      const v = await widget.visitorOf(token)
      const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      const q = req.query as Body
      return widget.sendFile(v, q.name, content, q.clientId)
    }))
  })
  app.get(`${base}/file/:id`, (req, reply) => serveFile(req, reply))
  app.get(`${base}/file/:id/:name`, (req, reply) => serveFile(req, reply))

  /** The visitor of the file's chat (by token), or an operator who may see that chat (the REST credentials). */
  function serveFile(req: FastifyRequest, reply: FastifyReply) {
    return guarded(req, reply, async (token) => {
      const id = Number((req.params as Body).id)
      const f = token ? await widget.visitorFile(await widget.visitorOf(token), id) : await operatorFile(req, id)
      const content = Buffer.from(f.content)
      const inline = f.mime.startsWith('image/')
      return reply.header('content-type', f.mime).header('content-length', content.length)
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=86400').send(content)
    })
  }

  async function operatorFile(req: FastifyRequest, id: number) {
    const actor = await fileReader(req)
    if (!actor) throw widgetErrors.token()
    const f = Number.isSafeInteger(id) && id > 0 ? await widgetFile(deps.db, id) : undefined
    if (!f || f.chat_id === null || !(await mayRead(deps.db, actor, f.chat_id))) throw widgetErrors.fileNotFound()
    return f
  }

  /**
   * Who asks for a file: REST credentials (`?auth=` or a Bearer token, `?webhook=<user id>/<code>`), or the
   * console's cookie with `?csrf=` (as its socket takes them), since an <img> or a link cannot send a header.
   */
  async function fileReader(req: FastifyRequest): Promise<Actor | null> {
    const q = req.query as Body
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const hook = typeof q.webhook === 'string' ? /^(\d+)\/(\w+)$/.exec(q.webhook) : null
    const authToken = typeof q.auth === 'string' && q.auth ? q.auth : bearer
    if (authToken) return deps.auth.resolve({ authToken })
    if (hook) return deps.auth.resolve({ webhook: { userId: hook[1], code: hook[2] } })
    const session = q.csrf !== undefined ? consoleCredentials(req, deps.config.publicUrl, q.csrf) : null
    return session ? deps.auth.resolve({ console: session }) : null
  }
  return widget
}

function lineOf(q: unknown): number {
  const n = Number((q as Body | undefined)?.line)
  if (!Number.isInteger(n) || n <= 0) throw widgetErrors.line()
  return n
}

/**
 * As on the operator socket: a member of the chat, or allowed to see all of its line's dialogues (imopenlines or im
 * scope); or the app whose connector carries the chat (imconnector scope), which takes operators' files to its channel.
 */
async function mayRead(db: Executor, actor: Actor, chatId: number): Promise<boolean> {
  const chat = await findChat(db, chatId)
  if (!chat) return false
  if (actor.appId !== null && hasScope(actor, 'imconnector') && (await appConnector(db, chat.connector_id))?.app_id === actor.appId) return true
  if (!hasAnyScope(actor, ['imopenlines', 'im'])) return false
  if (await findMember(db, chat.id, actor.userId)) return true
  return (await lineAccess(db, actor, chat.line_id)).can('viewAllDialogues')
}
