/**
 * REST throughput: the real server (PGlite in a temp DATA_DIR, or PostgreSQL
 * with BENCH_DATABASE_URL, rate limit off) and a bare Fastify route returning
 * the same JSON as server.time, each in its own process, loaded with
 * autocannon from this one. Prints requests/s and p99 latency, the ratio
 * server.time / bare (goal >= 0.70), and a 50-command batch against 10 single
 * calls (goal: the batch costs less).
 *
 *   npm run bench    (BENCH_DURATION=10 BENCH_ROUNDS=2 BENCH_CONNECTIONS=20 BENCH_LOG_LEVEL=warn)
 *
 * BENCH_DATABASE_URL must name an empty database: the server prints its
 * administrator webhook only on a first start.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'

const SERVER_PORT = 18101
const BARE_PORT = 18102
const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const ROOT = path.resolve(import.meta.dirname, '..')

interface Row {
  name: string
  rps: number
  p99: number
  failed: number
  /** Server CPU (user + system) per request, in microseconds; NaN where /proc is not readable. */
  cpuUs: number
}

interface Child {
  match: RegExpExecArray
  pid: number
  stop(): Promise<void>
}

/**
 * CPU seconds a process has used, from /proc (Linux). On a machine shared with
 * other work, CPU per request is a steadier measure of the server's own cost
 * than requests per second.
 */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}

/** Starts `node --import tsx <script>` and resolves once its output matches `ready`. */
function startChild(script: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  let started = false
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 90_000)
    const onData = (chunk: Buffer) => {
      // The listener stays on after start so a chatty child never blocks on a full pipe.
      if (started) return
      output += chunk.toString()
      const match = ready.exec(output)
      if (!match) return
      started = true
      clearTimeout(timer)
      resolve({ match, pid: proc.pid ?? -1, stop: () => stopChild(proc) })
    }
    proc.stdout.on('data', onData)
    proc.stderr.on('data', onData)
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited with ${code}:\n${output}`))
    })
  })
}

function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    proc.once('exit', () => resolve())
    proc.kill('SIGTERM')
  })
}

async function load(name: string, url: string, pid: number, opts: { method?: 'GET' | 'POST'; body?: string } = {}): Promise<Row> {
  const base = { url, connections: CONNECTIONS, method: opts.method ?? 'GET', body: opts.body, headers: { 'content-type': 'application/json' } }
  await autocannon({ ...base, duration: 2 })
  const cpu0 = cpuSeconds(pid)
  const r = await autocannon({ ...base, duration: DURATION })
  const cpuUs = ((cpuSeconds(pid) - cpu0) * 1e6) / r.requests.total
  return { name, rps: r.requests.average, p99: r.latency.p99, failed: r.errors + r.non2xx, cpuUs }
}

/** Mean milliseconds of `fn` over `n` runs after a warm-up, one at a time. */
async function meanMs(fn: () => Promise<void>, n = 200): Promise<number> {
  for (let i = 0; i < 20; i++) await fn()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await fn()
  return (performance.now() - t0) / n
}

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, init)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function batchVersusSingles(hook: string): Promise<{ batchMs: number; singlesMs: number }> {
  const body = JSON.stringify({ cmd: Array.from({ length: 50 }, () => 'server.time') })
  const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body }
  const probe = await getJson(`${hook}batch`, post)
  const inner = probe.body.result as { result: unknown[]; result_error: unknown[] }
  if (probe.status !== 200 || inner.result.length !== 50) throw new Error(`batch failed: ${JSON.stringify(probe.body)}`)
  const batchMs = await meanMs(async () => void (await getJson(`${hook}batch`, post)))
  const singlesMs = await meanMs(async () => {
    for (let i = 0; i < 10; i++) await getJson(`${hook}server.time`)
  })
  return { batchMs, singlesMs }
}

function printTable(rows: Row[]): void {
  const fmt = (r: Row) =>
    `${r.name.padEnd(28)} ${Math.round(r.rps).toString().padStart(9)} ${r.p99.toFixed(1).padStart(9)} ${r.cpuUs.toFixed(1).padStart(11)} ${String(r.failed).padStart(7)}`
  console.log(`\n${'endpoint'.padEnd(28)} ${'req/s'.padStart(9)} ${'p99 ms'.padStart(9)} ${'cpu us/req'.padStart(11)} ${'failed'.padStart(7)}`)
  for (const r of rows) console.log(fmt(r))
}

function mean(name: string, runs: Row[]): Row {
  const avg = (pick: (r: Row) => number) => runs.reduce((sum, r) => sum + pick(r), 0) / runs.length
  return { name, rps: avg((r) => r.rps), p99: avg((r) => r.p99), failed: runs.reduce((sum, r) => sum + r.failed, 0), cpuUs: avg((r) => r.cpuUs) }
}

/** Bare and openlines in alternating rounds, so that a busy machine weighs on both alike. */
async function serverTimeRows(hook: string, pids: { bare: number; server: number }): Promise<[Row, Row]> {
  const bare: Row[] = []
  const ours: Row[] = []
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await load('bare', `http://127.0.0.1:${BARE_PORT}/rest/1/x/server.time`, pids.bare))
    ours.push(await load('openlines', `${hook}server.time`, pids.server))
  }
  return [mean('bare fastify (same JSON)', bare), mean('openlines server.time', ours)]
}

async function measure(hook: string, pids: { bare: number; server: number }): Promise<void> {
  const [bare, time] = await serverTimeRows(hook, pids)
  const rows = [bare, time]
  const userGet = await getJson(`${hook}method.get?name=user.get`)
  const hasUserGet = (userGet.body.result as { isExisting?: boolean } | undefined)?.isExisting === true
  if (hasUserGet) rows.push(await load('openlines user.get', `${hook}user.get`, pids.server))
  printTable(rows)
  if (!hasUserGet) console.log('user.get: not registered in this build, skipped')
  const ratio = time.rps / bare.rps
  console.log(`\nserver.time / bare = ${ratio.toFixed(2)} (goal >= 0.70) ${ratio >= 0.7 ? 'met' : 'NOT met'}`)
  console.log(`server CPU per request, bare / server.time = ${(bare.cpuUs / time.cpuUs).toFixed(2)} (the same ratio by cost, steadier on a busy machine)`)
  const { batchMs, singlesMs } = await batchVersusSingles(hook)
  console.log(`batch of 50 server.time: ${batchMs.toFixed(2)} ms; 10 single calls: ${singlesMs.toFixed(2)} ms (goal: batch < 10 singles) ${batchMs < singlesMs ? 'met' : 'NOT met'}`)
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'openlines-bench-'))
  const { DATABASE_URL: _ignored, ...env } = process.env
  const store = process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}
  const serverEnv = { ...env, ...store, PORT: String(SERVER_PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, RATE_LIMIT_BURST: '0', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' }
  console.log(`store: ${store.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; ${CONNECTIONS} connections, ${ROUNDS} x ${DURATION} s per server; log level ${serverEnv.LOG_LEVEL}`)
  const children: Child[] = []
  try {
    const bare = await startChild('bench/bare-server.ts', [String(BARE_PORT)], env, /ready/)
    children.push(bare)
    const server = await startChild('src/main.ts', [], serverEnv, /(http:\/\/\S+\/rest\/1\/\w+\/)/)
    children.push(server)
    await measure(server.match[1], { bare: bare.pid, server: server.pid })
  } finally {
    await Promise.all(children.map((c) => c.stop()))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
