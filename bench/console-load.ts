/**
 * The console's speed goals (issue 9, Speed):
 *  1. first load under 300 kB of JavaScript gzipped: the scripts and modulepreloads
 *     that /console/ names, raw and gzip -9 sizes;
 *  2. a dialogue of 10,000 messages opens and scrolls without freezing: time to the
 *     first message, DOM rows rendered (virtualisation), longest main-thread task
 *     and total blocked time while scrolling up through older pages.
 *   npx tsx bench/console-load.ts                       (PGlite)
 *   DATABASE_URL=postgres://... npx tsx bench/console-load.ts
 * Needs /usr/bin/chromium. BENCH_STEPS sets the number of scroll steps (default 30).
 */
import { execFileSync } from 'node:child_process'
import { gzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { chromium } from 'playwright-core'
import { buildDialogueApp } from '../test/helpers/dialogue-app.js'

const MESSAGES = 10_000
const STEPS = Number(process.env.BENCH_STEPS ?? 30)
const GOAL_KB = 300
const kb = (n: number) => (n / 1024).toFixed(1)
const out = (s: string) => process.stdout.write(`${s}\n`)

/** Runs in the page before its scripts: collects long tasks and the moment the first message row appears. */
function pageProbe(): void {
  const w = window as unknown as { __longtasks: number[]; __firstMsg?: number }
  w.__longtasks = []
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longtasks.push(e.duration)
  }).observe({ type: 'longtask', buffered: true })
  const mo = new MutationObserver(() => {
    if (document.querySelector('.msg')) {
      w.__firstMsg = performance.now()
      mo.disconnect()
    }
  })
  document.addEventListener('DOMContentLoaded', () => mo.observe(document.body, { childList: true, subtree: true }))
}

async function main(): Promise<void> {
  // The server reads the built console and widget when it starts (as `npm run build` makes them).
  execFileSync(process.execPath, ['web/widget/build.mjs'])
  execFileSync(process.execPath, ['web/console/build.mjs'])
  const t = await buildDialogueApp(undefined, { outbox: true })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  out(`store: ${process.env.DATABASE_URL ? 'postgresql' : 'pglite'}; server ${origin}`)

  // 1. First load: every script and modulepreload index.html names, fetched as the browser would.
  const html = await (await fetch(`${origin}/console/`)).text()
  const urls = new Set<string>()
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(m[1])
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"|<link\b[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g)) urls.add(m[1] ?? m[2])
  out(`\n1. first load of /console/: ${urls.size} script(s)`)
  let raw = 0
  let gz = 0
  for (const u of urls) {
    const body = Buffer.from(await (await fetch(new URL(u, `${origin}/console/`))).arrayBuffer())
    const g = gzipSync(body, { level: 9 }).length
    raw += body.length
    gz += g
    out(`  ${u.padEnd(48)} raw ${kb(body.length).padStart(7)} kB   gzip -9 ${kb(g).padStart(6)} kB`)
  }
  out(`  total JavaScript: raw ${kb(raw)} kB, gzip -9 ${kb(gz)} kB  (goal < ${GOAL_KB} kB gzipped: ${gz < GOAL_KB * 1024 ? 'met' : 'NOT met'})`)

  // 2. Seed: an operator with a password, a line, one customer's dialogue.
  const op = await t.operator({ name: 'Maria' })
  const email = 'maria@shop.test'
  const password = 'Maria has a long password'
  await t.deps.db.updateTable('users').set({ email }).where('id', '=', op.id).execute()
  const set = await t.call('openlines.user.password.set', { ID: op.id, PASSWORD: password })
  if (set.body.result !== true) throw new Error(`password not set: ${JSON.stringify(set.body)}`)
  const line = await t.lines.add({ queue: [op.id], lineName: 'Bench line' })
  const first = await t.inbound(line.id, 'Anna', 'message 1')
  const chat = await t.deps.db.selectFrom('chats').selectAll().where('id', '=', first.chatId).executeTakeFirstOrThrow()
  // The other 9,999 in one multi-row insert (generate_series), customer and operator taking turns,
  // varied lengths so rows differ in height; receiveCustomerMessage one by one would take minutes.
  const s0 = performance.now()
  await sql`
    insert into messages (chat_id, session_id, author_id, text, created_at, uuid)
    select ${chat.id}, ${first.sessionId}, case when g % 2 = 0 then ${op.id}::int else ${chat.guest_user_id}::int end,
           'message ' || g || repeat(' lorem ipsum', g % 23), now(), md5('bench-' || g)
    from generate_series(2, ${MESSAGES}) g`.execute(t.deps.db)
  await sql`update chats set message_count = (select count(*) from messages where chat_id = ${chat.id}),
            last_message_id = (select max(id) from messages where chat_id = ${chat.id}) where id = ${chat.id}`.execute(t.deps.db)
  const count = await t.deps.db.selectFrom('messages').select((e) => e.fn.countAll<string>().as('n')).where('chat_id', '=', chat.id).executeTakeFirstOrThrow()
  out(`\n2. dialogue chat${chat.id}: ${count.n} messages (1 via deps.dialogues.receiveCustomerMessage, the rest by one multi-row SQL insert in ${(performance.now() - s0).toFixed(0)} ms)`)

  // Headless Chromium: sign in on the form, then open the dialogue by its link.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] })
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    page.setDefaultTimeout(30_000)
    await page.addInitScript(pageProbe)
    await page.goto(`${origin}/console/`)
    await page.fill('input[name="login"]', email)
    await page.fill('input[name="password"]', password)
    await page.press('input[name="password"]', 'Enter')
    await page.locator('.topbar .signout').waitFor()

    // Every message id the console fetched (im.dialog.messages.get), to count what it loaded.
    const loaded = new Set<number>()
    let pages = 0
    page.on('response', async (res) => {
      if (!res.url().includes('im.dialog.messages.get')) return
      try {
        const body = (await res.json()) as { result?: { messages?: { id: number }[] } }
        for (const m of body.result?.messages ?? []) loaded.add(m.id)
        pages++
      } catch { /* page closed */ }
    })

    const n0 = performance.now()
    await page.goto(`${origin}/console/chat/${chat.id}`)
    await page.locator('.msg').first().waitFor()
    const wall = performance.now() - n0
    const firstMsg = await page.evaluate(() => (window as unknown as { __firstMsg?: number }).__firstMsg ?? NaN)
    await page.waitForTimeout(500)
    const rows = await page.locator('[data-row]').count()
    out(`  open: first message rendered ${firstMsg.toFixed(0)} ms after navigation start (${wall.toFixed(0)} ms as seen by the script)`)
    out(`  DOM message rows rendered: ${rows} (of ${loaded.size} loaded, ${count.n} in the dialogue)`)
    const loadTasks = await page.evaluate(() => (window as unknown as { __longtasks: number[] }).__longtasks.splice(0))
    out(`  long tasks while opening: ${loadTasks.length}, longest ${Math.max(0, ...loadTasks).toFixed(0)} ms`)

    // Scroll to the top of what is loaded, STEPS times; each time wait for the older page to arrive and render.
    const list = page.locator('.vlist')
    let maxRows = rows
    const t0 = performance.now()
    for (let i = 0; i < STEPS; i++) {
      const before = loaded.size
      await list.evaluate((el) => { el.scrollTop = 0 })
      await page.waitForFunction(() => !document.querySelector('.loading-older'), undefined, { timeout: 10_000 }).catch(() => {})
      // The page's response may still be being read here: wait for the count to grow (or give up after 3 s).
      for (let w = 0; w < 60 && loaded.size === before && !(await page.locator('.start').count()); w++) await page.waitForTimeout(50)
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
      maxRows = Math.max(maxRows, await page.locator('[data-row]').count())
    }
    const scrollMs = performance.now() - t0
    const tasks = await page.evaluate(() => (window as unknown as { __longtasks: number[] }).__longtasks)
    const blocked = tasks.reduce((s, d) => s + Math.max(0, d - 50), 0)
    out(`  scrolling up: ${STEPS} steps in ${(scrollMs / 1000).toFixed(1)} s, ${pages} pages fetched in all`)
    out(`  long tasks (>50 ms) while scrolling: ${tasks.length}, longest ${Math.max(0, ...tasks).toFixed(0)} ms, total blocked time ${blocked.toFixed(0)} ms`)
    out(`  most DOM message rows at once: ${maxRows}; messages loaded at the end: ${loaded.size} of ${count.n}`)
  } finally {
    await browser.close()
    await t.close()
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
