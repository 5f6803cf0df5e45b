import http from 'node:http'
import type { AddressInfo } from 'node:net'
import qs from 'qs'

/** One event as a bot handler receives it: form fields decoded the PHP way. */
export interface BotEvent {
  event: string
  data: Record<string, any>
  auth: Record<string, any>
}

export type Mode = 'ok' | 'error' | 'silent'

/**
 * A bot's handler on 127.0.0.1 (ports 18400-18499): answers 200 at once
 * (or 500 in 'error' mode), then lets the test's bot logic act on the event
 * the way a real bot does after its webhook returns.
 */
export interface BotHandler {
  url: string
  events: BotEvent[]
  mode: Mode
  onEvent(fn: (e: BotEvent) => Promise<void>): void
  /** Waits for the bot logic of every event received so far. */
  idle(): Promise<void>
  close(): Promise<void>
}

export async function startBotHandler(): Promise<BotHandler> {
  const events: BotEvent[] = []
  const pending: Array<Promise<void>> = []
  let logic: (e: BotEvent) => Promise<void> = async () => undefined
  const handler: BotHandler = {
    url: '',
    events,
    mode: 'ok',
    onEvent: (fn) => { logic = fn },
    idle: async () => {
      while (pending.length) await pending.shift()
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (handler.mode === 'error') return void res.writeHead(500).end('boom')
      const parsed = qs.parse(Buffer.concat(chunks).toString('utf8'), { depth: 10, parseArrays: false }) as Record<string, any>
      const e: BotEvent = { event: String(parsed.event), data: parsed.data ?? {}, auth: parsed.auth ?? {} }
      events.push(e)
      res.writeHead(200).end('ok')
      if (handler.mode === 'ok') pending.push(logic(e))
    })
  })
  server.keepAliveTimeout = 100
  for (let port = 18400 + Math.floor(Math.random() * 90); port <= 18499; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => resolve(true))
    })
    if (ok) {
      handler.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bot`
      return handler
    }
  }
  throw new Error('no free port in 18400-18499')
}

/** The bot's own access token from an event (data[BOT][id][access_token]). */
export function botToken(e: BotEvent): string {
  const [entry] = Object.values(e.data.BOT ?? {}) as Array<Record<string, string>>
  return entry.access_token
}
