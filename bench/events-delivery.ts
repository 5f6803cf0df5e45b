/**
 * Event delivery throughput and lag.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/events-delivery.ts [--rate 2000] [--seconds 20] [--chats 200]
 *   ... bench/events-delivery.ts --down 600 --rate 500     (receiver down for 600 s while events pile up: memory)
 *   ... bench/events-delivery.ts --down 600 --mem-every 30  (prints RSS and heap every 30 s while the backlog grows)
 *   ... bench/events-delivery.ts --backlog 20000          (queues 20000 events first, then times the worker draining them)
 *   ... bench/events-delivery.ts --record statement       (each event written by one statement, no BEGIN/COMMIT)
 *   ... bench/events-delivery.ts --backlog 20000 --profile drain.cpuprofile   (where the worker's CPU goes)
 *
 * One server process (the REST side recording events, one per transaction,
 * as domains do, and the delivery worker) on a fresh database; the receiver
 * runs in a second process on 127.0.0.1. Prints deliveries per second and
 * the lag from the change's commit to its arrival (p50/p99), and with --down
 * the process memory while the backlog grows and then drains.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { loadConfig } from '../src/config.js'
import { createDeps } from '../src/container.js'
import { bootstrapFirstStart } from '../src/bootstrap.js'
import { bindHandler, recordEvent } from '../src/events/index.js'
import { createLogger } from '../src/platform/logger.js'

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '20' },
    chats: { type: 'string', default: '200' },
    down: { type: 'string', default: '0' },
    port: { type: 'string', default: '18370' },
    'mem-every': { type: 'string', default: '30' },
    backlog: { type: 'string', default: '0' },
    receiver: { type: 'boolean', default: false },
    // How a change records its event: 'transaction' (BEGIN, the change's outbox write, COMMIT, as most domain
    // methods do) or 'statement' (the outbox rows written by the change's own single statement, as an operator's
    // reply in an answered dialogue does since planned-outbox.ts).
    record: { type: 'string', default: 'transaction' },
    // Writes a CPU profile of this process while it delivers (the drain with --backlog, else the whole run) to this file.
    profile: { type: 'string' },
  },
})
const rate = Number(values.rate)
const seconds = Number(values.seconds)
const chats = Number(values.chats)
const downSeconds = Number(values.down)
const port = Number(values.port)

if (values.receiver) receiverMain()
else await main()

/** The receiver process: answers 200, and reports arrival lags (ms) to the parent every 250 ms. */
function receiverMain(): void {
  void import('node:http').then(({ createServer }) => {
    let lags: number[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        const sent = /data%5BT%5D=(\d+)/.exec(body)
        if (sent) lags.push(Date.now() - Number(sent[1]))
        res.writeHead(200).end('ok')
      })
    })
    server.keepAliveTimeout = 60_000
    process.on('message', (m: string) => {
      if (m === 'listen') server.listen(port, '127.0.0.1', () => process.send?.('listening'))
      if (m === 'close') server.close(() => process.send?.('closed'))
      if (m === 'exit') process.exit(0)
      if (m === 'cpu') {
        const c = process.cpuUsage()
        process.send?.({ cpuMs: (c.user + c.system) / 1000 })
      }
    })
    setInterval(() => {
      if (lags.length) process.send?.(lags)
      lags = []
    }, 250)
    process.send?.('ready')
  })
}

/**
 * Counts statements where every connection sends them (pg's Connection: a
 * simple query, or the Sync that ends an extended one), so connections opened
 * before counting began, and each pool's own, are counted too.
 */
function countStatements(): { count: () => number; stop: () => void } {
  let n = 0
  const proto = (pg as unknown as { Connection: { prototype: Record<'query' | 'sync', (...a: unknown[]) => unknown> } }).Connection.prototype
  const { query, sync } = proto
  proto.query = function (this: unknown, ...a: unknown[]) { n++; return query.apply(this, a) }
  proto.sync = function (this: unknown, ...a: unknown[]) { n++; return sync.apply(this, a) }
  return { count: () => n, stop: () => { proto.query = query; proto.sync = sync } }
}

/** CPU time the whole machine spent busy so far (Linux /proc/stat), in ms; null elsewhere. */
function machineBusyMs(): number | null {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number)
    const [user, nice, system, , , irq, softirq, steal] = ticks
    return ((user + nice + system + irq + softirq + steal) * 1000) / 100
  } catch {
    return null
  }
}

/** The receiver's CPU time so far, in ms. */
function receiverCpuMs(receiver: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if (m && typeof m === 'object' && 'cpuMs' in m) {
        receiver.off('message', on)
        resolve((m as { cpuMs: number }).cpuMs)
      }
    }
    receiver.on('message', on)
    receiver.send('cpu')
  })
}

/**
 * Where the machine's CPU went per event: this server process, the receiver
 * (which a real deployment runs elsewhere), and the rest (PostgreSQL, the
 * kernel's loopback network, anything else running), and the rate that much
 * CPU per event allows on this machine's cores.
 */
async function cpuBreakdown(receiver: ChildProcess, events: number, start: { machine: number | null; server: number; receiver: number }): Promise<string> {
  const machine = machineBusyMs()
  const c = process.cpuUsage()
  const server = (c.user + c.system) / 1000 - start.server
  const recv = (await receiverCpuMs(receiver)) - start.receiver
  if (machine === null || start.machine === null) return `CPU per event: server ${(server / events).toFixed(3)} ms, receiver ${(recv / events).toFixed(3)} ms`
  const total = machine - start.machine
  const rest = Math.max(0, total - server - recv)
  const cores = (await import('node:os')).availableParallelism()
  return `CPU per event: server ${(server / events).toFixed(3)} ms, receiver ${(recv / events).toFixed(3)} ms, ` +
    `database and the rest ${(rest / events).toFixed(3)} ms; ${(total / events).toFixed(3)} ms in all, ` +
    `which ${cores} cores run at most ${Math.round((cores * events) / total * 1000)} times a second`
}

async function cpuStart(receiver: ChildProcess): Promise<{ machine: number | null; server: number; receiver: number }> {
  const c = process.cpuUsage()
  return { machine: machineBusyMs(), server: (c.user + c.system) / 1000, receiver: await receiverCpuMs(receiver) }
}

/** Starts the V8 profiler when --profile names a file; the returned function writes the profile there. */
async function startProfile(): Promise<() => Promise<void>> {
  const file = values.profile
  if (!file) return async () => {}
  const { Session } = await import('node:inspector/promises')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return async () => {
    const { profile } = await session.post('Profiler.stop')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, JSON.stringify(profile))
    session.disconnect()
    console.log(`CPU profile written to ${file}`)
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN
}

async function freshDatabase(): Promise<{ url: string | null; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL
  if (!base) {
    console.log('DATABASE_URL not set: running on embedded PGlite (memory://); the goal is stated for PostgreSQL')
    return { url: null, drop: async () => {} }
  }
  const name = `openlines_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const u = new URL(base)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

function waitFor(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if (m === what) {
        child.off('message', on)
        resolve()
      }
    }
    child.on('message', on)
  })
}

async function main(): Promise<void> {
  const db = await freshDatabase()
  const config = {
    // EVENTS_WAKE_SETTLE_MS=0 in the environment compares with a claim per wake.
    ...loadConfig({ DATA_DIR: 'memory://', PUBLIC_URL: 'http://127.0.0.1:1', EVENTS_WAKE_SETTLE_MS: process.env.EVENTS_WAKE_SETTLE_MS }),
    databaseUrl: db.url,
    dataDir: 'memory://',
  }
  config.events = { ...config.events, allowPrivateHandlers: true, retryBaseMs: 1000, retryCapMs: 30_000, maxAttempts: 1000 }
  const deps = await createDeps(config, { logger: createLogger('error') })
  await bootstrapFirstStart(deps)
  const app = await deps.db.transaction().execute((tx) => deps.apps.registry.register(tx, 1, { title: 'bench', scopes: ['imopenlines'] }))
  await deps.db.transaction().execute((tx) => bindHandler(tx, { appId: app.id, event: 'ONOPENLINEMESSAGEADD', handler: `http://127.0.0.1:${port}/h`, owner: '' }))

  const receiver = fork(new URL(import.meta.url).pathname, ['--receiver', '--port', String(port)], { execArgv: ['--import', 'tsx'] })
  await waitFor(receiver, 'ready')
  const lags: number[] = []
  receiver.on('message', (m) => {
    if (Array.isArray(m)) for (const v of m) lags.push(v as number)
  })
  if (downSeconds === 0) {
    receiver.send('listen')
    await waitFor(receiver, 'listening')
  }
  const backlog = Number(values.backlog)
  if (backlog > 0) {
    // The delivery side alone: events queued with the worker stopped, then drained to a live receiver.
    let n = 0
    const record = async () => {
      while (n < backlog) {
        const k = n++
        await deps.db.transaction().execute((tx) => recordEvent(tx, { event: 'ONOPENLINEMESSAGEADD', data: { T: Date.now(), N: k }, chatId: k % chats, userId: 1 }))
      }
    }
    await Promise.all(Array.from({ length: 16 }, record))
    const counter = countStatements()
    const cpu0 = process.cpuUsage()
    const usage0 = await cpuStart(receiver)
    const stopProfile = await startProfile()
    const t0 = Date.now()
    lags.length = 0
    deps.events.start()
    while (lags.length < backlog && Date.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 20))
    const secs = (Date.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    await stopProfile()
    console.log(`drained a backlog of ${backlog} events (${chats} chats) in ${secs.toFixed(1)} s: ${Math.round(lags.length / secs)} deliveries/s`)
    console.log(`server process CPU: ${((cpu.user + cpu.system) / 1000 / backlog).toFixed(3)} ms per delivery; database statements: ${(counter.count() / backlog).toFixed(2)} per delivery; load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`)
    console.log(await cpuBreakdown(receiver, backlog, usage0))
    counter.stop()
    await deps.events.stop()
    receiver.send('exit')
    await deps.store.close()
    await db.drop()
    return
  }
  const stopProfile = await startProfile()
  deps.events.start()

  // Statements sent to the database, a figure of work that a busy machine does not blur.
  const counter = countStatements()
  const cpu0 = process.cpuUsage()
  const usage0 = await cpuStart(receiver)
  let total = Math.round(rate * (downSeconds || seconds))
  let made = 0
  let inFlight = 0
  const started = Date.now()
  const rss: string[] = []
  const mb = (n: number) => Math.round(n / 1048576)
  const memTimer = setInterval(() => {
    global.gc?.()
    const m = process.memoryUsage()
    const line = `${Math.round((Date.now() - started) / 1000)}s rss ${mb(m.rss)} MB heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB external ${mb(m.external)} MB; recorded ${made}, delivered ${lags.length}`
    rss.push(`${Math.round((Date.now() - started) / 1000)}s ${mb(m.rss)} MB`)
    console.log(`memory: ${line}`)
  }, Number(values['mem-every']) * 1000)
  // Record at the target rate, one event per transaction, as a domain does.
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate))
      while (made < due && inFlight < 64) {
        const n = made++
        inFlight++
        const event = () => ({ event: 'ONOPENLINEMESSAGEADD', data: { T: Date.now(), N: n }, chatId: n % chats, userId: 1 })
        void (values.record === 'statement'
          ? recordEvent(deps.db, event())
          : deps.db.transaction().execute((tx) => recordEvent(tx, event()))
        ).finally(() => inFlight--)
      }
      // Down mode runs for its wall-clock time, whatever rate the machine manages.
      if (downSeconds > 0 && Date.now() - started >= downSeconds * 1000) total = made
      if (made >= total && inFlight === 0) {
        clearInterval(tick)
        resolve()
      }
    }, 5)
  })
  const produced = (Date.now() - started) / 1000
  console.log(`recorded ${total} events in ${produced.toFixed(1)} s (${Math.round(total / produced)}/s asked ${rate}/s), each ${values.record === 'statement' ? 'by one statement' : 'in its own transaction'}`)
  if (downSeconds > 0) {
    console.log(`receiver was down for ${downSeconds} s; memory (rss) meanwhile: ${rss.join(', ')}`)
    // Recording takes its own statements (BEGIN, outbox insert, COMMIT, the announcement); the rest is the worker parking and retrying.
    console.log(`database statements while it was down: ${(counter.count() / total).toFixed(2)} per event`)
    console.log(await cpuBreakdown(receiver, total, usage0))
    receiver.send('listen')
    await waitFor(receiver, 'listening')
  }
  const drainStart = Date.now()
  while (lags.length < total && Date.now() - drainStart < 600_000) await new Promise((r) => setTimeout(r, 100))
  const elapsed = (Date.now() - (downSeconds > 0 ? drainStart : started)) / 1000
  clearInterval(memTimer)
  const sorted = [...lags].sort((x, y) => x - y)
  console.log(`delivered ${lags.length}/${total} in ${elapsed.toFixed(1)} s: ${Math.round(lags.length / elapsed)} deliveries/s`)
  if (downSeconds === 0) console.log(`lag from commit to arrival: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms`)
  const cpu = process.cpuUsage(cpu0)
  await stopProfile()
  // CPU time is a steadier figure than wall time on a shared machine: it says what one core could carry.
  console.log(`server process CPU: ${((cpu.user + cpu.system) / 1000 / total).toFixed(3)} ms per event (recording + delivering), load average now ${(await import('node:os')).loadavg()[0].toFixed(1)}`)
  console.log(await cpuBreakdown(receiver, total, usage0))
  console.log(`database statements: ${(counter.count() / total).toFixed(2)} per event (recording and delivering, BEGIN/COMMIT included)`)
  console.log(`rss at the end: ${Math.round(process.memoryUsage().rss / 1048576)} MB; store: ${deps.store.kind}`)
  await deps.events.stop()
  receiver.send('exit')
  await deps.store.close()
  await db.drop()
}
