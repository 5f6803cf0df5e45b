/**
 * Console sign-in cost: user.current called with the administrator's webhook and with a
 * console cookie session (cookie + CSRF header, looked up in console_sessions), and the
 * time one password sign-in takes (scrypt). Prints req/s and p99 for each.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/signin-sessions.ts
 */
import { PGlite } from '@electric-sql/pglite'
import autocannon from 'autocannon'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { bootstrapFirstStart } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { createDeps } from '../src/container.js'
import { createLogger } from '../src/platform/logger.js'
import { openStore } from '../src/storage/db.js'

const port = Number(process.env.BENCH_PORT ?? 18790)
const url = process.env.DATABASE_URL ?? null
const schema = `bench_signin_${process.pid}`

async function store() {
  if (!url) return openStore({ databaseUrl: null, dataDir: '', pglite: await PGlite.create() })
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await c.query(`create schema "${schema}"`)
  await c.end()
  return openStore({ databaseUrl: url, dataDir: '', schema })
}

async function main(): Promise<void> {
  const config = { ...loadConfig({ PORT: String(port) }), rateLimitBurst: 0 }
  const deps = await createDeps(config, { store: await store(), logger: createLogger('silent') })
  const hook = new URL((await bootstrapFirstStart(deps))!.webhookUrl).pathname
  const { app } = await buildApp(deps)
  await app.listen({ port, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${port}`
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  await deps.db.updateTable('users').set({ email: 'admin@example.com' }).where('id', '=', 1).execute()
  await post(`${hook}openlines.user.password.set`, { ID: 1, PASSWORD: 'bench password' })

  const times: number[] = []
  let cookie = ''
  let csrf = ''
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now()
    const res = await post('/console/api/login', { login: 'admin@example.com', password: 'bench password' })
    times.push(performance.now() - t0)
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
    csrf = ((await res.json()) as { csrf: string }).csrf
  }
  times.sort((x, y) => x - y)
  console.log(`${url ? 'PostgreSQL' : 'PGlite'}; 10 connections, 5 s each`)
  console.log(`password sign-in (scrypt N=16384), 20 in a row: median ${times[10].toFixed(1)} ms, max ${times[19].toFixed(1)} ms`)
  const runs: Array<[string, string, Record<string, string>]> = [
    ['user.current, webhook', `${base}${hook}user.current`, {}],
    ['user.current, console cookie + CSRF', `${base}/rest/user.current`, { cookie, 'x-console-csrf': csrf, origin: base }],
  ]
  for (const [label, target, headers] of runs) {
    const r = await autocannon({ url: target, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}', connections: 10, duration: 5 })
    const ok = r.non2xx === 0 ? '' : `  (${r.non2xx} non-2xx!)`
    console.log(`${label.padEnd(40)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p99 ${String(r.latency.p99).padStart(4)} ms${ok}`)
  }
  await app.close()
  await deps.store.close()
  if (url) {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    await c.query(`drop schema "${schema}" cascade`)
    await c.end()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
