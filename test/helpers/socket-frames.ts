import type { WebSocket } from '@fastify/websocket'
import type { TestApp } from './test-app.js'

export type Frame = Record<string, any>

export interface TestSocket {
  ws: WebSocket
  frames: Frame[]
  /** The first frame (seen or to come) that matches. */
  next(pred: (f: Frame) => boolean): Promise<Frame>
  /** Sends a subscribe frame and waits for its answer (subscribed or error). */
  subscribe(channel: string): Promise<Frame>
  /** The close code, once the server closes the socket. */
  closed: Promise<number>
}

/** A websocket through Fastify's injectWS, keeping every frame it received. */
export async function openSocket(t: TestApp, path: string): Promise<TestSocket> {
  const ws = await t.app.injectWS(path)
  const frames: Frame[] = []
  const waiters: Array<{ pred: (f: Frame) => boolean; resolve(f: Frame): void }> = []
  ws.on('message', (raw: Buffer) => {
    const f = JSON.parse(raw.toString()) as Frame
    frames.push(f)
    for (const w of [...waiters]) if (w.pred(f)) {
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve(f)
    }
  })
  const closed = new Promise<number>((resolve) => ws.on('close', (code: number) => resolve(code)))
  const next = (pred: (f: Frame) => boolean) => new Promise<Frame>((resolve, reject) => {
    const seen = frames.find(pred)
    if (seen) return resolve(seen)
    waiters.push({ pred, resolve })
    setTimeout(() => reject(new Error(`no frame; got ${JSON.stringify(frames)}`)), 5000).unref()
  })
  return {
    ws, frames, next, closed,
    subscribe(channel) {
      ws.send(JSON.stringify({ type: 'subscribe', channel }))
      return next((f) => f.channel === channel && (f.type === 'subscribed' || f.type === 'error'))
    },
  }
}

/** `/rest/5/code/` → `5/code`, as the operator socket's `webhook` parameter takes it. */
export const webhookOf = (hook: string): string => hook.replace(/^\/rest\//, '').replace(/\/$/, '')
