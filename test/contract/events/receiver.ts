import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  url: string
  headers: http.IncomingHttpHeaders
  body: string
  at: number
}

export type Behaviour = (req: Received, n: number) => { status: number; body?: string; delayMs?: number } | 'hang' | 'drop'

/**
 * A handler on 127.0.0.1 that records every request as it arrived (raw
 * body included) and answers as the test says: a status, after a delay, or
 * never (hang), or by cutting the connection (drop).
 */
export interface Receiver {
  url: string
  port: number
  received: Received[]
  behave(b: Behaviour): void
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>
  close(): Promise<void>
}

/** Ports given to this work: 18300-18399. Each receiver takes the first free one. */
export async function startReceiver(path = '/handler'): Promise<Receiver> {
  const received: Received[] = []
  let behaviour: Behaviour = () => ({ status: 200, body: 'ok' })
  const sockets = new Set<import('node:net').Socket>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: Received = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() }
      received.push(r)
      const b = behaviour(r, received.length)
      if (b === 'hang') return
      if (b === 'drop') return void req.socket.destroy()
      setTimeout(() => res.writeHead(b.status, { 'content-type': 'text/plain' }).end(b.body ?? ''), b.delayMs ?? 0)
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  const port = await listenInRange(server)
  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    received,
    behave(b) {
      behaviour = b
    },
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs
      while (received.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
      return received
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
        // Connections opened after the loop above (a dying sender's retry) must not hold close() open.
        server.closeAllConnections()
      }),
  }
}

export async function listenInRange(server: http.Server, from = 18300, to = 18399): Promise<number> {
  const start = from + Math.floor(Math.random() * (to - from))
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((start - from + i) % (to - from + 1))
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => resolve(true))
    })
    if (ok) return (server.address() as AddressInfo).port
  }
  throw new Error('no free port in 18300-18399')
}
