import { loadConfig } from '../../../src/config.js'
import { ApiLines } from '../../helpers/api-lines.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'

export const KEY = 'k'.repeat(20) + '0123456789abcdef'

export interface Side extends TestApp {
  url: string
  lines: ApiLines
  /** Sends what is due in this server's network outbox. */
  drain(): Promise<number>
}

/** One openlines server in this process, listening on 127.0.0.1 (any free port), named `id` to its peers. */
export async function buildSide(id: string): Promise<Side> {
  const network = { ...loadConfig({}).network, serverId: id, retryBaseMs: 1, retryCapMs: 1 }
  const t = await buildTestApp({ config: { network } })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const address = t.app.server.address()
  if (!address || typeof address === 'string') throw new Error('no address')
  return {
    ...t,
    url: `http://127.0.0.1:${address.port}`,
    lines: new ApiLines((m, p) => t.call(m, p)),
    drain: () => t.deps.network.outbox.drainOnce(),
  }
}

/** Two servers that know each other under the same key. */
export async function buildPair(): Promise<{ a: Side; b: Side }> {
  const a = await buildSide('server-a')
  const b = await buildSide('server-b')
  await a.call('openlines.network.peer.set', { ID: 'server-b', URL: b.url, KEY })
  await b.call('openlines.network.peer.set', { ID: 'server-a', URL: a.url, KEY })
  return { a, b }
}

/** Drains both outboxes until nothing is due (retries are due at once with the test backoff). */
export async function settle(...sides: Side[]): Promise<void> {
  for (let round = 0; round < 20; round++) {
    let sent = 0
    for (const s of sides) sent += await s.drain()
    if (sent === 0) return
    await new Promise((r) => setTimeout(r, 5))
  }
}
