/**
 * imopenlines.config.list.get on 10,000 lines, embedded PGlite (in memory),
 * through the whole HTTP path in-process (app.inject): parsing, auth,
 * validation, transaction, query, shaping, JSON. Prints latency per scenario,
 * and the CPU time this process spent per call (what the latency would be on
 * an idle core: other processes on a busy machine inflate wall times), next
 * to server.time as the floor any call pays. It runs twice: as stored, and
 * after ANALYZE. Embedded PGlite runs no autovacuum, so its tables have no
 * planner statistics until someone runs ANALYZE (PostgreSQL's autovacuum
 * does this by itself).
 *
 *   npx tsx bench/lines-list.ts [lines=10000] [iterations=200]
 */
import { loadavg } from 'node:os'
import { PGlite } from '@electric-sql/pglite'
import { buildApp } from '../src/app.js'
import { bootstrapFirstStart } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { createDeps } from '../src/container.js'
import { parseLineParams } from '../src/lines/line-params.schemas.js'
import { createLogger } from '../src/platform/logger.js'
import type { Actor } from '../src/rest/actor.js'
import { openStore } from '../src/storage/db.js'
import { insertUser } from '../src/users/users.repo.js'

const LINES = Number(process.argv[2] ?? 10_000)
const ITERATIONS = Number(process.argv[3] ?? 200)
const admin: Actor = { kind: 'webhook', userId: 1, isAdmin: true, scopes: 'all', credentialKey: 'bench', webhookId: null, appId: null, clientId: null }

async function setUp() {
  const pglite = await PGlite.create()
  const store = await openStore({ databaseUrl: null, dataDir: '', pglite })
  const deps = await createDeps(loadConfig({ PUBLIC_URL: 'http://bench.local', RATE_LIMIT_BURST: '0' }), { store, logger: createLogger('silent') })
  const first = await bootstrapFirstStart(deps)
  if (!first) throw new Error('store not empty')
  const dept = await deps.db.insertInto('departments').values({ name: 'Support', parent_id: null, head_id: null }).returning('id').executeTakeFirstOrThrow()
  const operator = await insertUser(deps.db, { name: 'Operator', departments: [dept.id] })
  const hook = await deps.auth.createWebhook({ userId: operator.id, scopes: ['imopenlines'] })
  const topics = ['support', 'sales', 'billing', 'delivery']
  const types = ['evenly', 'strictly', 'all']
  const t0 = performance.now()
  for (let start = 0; start < LINES; start += 500) {
    await deps.db.transaction().execute(async (tx) => {
      for (let i = start; i < Math.min(start + 500, LINES); i++) {
        const queue = i % 100 === 0 ? [{ ENTITY_TYPE: 'department', ENTITY_ID: dept.id }] : i % 10 === 0 ? [{ ENTITY_TYPE: 'user', ENTITY_ID: 1 }] : []
        const params = { LINE_NAME: `Line ${i} ${topics[i % 4]}`, ACTIVE: i % 3 ? 'Y' : 'N', QUEUE_TYPE: types[i % 3], QUEUE: queue }
        await deps.lines.add(admin, parseLineParams(params), tx)
      }
    })
  }
  console.log(`setup: ${LINES} lines in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const { app } = await buildApp(deps)
  await app.ready()
  return {
    app,
    adminHook: new URL(first.webhookUrl).pathname,
    operatorHook: new URL(hook.url).pathname,
    analyze: () => pglite.query('analyze'),
    close: () => app.close().then(() => pglite.close()),
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function main() {
  const env = await setUp()
  const scenarios: Array<{ name: string; hook: string; body: Record<string, unknown>; method?: string }> = [
    { name: 'baseline: server.time', hook: env.adminHook, body: {}, method: 'server.time' },
    { name: 'ACTIVE=Y, all fields, 50', hook: env.adminHook, body: { PARAMS: { filter: { ACTIVE: 'Y' } } } },
    { name: '%LINE_NAME=support, 3 fields, 50', hook: env.adminHook, body: { PARAMS: { select: ['ID', 'LINE_NAME', 'ACTIVE'], filter: { '%LINE_NAME': 'support' } } } },
    { name: '>ID <ID window, 2 fields, 50', hook: env.adminHook, body: { PARAMS: { select: ['ID', 'LINE_NAME'], filter: { '>ID': 5000, '<ID': 5100 } } } },
    { name: 'QUEUE_TYPE=strictly, offset 3000', hook: env.adminHook, body: { PARAMS: { filter: { QUEUE_TYPE: 'strictly' }, offset: 3000 } } },
    { name: 'order LINE_NAME desc, 200, +QUEUE', hook: env.adminHook, body: { PARAMS: { order: { LINE_NAME: 'DESC' }, limit: 200 }, OPTIONS: { QUEUE: 'Y', CONFIG_QUEUE: 'Y' } } },
    { name: 'operator (queued on 1%), ACTIVE=Y', hook: env.operatorHook, body: { PARAMS: { filter: { ACTIVE: 'Y' } } } },
  ]
  for (const pass of ['as stored (no statistics)', 'after ANALYZE']) {
    if (pass === 'after ANALYZE') await env.analyze()
    await run(env.app, scenarios, pass)
  }
  await env.close()
}

type Env = Awaited<ReturnType<typeof setUp>>

async function run(app: Env['app'], scenarios: Array<{ name: string; hook: string; body: Record<string, unknown>; method?: string }>, pass: string) {
  console.log(`\nimopenlines.config.list.get on ${LINES} lines, PGlite in memory, ${pass}, ${ITERATIONS} calls each (ms); load average ${loadavg()[0].toFixed(1)}:`)
  console.log('scenario'.padEnd(38), 'rows'.padStart(5), 'p50'.padStart(7), 'p95'.padStart(7), 'p99'.padStart(7), 'max'.padStart(7), 'cpu/call'.padStart(9))
  for (const s of scenarios) {
    const call = () => app.inject({ method: 'POST', url: `${s.hook}${s.method ?? 'imopenlines.config.list.get'}`, payload: s.body })
    const probe = await call()
    if (probe.statusCode !== 200) throw new Error(`${s.name}: ${probe.body}`)
    for (let i = 0; i < 20; i++) await call()
    const times: number[] = []
    const cpu0 = process.cpuUsage()
    for (let i = 0; i < ITERATIONS; i++) {
      const t0 = performance.now()
      const res = await call()
      times.push(performance.now() - t0)
      if (res.statusCode !== 200) throw new Error(`${s.name}: ${res.body}`)
    }
    const cpu = process.cpuUsage(cpu0)
    times.sort((a, b) => a - b)
    const f = (n: number) => n.toFixed(2).padStart(7)
    const rows = Array.isArray(probe.json().result) ? String(probe.json().result.length) : '-'
    const cpuPerCall = ((cpu.user + cpu.system) / 1000 / ITERATIONS).toFixed(2).padStart(9)
    console.log(s.name.padEnd(38), rows.padStart(5), f(percentile(times, 50)), f(percentile(times, 95)), f(percentile(times, 99)), f(times[times.length - 1]), cpuPerCall)
  }
}

await main()
