import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bootstrapFirstStart } from '../../src/bootstrap.js'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/container.js'
import type { Deps } from '../../src/deps.js'
import { createLogger } from '../../src/platform/logger.js'
import { createDispatcher } from '../../src/rest/dispatch.js'
import { openStore, type Store } from '../../src/storage/db.js'
import { insertUser } from '../../src/users/users.repo.js'
import { ApiLines } from '../helpers/api-lines.js'

const url = process.env.DATABASE_URL
const root = path.resolve(import.meta.dirname, '../..')
const OPERATORS = 6
const DIALOGUES = 5
const PORTS = [18601, 18602]

function serve(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/dialogue-server.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000)
    const onData = (d: Buffer) => {
      out += d.toString()
      if (out.includes('dialogue server ready')) {
        clearTimeout(timer)
        resolve(child)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)))
  })
}

async function post(port: number, hook: string, method: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}${hook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return (await res.json()) as Record<string, unknown>
}

// Two server processes on one PostgreSQL: of N operators answering one dialogue at once, exactly one wins.
describe.skipIf(!url)('answer race across two server processes', () => {
  const schema = `race_${process.pid}_${Date.now()}`
  let store: Store
  let deps: Deps
  const servers: ChildProcess[] = []
  const hooks: string[] = []
  let lineId = 0
  const lineSettings = [{ queueType: 'all' as const, queue: [] as number[] }]

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema "${schema}"`)
    await admin.end()
    store = await openStore({ databaseUrl: url!, dataDir: '', schema, poolSize: 4 })
    deps = await createDeps(loadConfig({ PUBLIC_URL: 'http://openlines.test' }), { store, logger: createLogger('silent') })
    const adminHook = new URL((await bootstrapFirstStart(deps))!.webhookUrl).pathname.split('/')
    const dispatch = createDispatcher(deps)
    const lines = new ApiLines((method, params) =>
      dispatch({ method, params, credentials: { webhook: { userId: adminHook[2], code: adminHook[3] } } }))
    for (let i = 0; i < OPERATORS; i++) {
      const u = await insertUser(deps.db, { name: `Op${i}` })
      await deps.db.updateTable('users').set({ is_online: true }).where('id', '=', u.id).execute()
      lineSettings[0].queue.push(u.id)
      hooks.push(new URL((await deps.auth.createWebhook({ userId: u.id, scopes: ['imopenlines', 'im'] })).url).pathname)
    }
    lineId = (await lines.add(lineSettings[0])).id
    const env = { DATABASE_URL: url!, SCHEMA: schema }
    servers.push(...(await Promise.all(PORTS.map((port) => serve({ ...env, PORT: String(port) })))))
  }, 120_000)

  afterAll(async () => {
    for (const s of servers) s.kill('SIGTERM')
    await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.on('exit', r)))))
    await store?.close()
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`drop schema if exists "${schema}" cascade`)
    await admin.end()
  })

  it('gives every dialogue to exactly one of the operators answering it at once', async () => {
    for (let d = 0; d < DIALOGUES; d++) {
      const res = await deps.dialogues.receiveCustomerMessage({
        connector: 'livechat', lineId, connectorChatId: `race${d}`, connectorUserId: `race${d}`, message: { text: 'Who answers?' },
      })
      const offered = await deps.db.selectFrom('sessions').selectAll().where('id', '=', res.sessionId).executeTakeFirstOrThrow()
      expect(offered.offered_to).toHaveLength(OPERATORS)
      const answers = await Promise.all(
        hooks.map((hook, i) => post(PORTS[i % PORTS.length], hook, 'imopenlines.operator.answer', { CHAT_ID: res.chatId })),
      )
      const winners = answers.flatMap((a, i) => (a.result === true ? [lineSettings[0].queue[i]] : []))
      expect(winners).toHaveLength(1)
      expect(answers.filter((a) => a.error === 'ACCESS_DENIED')).toHaveLength(OPERATORS - 1)
      const after = await deps.db.selectFrom('sessions').selectAll().where('id', '=', res.sessionId).executeTakeFirstOrThrow()
      expect(after).toMatchObject({ status: 'answered', operator_id: winners[0], offered_to: [] })
    }
    const load = await deps.db.selectFrom('operator_load').select((eb) => eb.fn.sum<number>('answered').as('n')).where('line_id', '=', lineId).executeTakeFirstOrThrow()
    expect(Number(load.n)).toBe(DIALOGUES)
  }, 120_000)
})
