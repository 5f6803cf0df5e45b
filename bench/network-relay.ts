/**
 * Messages per second from users of one server to a line published by another,
 * through the network outbox (signed HTTP calls on 127.0.0.1): one conversation
 * (strictly one message in flight, so bound by the round trip) and many
 * conversations at once. Each server has a store of its own.
 *   npx tsx bench/network-relay.ts                      (two in-memory PGlite)
 *   DATABASE_URL=postgres://... npx tsx bench/network-relay.ts
 * BENCH_ROUNDS (default "1x200,50x20": conversations x messages each).
 */
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { bootstrapFirstStart } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { createDeps } from '../src/container.js'
import type { Deps } from '../src/deps.js'
import { createLogger } from '../src/platform/logger.js'
import type { Actor } from '../src/rest/actor.js'
import { openStore, type Store } from '../src/storage/db.js'
import { createDispatcher } from '../src/rest/dispatch.js'
import { ApiLines } from '../test/helpers/api-lines.js'
import { bulkOperators, fmt } from './dialogues-setup.js'

const ROUNDS = (process.env.BENCH_ROUNDS ?? '1x200,50x20').split(',').map((r) => r.split('x').map(Number) as [number, number])
const KEY = 'bench-network-key-0123456789abcdef0123'

async function server(id: string): Promise<{ deps: Deps; url: string; hook: { userId: string; code: string }; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL
  let store: Store
  let drop: () => Promise<void>
  const schema = `bench_net_${id}_${process.pid}`
  if (url) {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema "${schema}"`)
    await admin.end()
    store = await openStore({ databaseUrl: url, dataDir: '', schema, poolSize: 16 })
    drop = async () => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema "${schema}" cascade`)
      await c.end()
    }
  } else {
    const pglite = await PGlite.create()
    store = await openStore({ databaseUrl: null, dataDir: '', pglite })
    drop = () => pglite.close()
  }
  const base = loadConfig({ PUBLIC_URL: `http://${id}.bench` })
  const config = { ...base, rateLimitBurst: 0, network: { ...base.network, serverId: id, pollMs: 5, retryBaseMs: 20, retryCapMs: 200 } }
  const deps = await createDeps(config, { store, logger: createLogger('silent') })
  const [, , userId, hookCode] = new URL((await bootstrapFirstStart(deps))!.webhookUrl).pathname.split('/')
  const { app } = await buildApp(deps)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('no address')
  return {
    deps, url: `http://127.0.0.1:${address.port}`, hook: { userId, code: hookCode },
    async close() {
      await deps.network.outbox.stop()
      await app.close()
      await store.close()
      await drop()
    },
  }
}

const actorOf = (userId: number): Actor => ({ kind: 'webhook', userId, isAdmin: false, scopes: 'all', credentialKey: `b${userId}`, webhookId: null, appId: null, clientId: null })

async function main(): Promise<void> {
  const a = await server('a')
  const b = await server('b')
  await a.deps.db.transaction().execute((t) => a.deps.network.service.addPeer(t, { id: 'b', url: b.url, key: KEY }))
  await b.deps.db.transaction().execute((t) => b.deps.network.service.addPeer(t, { id: 'a', url: a.url, key: KEY }))
  const operators = await bulkOperators(a.deps, 20)
  const line = await new ApiLines((method, params) => createDispatcher(a.deps)({ method, params, credentials: { webhook: a.hook } })).add({ lineName: 'Bench', queue: operators })
  const code = (await a.deps.db.transaction().execute((t) => a.deps.network.service.publish(t, 1, line.id))).code
  const botId = await b.deps.network.service.join(actorOf(1), code)
  b.deps.network.outbox.start()

  process.stdout.write(`store: ${process.env.DATABASE_URL ? 'postgresql' : 'pglite'} (one per server)\n`)
  for (const [conversations, each] of ROUNDS) {
    const users = await bulkOperators(b.deps, conversations, `U${conversations}x${each}-`)
    const countOnA = async () => Number((await sql<{ n: string }>`select count(*) as n from messages m join chats c on c.id = m.chat_id
      where c.connector_id = 'network' and m.author_id = c.guest_user_id`.execute(a.deps.db)).rows[0].n)
    const before = await countOnA()
    const total = conversations * each
    const started = performance.now()
    await Promise.all(users.map(async (userId) => {
      for (let i = 0; i < each; i++) {
        await b.deps.db.transaction().execute((t) => b.deps.dialogues.im.add(t, actorOf(userId), { DIALOG_ID: botId, MESSAGE: `m${i}` }))
      }
    }))
    const written = performance.now()
    while ((await countOnA()) - before < total) await new Promise((r) => setTimeout(r, 10))
    const arrived = performance.now()
    process.stdout.write(`${conversations} conversation(s) x ${each}: written on B ${fmt(total / ((written - started) / 1000), 0)}/s; ` +
      `all ${total} on A after ${fmt((arrived - started) / 1000)} s = ${fmt(total / ((arrived - started) / 1000), 0)} messages/s end to end\n`)
  }
  await b.close()
  await a.close()
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
