/**
 * imopenlines.session.history.get latency (through the REST method layer)
 * for the current session of a chat of 100 messages and of a chat of 100,000
 * messages (1,000 earlier sessions of 100 each); the ratio should stay near 1.
 * Also a single session of 100,000 messages, of which the newest 1,000 are
 * returned (HISTORY_LIMIT).
 *   DATABASE_URL=postgres://... npx tsx bench/dialogues-history.ts
 */
import { sql } from 'kysely'
import { createDispatcher } from '../src/rest/dispatch.js'
import { benchEnv, bulkOperators, fmt, percentile } from './dialogues-setup.js'

const CALLS = Number(process.env.BENCH_CALLS ?? 200)

async function main(): Promise<void> {
  const env = await benchEnv(4)
  const { deps } = env
  const [op] = await bulkOperators(deps, 1)
  const line = await env.lines.add({ queue: [op] })
  const dispatch = createDispatcher(deps)
  const [, , userId, code] = new URL((await deps.auth.createWebhook({ userId: op, scopes: ['imopenlines'] })).url).pathname.split('/')
  const credentials = { webhook: { userId, code } }

  /** A chat whose last session holds `perSession` messages, after `earlier` closed sessions of as many. */
  async function chatWith(name: string, earlier: number, perSession: number): Promise<number> {
    const r = await deps.dialogues.receiveCustomerMessage({ connector: 'bench', lineId: line.id, connectorChatId: name, connectorUserId: name, message: { text: 'start' } })
    const chat = await deps.db.selectFrom('chats').selectAll().where('id', '=', r.chatId).executeTakeFirstOrThrow()
    if (earlier > 0) {
      await sql`
        insert into sessions (chat_id, number, line_id, status, created_at, closed_at, finished_at, close_reason)
        select ${chat.id}, 1000000 + g, ${line.id}, 'closed', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', 'operator'
        from generate_series(1, ${earlier}) g`.execute(deps.db)
      await sql`
        insert into messages (chat_id, session_id, author_id, text, created_at, uuid)
        select ${chat.id}, s.id, ${chat.guest_user_id}::int, 'old message ' || g, now() - interval '1 day', md5(s.id || '-' || g)
        from sessions s cross join generate_series(1, ${perSession}) g
        where s.chat_id = ${chat.id} and s.status = 'closed'`.execute(deps.db)
    }
    await sql`
      insert into messages (chat_id, session_id, author_id, text, created_at, uuid)
      select ${chat.id}, ${r.sessionId}, case when g % 2 = 0 then ${op}::int else ${chat.guest_user_id}::int end, 'message ' || g, now(), md5(g::text)
      from generate_series(2, ${perSession}) g`.execute(deps.db)
    await sql`update chats set message_count = (select count(*) from messages where chat_id = ${chat.id}), last_message_id = (select max(id) from messages where chat_id = ${chat.id}) where id = ${chat.id}`.execute(deps.db)
    return r.sessionId
  }

  const small = await chatWith('small', 0, 100)
  const large = await chatWith('large', 999, 100)
  const single = await chatWith('single', 0, 100_000)
  await sql`analyze`.execute(deps.db)

  async function measure(sessionId: number): Promise<{ p50: number; p99: number; messages: number }> {
    const times: number[] = []
    let messages = 0
    for (let i = 0; i < CALLS + 10; i++) {
      const t0 = performance.now()
      const res = await dispatch({ method: 'imopenlines.session.history.get', params: { SESSION_ID: sessionId }, credentials })
      if (i >= 10) times.push(performance.now() - t0)
      const body = res.body as { result: { message: Record<string, unknown> } }
      messages = Object.keys(body.result.message).length
    }
    times.sort((a, b) => a - b)
    return { p50: percentile(times, 50), p99: percentile(times, 99), messages }
  }

  process.stdout.write(`store: ${env.storeName}; ${CALLS} calls each, through the REST method layer\n`)
  const a = await measure(small)
  const b = await measure(large)
  const c = await measure(single)
  const row = (label: string, r: { p50: number; p99: number; messages: number }) =>
    process.stdout.write(`  ${label.padEnd(52)} p50 ${fmt(r.p50).padStart(6)} ms   p99 ${fmt(r.p99).padStart(6)} ms   (${r.messages} messages returned)\n`)
  row('chat of 100 messages (one session)', a)
  row('chat of 100,000 messages (last session of 100)', b)
  row('one session of 100,000 messages (newest 1,000)', c)
  process.stdout.write(`  ratio 100,000 / 100: p50 ${fmt(b.p50 / a.p50)}  p99 ${fmt(b.p99 / a.p99)}   (goal: near 1)\n`)
  await env.close()
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
