import { request as httpsRequest } from 'node:https'
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { removeDir, selfSignedCert, startServer, tempDir, type ServerProcess } from '../helpers/server-process.js'

function httpsGet(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpsRequest(url, { ca }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    }).on('error', reject).end()
  })
}

// The real process on the embedded store: first start, HTTPS, restart, SIGTERM.
describe.skipIf(Boolean(process.env.DATABASE_URL))('server process', () => {
  const dir = tempDir('openlines-proc-')
  const running: ServerProcess[] = []
  afterAll(() => {
    running.forEach((s) => s.cleanup())
    removeDir(dir)
  })

  it('prints the admin webhook once on first start, serves HTTPS, and shuts down gracefully', { timeout: 180_000 }, async () => {
    const { cert, key } = selfSignedCert(dir)
    const ca = readFileSync(cert)
    const env = { PORT: '18011', HOST: '127.0.0.1', DATA_DIR: `${dir}/data`, TLS_CERT: cert, TLS_KEY: key, PUBLIC_URL: 'https://127.0.0.1:18011' }
    const first = startServer(env)
    running.push(first)
    const [, hookUrl] = await first.waitFor(/administrator webhook[^\n]*\n\s+(https:\/\/\S+)/)
    await first.waitFor(/openlines listening/)
    const res = await httpsGet(`${hookUrl}server.time.json`, ca)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body).result).toMatch(/^\d{4}-/)

    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(first.output()).toMatch(/shutting down/)

    const second = startServer(env)
    running.push(second)
    await second.waitFor(/openlines listening/)
    expect(second.output()).not.toMatch(/administrator webhook/)
    // The webhook from the first start still works: it was stored, not just printed.
    expect((await httpsGet(`${hookUrl}server.time`, ca)).status).toBe(200)
    second.child.kill('SIGINT')
    expect(await second.exited).toBe(0)
  })
})
