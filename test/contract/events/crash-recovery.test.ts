import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from './receiver.js'

/**
 * A real server process, killed with SIGKILL while its deliveries are in
 * flight, then started again on the same store: every event still arrives.
 */
describe('delivery survives SIGKILL of the server', () => {
  let rx: Receiver
  let dataDir: string
  let databaseUrl: string | null = null
  let dbName = ''
  const baseUrl = process.env.DATABASE_URL
  let server: ChildProcess | null = null
  let port = 0

  beforeAll(async () => {
    rx = await startReceiver('/install')
    dataDir = mkdtempSync(path.join(tmpdir(), 'openlines-kill-'))
    port = 18300 + ((rx.port - 18300 + 50) % 100)
    if (baseUrl) {
      dbName = `openlines_kill_${process.pid}`
      const c = new pg.Client({ connectionString: baseUrl })
      await c.connect()
      await c.query(`drop database if exists ${dbName}`)
      await c.query(`create database ${dbName}`)
      await c.end()
      const u = new URL(baseUrl)
      u.pathname = `/${dbName}`
      databaseUrl = u.toString()
    }
  }, 60_000)

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r))
      server.kill('SIGKILL')
      await exited
    }
    await rx.close()
    rmSync(dataDir, { recursive: true, force: true })
    if (baseUrl && dbName) {
      const c = new pg.Client({ connectionString: baseUrl })
      await c.connect()
      await c.query(`drop database if exists ${dbName} with (force)`)
      await c.end()
    }
  }, 120_000)

  function start(): Promise<{ proc: ChildProcess; output: () => string }> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: dataDir,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        LOG_LEVEL: 'warn',
        EVENTS_ALLOW_PRIVATE_HANDLERS: '1',
        EVENTS_TIMEOUT_MS: '500',
        EVENTS_POLL_MS: '50',
        EVENTS_RETRY_BASE_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()))
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()))
    server = proc
    return new Promise((resolve, reject) => {
      const until = Date.now() + 60_000
      const poll = async () => {
        if (proc.exitCode !== null) return reject(new Error(`server exited: ${out}`))
        try {
          if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return resolve({ proc, output: () => out })
        } catch {
          // not listening yet
        }
        if (Date.now() > until) return reject(new Error(`server did not start: ${out}`))
        setTimeout(poll, 200)
      }
      void poll()
    })
  }

  it('delivers what was in flight after a restart, under the same delivery ids', async () => {
    rx.behave(() => 'hang')
    const first = await start()
    const hook = /(\/rest\/1\/[a-z0-9]+\/)/.exec(first.output())?.[1]
    expect(hook).toBeTruthy()
    for (let i = 1; i <= 3; i++) {
      const res = await fetch(`http://127.0.0.1:${port}${hook}openlines.app.add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ TITLE: `App ${i}`, SCOPE: 'imopenlines', INSTALL_HANDLER: `${rx.url}?app=${i}` }),
      })
      expect(res.status).toBe(200)
    }
    const inFlight = await rx.waitFor(3, 20_000)
    expect(inFlight).toHaveLength(3)
    const ids = new Set(inFlight.map((r) => r.headers['x-openlines-delivery']))
    first.proc.kill('SIGKILL')
    await new Promise((r) => first.proc.once('exit', r))

    rx.behave(() => ({ status: 200 }))
    await start()
    const all = await rx.waitFor(6, 30_000)
    const again = all.slice(3)
    expect(new Set(again.map((r) => r.headers['x-openlines-delivery']))).toEqual(ids)
    expect(again.every((r) => r.body.startsWith('event=ONAPPINSTALL&'))).toBe(true)
    // The server recorded them as delivered.
    let delivered = 0
    for (let i = 0; i < 50 && delivered < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${port}${hook}openlines.event.delivery.list`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ FILTER: { STATE: 'delivered' } }),
      })
      delivered = ((await res.json()) as { total: number }).total
      if (delivered < 3) await new Promise((r) => setTimeout(r, 100))
    }
    expect(delivered).toBe(3)
  }, 120_000)
})
