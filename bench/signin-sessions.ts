/**
 * Console sign-in cost: user.current called with the administrator's webhook and with a
 * console cookie session (cookie + CSRF header, looked up in console_sessions), and the
 * time one password sign-in takes (scrypt). Prints req/s and p99 for each.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/signin-sessions.ts
 */
import { benchEnv, loadLine } from './dialogues-setup.js'

const port = Number(process.env.BENCH_PORT ?? 18790)

async function main(): Promise<void> {
  // The console checks Origin against PUBLIC_URL.
  const env = await benchEnv(10, { PUBLIC_URL: `http://127.0.0.1:${port}` })
  const { deps, hook } = env
  const base = await env.listen(port)
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  await deps.db.updateTable('users').set({ email: 'admin@example.com' }).where('id', '=', 1).execute()
  await post(`${hook}openlines.user.password.set`, { ID: 1, PASSWORD: 'bench password' })

  const times: number[] = []
  let cookie = ''
  let csrf = ''
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now()
    const res = await post('/console/api/login', { login: 'admin@example.com', password: 'bench password' })
    times.push(performance.now() - t0)
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
    csrf = ((await res.json()) as { csrf: string }).csrf
  }
  times.sort((x, y) => x - y)
  console.log(`${env.storeName}; 10 connections, 5 s each`)
  console.log(`password sign-in (scrypt N=16384), 20 in a row: median ${times[10].toFixed(1)} ms, max ${times[19].toFixed(1)} ms`)
  const runs: Array<[string, string, Record<string, string>]> = [
    ['user.current, webhook', `${base}${hook}user.current`, {}],
    ['user.current, console cookie + CSRF', `${base}/rest/user.current`, { cookie, 'x-console-csrf': csrf, origin: base }],
  ]
  for (const [label, url, headers] of runs) {
    await loadLine(label, { url, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' })
  }
  await env.close()
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
