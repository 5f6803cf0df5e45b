/**
 * Widget websockets: how much memory one server process holds for N idle
 * visitor sockets, and how long an operator's reply takes to reach the
 * visitor's socket at that load (p50/p99 over REPLIES replies).
 * The visitors' sockets live in a child process so the server's RSS is its own.
 *   BENCH_VISITORS=10000 [DATABASE_URL=postgres://...] npx tsx bench/widget-sockets.ts
 */
import { fork } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { buildApp } from '../src/app.js'
import { createWidgetService } from '../src/widget/widget.service.js'
import { benchEnv, bulkOperators, fmt, percentile } from './dialogues-setup.js'

const VISITORS = Number(process.env.BENCH_VISITORS ?? 10_000)
const REPLIES = Number(process.env.BENCH_REPLIES ?? 200)

type FromChild = { type: 'open'; count: number } | { type: 'latency'; ms: number }

/** Child: opens one socket per token and reports each reply's delay (the reply text carries its send time). */
function clients(): void {
  process.on('message', (m: { url: string; tokens: string[] }) => {
    let open = 0
    for (const token of m.tokens) {
      const ws = new WebSocket(`${m.url}?token=${token}`)
      ws.on('open', () => {
        if (++open === m.tokens.length) process.send?.({ type: 'open', count: open } satisfies FromChild)
      })
      ws.on('message', (raw: Buffer) => {
        const f = JSON.parse(raw.toString()) as { type: string; message?: { text: string } }
        const sent = f.type === 'message' ? /^t:(\d+)$/.exec(f.message?.text ?? '') : null
        if (sent) process.send?.({ type: 'latency', ms: Date.now() - Number(sent[1]) } satisfies FromChild)
      })
    }
  })
}

async function main(): Promise<void> {
  const env = await benchEnv(8)
  const { deps } = env
  const [op] = await bulkOperators(deps, 1)
  await deps.db.updateTable('users').set({ is_online: true }).where('id', '=', op).execute()
  const line = await env.lines.add({ queue: [op] })
  const widget = createWidgetService({ db: deps.db, clock: deps.clock, ids: deps.ids, dialogues: deps.dialogues })
  const visitors: Array<{ token: string; chatId: number }> = []
  // Setup, not measured: visitors start and write in parallel, as many as the pool has connections.
  let next = 0
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < VISITORS) {
      next++
      const s = await widget.start(line.id, null)
      const sent = await widget.send(s.visitor, 'hello', null, 'Visitor')
      visitors.push({ token: s.token!, chatId: sent.chatId })
    }
  }))
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
  child.send({ url, tokens: visitors.map((v) => v.token) })
  await opened
  await new Promise((r) => setTimeout(r, 2000))
  const rss = process.memoryUsage().rss
  console.log(`${env.storeName}: ${VISITORS} idle visitor sockets; server RSS ${fmt(rss / 2 ** 20, 0)} MB (${fmt((rss - before) / 2 ** 20, 0)} MB for the sockets), hub subscriptions ${deps.realtime.hub.size()}`)

  const [, , userId, code] = new URL((await deps.auth.createWebhook({ userId: op, scopes: ['im', 'imopenlines'] })).url).pathname.split('/')
  for (let i = 0; i < REPLIES; i++) {
    const v = visitors[Math.floor(Math.random() * visitors.length)]
    await dispatch({ method: 'im.message.add', params: { DIALOG_ID: `chat${v.chatId}`, MESSAGE: `t:${Date.now()}` }, credentials: { webhook: { userId, code } } })
    await new Promise((r) => setTimeout(r, 10))
  }
  const until = Date.now() + 5000
  while (latencies.length < REPLIES && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
  const sorted = [...latencies].sort((a, b) => a - b)
  console.log(`fan-out reply -> visitor socket: ${sorted.length}/${REPLIES} received, p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms`)
  child.kill()
  await app.close()
  await env.close()
}

if (process.argv[2] === 'clients') clients()
else await main()
