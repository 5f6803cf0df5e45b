/**
 * Inbound customer messages per second through the internal entry point and
 * through im.message.add, against a bare single-row INSERT per request on the
 * same store, at several concurrency levels. im.message.add is also compared
 * with a REST method whose handler is that same single INSERT (same auth,
 * validation and transaction), which isolates what the dialogue logic costs.
 *   npx tsx bench/dialogues-ingest.ts            (embedded PGlite)
 *   DATABASE_URL=postgres://... npx tsx bench/dialogues-ingest.ts
 * BENCH_SECONDS (default 3, per kind), BENCH_CONCURRENCY (default "1,4,16"). The four kinds run
 * in turn in 250 ms slices, so that a busy machine weighs on each of them alike.
 */
import { Type } from '@sinclair/typebox'
import { sql } from 'kysely'
import { defineMethod } from '../src/rest/define-method.js'
import { createDispatcher } from '../src/rest/dispatch.js'
import { benchEnv, bulkOperators, fmt } from './dialogues-setup.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,4,16').split(',').map(Number)
const CUSTOMERS = 200

/** Slices of this length per kind, taken in turn, so that load from elsewhere on the machine falls on every kind alike. */
const SLICE_MS = 250

interface Meter { done: number; ms: number }

async function slice(m: Meter, concurrency: number, work: (worker: number, i: number) => Promise<unknown>, seq: { i: number }): Promise<void> {
  const started = performance.now()
  const until = started + SLICE_MS
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (performance.now() < until) {
      await work(worker, seq.i++)
      m.done++
    }
  }))
  m.ms += performance.now() - started
}

/** Per second for each kind, measured in interleaved slices for SECONDS per kind. */
async function rates(concurrency: number, kinds: Array<(worker: number, i: number) => Promise<unknown>>): Promise<number[]> {
  const meters = kinds.map(() => ({ done: 0, ms: 0 }))
  const seqs = kinds.map(() => ({ i: 0 }))
  const rounds = Math.max(1, Math.round((SECONDS * 1000) / SLICE_MS))
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < kinds.length; k++) {
      const at = (k + r) % kinds.length
      await slice(meters[at], concurrency, kinds[at], seqs[at])
    }
  }
  return meters.map((m) => m.done / (m.ms / 1000))
}

async function main(): Promise<void> {
  const env = await benchEnv(Math.max(...LEVELS) + 2)
  const { deps } = env
  const ops = await bulkOperators(deps, 20)
  const line = await env.lines.add({ queue: ops, queueType: 'evenly' })
  await sql`create table bench_baseline (id bigserial primary key, chat_id integer not null, text text not null, created_at timestamptz not null)`.execute(deps.db)
  const bareInsert = (db: typeof deps.db, w: number, i: number) =>
    db.insertInto('bench_baseline' as never).values({ chat_id: w, text: `m${i}`, created_at: deps.clock.now() } as never).execute()
  deps.registry.add(defineMethod({
    name: 'bench.insert', scope: 'im', input: Type.Object({ W: Type.Integer(), I: Type.Integer() }),
    handler: async ({ input, tx }) => { await bareInsert(tx as typeof deps.db, input.W, input.I); return true },
  }))
  const dispatch = createDispatcher(deps)

  // Warm dialogues: each customer's chat is open and answered, as most traffic is.
  const chats: Array<{ chatId: number; credentials: { webhook: { userId: string; code: string } } }> = []
  const hooks = new Map<number, { userId: string; code: string }>()
  for (const op of ops) {
    const [, , userId, code] = new URL((await deps.auth.createWebhook({ userId: op, scopes: ['im', 'imopenlines'] })).url).pathname.split('/')
    hooks.set(op, { userId, code })
  }
  for (let c = 0; c < CUSTOMERS; c++) {
    const r = await deps.dialogues.receiveCustomerMessage({ connector: 'telegrambot', lineId: line.id, connectorChatId: `b${c}`, connectorUserId: `b${c}`, message: { text: 'hi' } })
    const s = await deps.db.selectFrom('sessions').select('operator_id').where('id', '=', r.sessionId).executeTakeFirstOrThrow()
    const credentials = { webhook: hooks.get(s.operator_id ?? ops[0])! }
    await dispatch({ method: 'imopenlines.operator.answer', params: { CHAT_ID: r.chatId }, credentials })
    chats.push({ chatId: r.chatId, credentials })
  }

  process.stdout.write(`store: ${env.storeName}, ${SECONDS}s per measurement, ${CUSTOMERS} open dialogues\n`)
  process.stdout.write(`${'concurrency'.padEnd(12)}${'bare INSERT/s'.padStart(14)}${'inbound/s'.padStart(11)}${'ratio'.padStart(7)}${'REST INSERT/s'.padStart(15)}${'im.message.add/s'.padStart(18)}${'vs bare'.padStart(9)}${'vs REST'.padStart(9)}\n`)
  let seq = 0
  for (const c of LEVELS) {
    const [bare, inbound, restBare, add] = await rates(c, [
      (w, i) => bareInsert(deps.db, w, i),
      (w, i) => {
        const k = (w + i * c) % CUSTOMERS
        return deps.dialogues.receiveCustomerMessage({
          connector: 'telegrambot', lineId: line.id, connectorChatId: `b${k}`, connectorUserId: `b${k}`, message: { text: `message ${i}`, externalId: `x${seq++}` },
        })
      },
      (w, i) => dispatch({ method: 'bench.insert', params: { W: w, I: i }, credentials: chats[w % CUSTOMERS].credentials }),
      (w, i) => {
        const chat = chats[(w + i * c) % CUSTOMERS]
        return dispatch({ method: 'im.message.add', params: { DIALOG_ID: `chat${chat.chatId}`, MESSAGE: `reply ${i}` }, credentials: chat.credentials })
      },
    ])
    const pct = (a: number, b: number) => `${fmt((a / b) * 100, 0)}%`
    process.stdout.write(
      `${String(c).padEnd(12)}${fmt(bare, 0).padStart(14)}${fmt(inbound, 0).padStart(11)}${pct(inbound, bare).padStart(7)}${fmt(restBare, 0).padStart(15)}${fmt(add, 0).padStart(18)}${pct(add, bare).padStart(9)}${pct(add, restBare).padStart(9)}\n`,
    )
  }
  process.stdout.write('goal: inbound >= 40% of the bare INSERT, im.message.add >= 40% of the REST INSERT, on PostgreSQL\n')
  await env.close()
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
