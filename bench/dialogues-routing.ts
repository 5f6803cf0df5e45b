/**
 * Routing latency with 10,000 dialogues waiting and 1,000 operators online:
 * each operator holds one dialogue (MAX_CHAT=1); one finishes it, and the same
 * transaction hands the oldest waiting dialogue to whoever has room. Prints
 * p50/p99 of that whole step (free up + offer), and checks each step offered
 * the oldest waiting dialogue. On PostgreSQL it also prints each statement of
 * the routing step with its own p50/p99, to show where a slow step went.
 *   DATABASE_URL=postgres://... npx tsx bench/dialogues-routing.ts
 * BENCH_WAITING (10000), BENCH_OPERATORS (1000), BENCH_STEPS (300).
 */
import { sql } from 'kysely'
import type { Actor } from '../src/rest/actor.js'
import { benchEnv, bulkOperators, fmt, percentile } from './dialogues-setup.js'
import { statements, type Statement } from './statement-log.js'

const WAITING = Number(process.env.BENCH_WAITING ?? 10_000)
const OPERATORS = Number(process.env.BENCH_OPERATORS ?? 1000)
const STEPS = Number(process.env.BENCH_STEPS ?? 300)

function actorOf(userId: number): Actor {
  return { kind: 'webhook', userId, isAdmin: false, scopes: 'all', credentialKey: `bench:${userId}`, webhookId: null, appId: null, clientId: null }
}

async function main(): Promise<void> {
  const env = await benchEnv(4)
  const { deps } = env
  const ops = await bulkOperators(deps, OPERATORS)
  const line = await env.lines.add({ queue: ops, queueType: 'evenly', maxChat: 1, typeMaxChat: 'answered_new', queueTime: 0, autoExpireTime: 0 })
  const total = OPERATORS + WAITING
  const t0 = performance.now()
  // The backlog in bulk: guests, chats, one offered dialogue per operator, then the waiting queue, oldest first.
  await sql`insert into users (name, user_type, xml_id) select 'Guest ' || g, 'imconnector', 'bench|' || g from generate_series(1, ${total}) g`.execute(deps.db)
  await sql`
    insert into chats (entity_id, line_id, connector_id, connector_chat_id, connector_user_id, guest_user_id, name, created_at)
    select 'bench|' || ${line.id} || '|' || u.xml_id || '|' || u.id, ${line.id}, 'bench', u.xml_id, u.id::text, u.id, u.name, now()
    from users u where u.user_type = 'imconnector' and u.xml_id like 'bench|%'`.execute(deps.db)
  await sql`
    with numbered as (select c.id, row_number() over (order by c.id) as n from chats c)
    insert into sessions (chat_id, number, line_id, status, operator_id, offered_to, tried, created_at, queued_at, offered_at)
    select n.id, 1, ${line.id},
      case when n.n <= ${OPERATORS} then 'offered' else 'waiting' end,
      case when n.n <= ${OPERATORS} then (${sql.val(ops)}::int[])[n.n] end,
      case when n.n <= ${OPERATORS} then array[(${sql.val(ops)}::int[])[n.n]] else '{}' end,
      case when n.n <= ${OPERATORS} then array[(${sql.val(ops)}::int[])[n.n]] else '{}' end,
      now(), now() - interval '1 hour' + n.n * interval '1 millisecond',
      case when n.n <= ${OPERATORS} then now() end
    from numbered n`.execute(deps.db)
  await sql`update chats c set session_count = 1, last_session_id = s.id from sessions s where s.chat_id = c.id`.execute(deps.db)
  await deps.db.transaction().execute((tx) => deps.dialogues.router.syncLine(tx, line.id))
  await sql`update operator_load set offered = 1 where line_id = ${line.id}`.execute(deps.db)
  await sql`analyze`.execute(deps.db)
  process.stdout.write(`store: ${env.storeName}; ${OPERATORS} operators online at MAX_CHAT=1, ${WAITING} dialogues waiting (setup ${fmt((performance.now() - t0) / 1000, 1)}s)\n`)

  const whole: number[] = []
  const routing: number[] = []
  const steps: Statement[][] = []
  let inOrder = 0
  const { engine, queue } = deps.dialogues
  for (let i = 0; i < STEPS; i++) {
    const op = ops[i % OPERATORS]
    const held = await deps.db.selectFrom('sessions').select(['id', 'chat_id']).where('operator_id', '=', op).where('status', '=', 'offered').executeTakeFirstOrThrow()
    const oldest = await deps.db.selectFrom('sessions').select('id').where('line_id', '=', line.id).where('status', '=', 'waiting').orderBy('queued_at').orderBy('id').limit(1).executeTakeFirstOrThrow()
    const started = performance.now()
    if (i % 2 === 0) {
      // As imopenlines.operator.finish runs it: one transaction frees the operator and offers the next dialogue.
      await deps.db.transaction().execute((tx) => deps.dialogues.operator.finish(tx, actorOf(op), held.chat_id))
      whole.push(performance.now() - started)
    } else {
      // The routing step alone: from the moment the operator is free to the next dialogue offered.
      await deps.db.transaction().execute(async (tx) => {
        const step = { tx, now: deps.clock.now(), freed: new Set<number>() }
        const loaded = await engine.load(step, held.chat_id)
        await engine.apply(step, { chat: loaded!.chat, line: loaded!.line, rec: loaded!.rec! }, { type: 'finish', at: step.now, by: op, reason: 'operator' })
        const free = performance.now()
        steps.push(await statements.record(() => queue.flush(step)))
        routing.push(performance.now() - free)
      })
    }
    const next = await deps.db.selectFrom('sessions').select(['status', 'operator_id']).where('id', '=', oldest.id).executeTakeFirstOrThrow()
    if (next.status === 'offered') inOrder++
  }
  const line2 = (name: string, xs: number[]) => {
    xs.sort((a, b) => a - b)
    process.stdout.write(`  ${name.padEnd(46)} p50 ${fmt(percentile(xs, 50)).padStart(6)} ms   p99 ${fmt(percentile(xs, 99)).padStart(6)} ms   (${xs.length} steps)\n`)
  }
  process.stdout.write('operator frees up -> next dialogue offered:\n')
  line2('routing step (free -> oldest waiting offered)', routing)
  line2('whole imopenlines.operator.finish transaction', whole)
  process.stdout.write(`  goal: routing p99 < 10 ms; the oldest waiting dialogue was offered in ${inOrder}/${STEPS} steps\n`)
  const byText = new Map<string, number[]>()
  for (const step of steps) for (const st of step) byText.set(st.text.slice(0, 70), [...(byText.get(st.text.slice(0, 70)) ?? []), st.ms])
  if (byText.size) process.stdout.write(`statements of the routing step (${fmt(steps.reduce((n, s) => n + s.length, 0) / steps.length, 1)} per step on average):\n`)
  for (const [text, xs] of byText) {
    xs.sort((a, b) => a - b)
    process.stdout.write(`  ${String(xs.length).padStart(5)}x p50 ${fmt(percentile(xs, 50)).padStart(6)} ms  p99 ${fmt(percentile(xs, 99)).padStart(6)} ms  ${text}\n`)
  }
  await env.close()
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
