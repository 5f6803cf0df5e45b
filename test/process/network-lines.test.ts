import { request as httpsRequest } from 'node:https'
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { ApiLines } from '../helpers/api-lines.js'
import { removeDir, selfSignedCert, startServer, tempDir, type ServerProcess } from '../helpers/server-process.js'

type Body = Record<string, any>

const KEY = 'network-test-key-0123456789abcdef0123456789'
const PORT_A = 18801
const PORT_B = 18802
/** A start on a loaded machine can take long: this bounds a hang, it is no measure. */
const START_MS = 240_000

/** POST JSON to a webhook URL; https with the test's own certificate authority. */
function post(url: string, params: Body, ca: Buffer): Promise<Body> {
  const body = JSON.stringify(params)
  if (url.startsWith('http:')) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.json() as Promise<Body>)
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve(JSON.parse(text) as Body))
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = START_MS): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const got = await probe()
    if (got) return got
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

// Two real servers, each on its own embedded store: A publishes a line over HTTPS, B joins it.
describe.skipIf(Boolean(process.env.DATABASE_URL))('network lines between two server processes', () => {
  const dir = tempDir('openlines-network-')
  const running: ServerProcess[] = []
  afterAll(() => {
    running.forEach((s) => s.cleanup())
    removeDir(dir)
  })

  it('publish, join, write, answer; A down and back loses nothing and keeps order; a wrong key is refused', { timeout: 900_000 }, async () => {
    const { cert, key } = selfSignedCert(dir)
    const ca = readFileSync(cert)
    const common = { HOST: '127.0.0.1', NETWORK_RETRY_BASE_MS: '200', NETWORK_RETRY_CAP_MS: '1000', NETWORK_POLL_MS: '50', NODE_EXTRA_CA_CERTS: cert, RATE_LIMIT_BURST: '0' }
    const envA = { ...common, PORT: String(PORT_A), DATA_DIR: `${dir}/a`, PUBLIC_URL: `https://127.0.0.1:${PORT_A}`, TLS_CERT: cert, TLS_KEY: key, NETWORK_SERVER_ID: 'server-a' }
    const envB = { ...common, PORT: String(PORT_B), DATA_DIR: `${dir}/b`, PUBLIC_URL: `http://127.0.0.1:${PORT_B}`, NETWORK_SERVER_ID: 'server-b' }
    let a = startServer(envA)
    const b = startServer(envB)
    running.push(a, b)
    const [, hookA] = await a.waitFor(/administrator webhook[^\n]*\n\s+(https:\/\/\S+)/, START_MS)
    const [, hookB] = await b.waitFor(/administrator webhook[^\n]*\n\s+(http:\/\/\S+)/, START_MS)
    await Promise.all([a.waitFor(/openlines listening/, START_MS), b.waitFor(/openlines listening/, START_MS)])
    const onA = (method: string, params: Body = {}) => post(`${hookA}${method}`, params, ca)
    const onB = (method: string, params: Body = {}) => post(`${hookB}${method}`, params, ca)

    // A's administrator (user 1) is the line's operator.
    expect((await onA('openlines.operator.presence.set', { STATUS: 'online' })).result).toBeTruthy()
    const line = await new ApiLines(async (m, p) => ({ body: await onA(m, p) })).add({ lineName: 'Support of A', queue: [1] })
    expect((await onA('openlines.network.peer.set', { ID: 'server-b', URL: `http://127.0.0.1:${PORT_B}`, KEY })).result).toBe(true)
    expect((await onB('openlines.network.peer.set', { ID: 'server-a', URL: `https://127.0.0.1:${PORT_A}`, KEY })).result).toBe(true)
    const code = (await onA('openlines.network.line.publish', { CONFIG_ID: line.id })).result.CODE as string
    const botId = (await onB('imopenlines.network.join', { CODE: code })).result as number
    expect(botId).toEqual(expect.any(Number))

    // B's user writes; A's operator sees the dialogue and answers; B's user reads the answer.
    expect((await onB('im.message.add', { DIALOG_ID: botId, MESSAGE: 'Hello from B' })).result).toEqual(expect.any(Number))
    const chatId = await until('the dialogue on A', async () => {
      const recent = await onA('im.recent.list')
      return recent.result?.items?.find((i: Body) => i.title.includes('Support of A'))?.chat_id as number | undefined
    })
    const textsOnA = async () => ((await onA('im.dialog.messages.get', { DIALOG_ID: `chat${chatId}`, LIMIT: 50 })).result.messages as Body[]).map((m) => m.text).reverse()
    expect(await textsOnA()).toContain('Hello from B')
    expect((await onA('im.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'Hello from A' })).result).toEqual(expect.any(Number))
    const textsOnB = async () => ((await onB('im.dialog.messages.get', { DIALOG_ID: botId, LIMIT: 50 })).result.messages as Body[]).map((m) => m.text).reverse()
    await until('the answer on B', async () => (await textsOnB()).some((t) => t.endsWith('Hello from A')))

    // A stops; B's user goes on writing; nothing is lost and the order holds once A is back.
    a.child.kill('SIGTERM')
    expect(await a.exited).toBe(0)
    for (const text of ['one', 'two', 'three', 'four']) await onB('im.message.add', { DIALOG_ID: botId, MESSAGE: text })
    await until('failed tries on B', async () => {
      const status = (await onB('openlines.network.outbox.status')).result as Body[]
      return status.some((s) => s.STATE === 'pending' && s.COUNT === 4)
    })
    await new Promise((r) => setTimeout(r, 1500))
    a = startServer(envA)
    running.push(a)
    await a.waitFor(/openlines listening/, START_MS)
    await until('the messages written while A was down', async () => (await textsOnA()).includes('four'))
    const afterRestart = await textsOnA()
    expect(afterRestart.slice(afterRestart.indexOf('one'))).toEqual(['one', 'two', 'three', 'four'])

    // B signs with a key A does not have: refused, kept, and delivered once the keys match again.
    await onB('openlines.network.peer.set', { ID: 'server-a', URL: `https://127.0.0.1:${PORT_A}`, KEY: 'w'.repeat(40) })
    await onB('im.message.add', { DIALOG_ID: botId, MESSAGE: 'signed with the wrong key' })
    await a.waitFor(/network call refused/, START_MS)
    expect(await textsOnA()).not.toContain('signed with the wrong key')
    await onB('openlines.network.peer.set', { ID: 'server-a', URL: `https://127.0.0.1:${PORT_A}`, KEY })
    await until('the message once the keys match', async () => (await textsOnA()).includes('signed with the wrong key'))

    a.child.kill('SIGTERM')
    b.child.kill('SIGTERM')
    expect(await a.exited).toBe(0)
    expect(await b.exited).toBe(0)
  })
})
