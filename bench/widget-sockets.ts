/**
 * Widget websockets: how much memory one server process holds for N idle
 * visitor sockets, and how long an operator's reply takes to reach the
 * visitor's socket at that load (p50/p99 over REPLIES replies).
 * The visitors' sockets live in a child process so the server's RSS is its own.
 *   BENCH_VISITORS=10000 [BENCH_ACTIVE=100] [DATABASE_URL=postgres://...] npx tsx bench/widget-sockets.ts
 */
import { fork } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { buildApp } from '../src/app.js'
import { sql } from 'kysely'
import { createWidgetService, hashToken } from '../src/widget/widget.service.js'
import { benchEnv, bulkOperators, fmt, percentile } from './dialogues-setup.js'

const VISITORS = Number(process.env.BENCH_VISITORS ?? 10_000)
const REPLIES = Number(process.env.BENCH_REPLIES ?? 200)
/** Visitors with a real dialogue, who receive the replies; the rest only hold their sockets open. */
const ACTIVE = Number(process.env.BENCH_ACTIVE ?? 100)

type FromChild = { type: 'open'; count: number } | { type: 'latency'; ms: number }

/** Child: opens one socket per token and reports each reply's delay (the reply text carries its send time). */
function clients(): void {
  process.on('message', (m: { url: string; tokens: string[] }) => {
    let open = 0
    let next = 0
    // At most 200 handshakes at a time, as browsers arriving over a few seconds would; a refused one is tried again.
    const connect = (token: string) => {
      const ws = new WebSocket(`${m.url}?token=${token}`)
      ws.on('open', () => {
        if (++open === m.tokens.length) process.send?.({ type: 'open', count: open } satisfies FromChild)
        if (next < m.tokens.length) connect(m.tokens[next++])
      })
      ws.on('error', () => setTimeout(() => connect(token), 100))
      ws.on('message', (raw: Buffer) => {
        const f = JSON.parse(raw.toString()) as { type: string; message?: { text: string } }
        const sent = f.type === 'message' ? /^t:(\d+)$/.exec(f.message?.text ?? '') : null
        if (sent) process.send?.({ type: 'latency', ms: Date.now() - Number(sent[1]) } satisfies FromChild)
      })
    }
    while (next < Math.min(200, m.tokens.length)) connect(m.tokens[next++])
  })
}

async function main(): Promise<void> {
  const env = await benchEnv(8)
  const { deps } = env
  const [op] = await bulkOperators(deps, 1)
  await deps.db.updateTable('users').set({ is_online: true }).where('id', '=', op).execute()
  const line = await env.lines.add({ queue: [op] })
  const widget = createWidgetService({ db: deps.db, clock: deps.clock, ids: deps.ids, dialogues: deps.dialogues })
  // Setup, not measured. ACTIVE visitors start and write through the widget service (they get the replies);
  // the other, idle ones are copies of one of those chats made in bulk SQL, each with its own token and chat.
  const active: Array<{ token: string; chatId: number }> = []
  for (let i = 0; i < Math.min(ACTIVE, VISITORS); i++) {
    const s = await widget.start(line.id, null)
    const sent = await widget.send(s.visitor, 'hello', null, 'Visitor')
    active.push({ token: s.token!, chatId: sent.chatId })
  }
  const idle = Array.from({ length: VISITORS - active.length }, () => deps.ids.secret(40))
  for (let i = 0; i < idle.length; i += 1000) {
    const at = new Date()
    await deps.db.insertInto('widget_visitors').values(idle.slice(i, i + 1000).map((t) => ({ line_id: line.id, token_hash: hashToken(t), created_at: at, last_seen_at: at }))).execute()
  }
  await sql`insert into chats (type, entity_type, entity_id, line_id, connector_id, connector_chat_id, connector_user_id, guest_user_id, name, created_at)
    select c.type, c.entity_type, 'livechat|' || c.line_id || '|visitor' || v.id || '|visitor' || v.id, c.line_id, c.connector_id, 'visitor' || v.id, 'visitor' || v.id,
      c.guest_user_id, c.name, c.created_at
    from chats c, widget_visitors v where c.id = ${active[0].chatId} and v.line_id = c.line_id
      and not exists (select 1 from chats e where e.entity_type = c.entity_type and e.entity_id = 'livechat|' || c.line_id || '|visitor' || v.id || '|visitor' || v.id)`.execute(deps.db)
  const visitors = [...active.map((v) => v.token), ...idle]
  const { app, dispatch } = await buildApp(deps)
  await app.listen({ port: 18200, host: '127.0.0.1' })
  const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/online/api/socket`
  global.gc?.()
  const before = process.memoryUsage().rss
  const child = fork(fileURLToPath(import.meta.url), ['clients'], { execArgv: ['--import', 'tsx'] })
  const latencies: number[] = []
  const opened = new Promise<void>((resolve) => child.on('message', (m: FromChild) => {
    if (m.type === 'open') resolve()
    else latencies.push(m.ms)
  }))
  child.send({ url, tokens: visitors })
  const t0 = Date.now()
  await opened
  // A socket counts once its token is checked and it has joined its chat.
  while (deps.realtime.hub.size() < VISITORS && Date.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 100))
  console.log(`${VISITORS} sockets opened and joined in ${fmt((Date.now() - t0) / 1000, 1)} s`)
  await new Promise((r) => setTimeout(r, 2000))
  global.gc?.()
  const rss = process.memoryUsage().rss
  console.log(`${env.storeName}: ${VISITORS} idle visitor sockets; server RSS ${fmt(rss / 2 ** 20, 0)} MB (${fmt((rss - before) / 2 ** 20, 0)} MB for the sockets), hub subscriptions ${deps.realtime.hub.size()}`)

  const [, , userId, code] = new URL((await deps.auth.createWebhook({ userId: op, scopes: ['im', 'imopenlines'] })).url).pathname.split('/')
  for (let i = 0; i < REPLIES; i++) {
    const v = active[Math.floor(Math.random() * active.length)]
    await dispatch({ method: 'im.message.add', params: { DIALOG_ID: `chat${v.chatId}`, MESSAGE: `t:${Date.now()}` }, credentials: { webhook: { userId, code } } })
    await new Promise((r) => setTimeout(r, 10))
  }
  const until = Date.now() + 5000
  while (latencies.length < REPLIES && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
  const sorted = [...latencies].sort((a, b) => a - b)
  console.log(`fan-out reply -> visitor socket: ${sorted.length}/${REPLIES} received, p50 ${percentile(sorted, 50)} ms, p90 ${percentile(sorted, 90)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms`)
  child.kill()
  await app.close()
  await env.close()
}

if (process.argv[2] === 'clients') clients()
else await main()
