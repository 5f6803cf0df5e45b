import { existsSync, readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply } from 'fastify'

/** The built console: web/console/dist beside the sources, or beside dist/ after `npm run build`. */
function consoleDist(): string | null {
  for (const rel of ['../../web/console/dist/', '../../../web/console/dist/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(`${dir}index.html`)) return dir
  }
  return null
}

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/** Scripts and styles only from this server; the console talks to nothing else. */
const CSP = "default-src 'self'; img-src 'self' data: blob: https: http:; media-src 'self' https: http:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

/**
 * Serves the operator console's single-page app at /console: hashed assets
 * (cached for good) and index.html for every other path (the app routes in
 * the browser). /console/api/... belongs to the sign-in API and is never the app.
 */
export function registerConsoleStatic(app: FastifyInstance): void {
  const dir = consoleDist()
  const cache = new Map<string, Buffer>()
  const read = (name: string): Buffer | null => {
    if (!dir) return null
    let body = cache.get(name)
    if (!body) {
      if (!existsSync(`${dir}${name}`)) return null
      body = readFileSync(`${dir}${name}`)
      cache.set(name, body)
    }
    return body
  }
  const page = (reply: FastifyReply) => {
    const html = read('index.html')
    if (!html) return reply.code(503).type('text/plain; charset=utf-8').send('The console is not built: run npm run build')
    return reply.header('cache-control', 'no-cache').header('content-security-policy', CSP).header('x-frame-options', 'DENY')
      .header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin').type('text/html; charset=utf-8').send(html)
  }
  // The app's routes ignore a trailing slash: this serves /console and /console/.
  app.get('/console', (_req, reply) => page(reply))
  app.get('/console/*', (req, reply) => {
    const rest = (req.params as { '*': string })['*']
    if (rest === 'api' || rest.startsWith('api/')) return reply.code(404).send({ error: 'NOT_FOUND', error_description: 'No such console API' })
    const asset = /^assets\/([\w.-]+)$/.exec(rest)
    if (asset) {
      const body = read(`assets/${asset[1]}`)
      if (!body) return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
      return reply.header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff')
        .type(TYPES[extname(asset[1])] ?? 'application/octet-stream').send(body)
    }
    return page(reply)
  })
}
