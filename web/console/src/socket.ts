/** The operator websocket: reconnects by itself, re-joins its channels, and fans frames out to listeners. */
import { socketUrl } from './api.js'
import { createStore } from './store.js'

export interface SocketFrame {
  type: string
  channel?: string
  event?: string
  name?: string
  data?: unknown
  id?: number
}

type Listener = (frame: SocketFrame) => void

export const socketState = createStore<'connecting' | 'open' | 'closed'>('closed')

let ws: WebSocket | null = null
let stopped = true
let retry = 0
let timer: ReturnType<typeof setTimeout> | undefined
let pinger: ReturnType<typeof setInterval> | undefined
const channels = new Map<string, number>()
const listeners = new Set<Listener>()
const reconnectListeners = new Set<() => void>()

function send(frame: Record<string, unknown>): void {
  if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame))
}

function open(): void {
  socketState.set('connecting')
  const sock = new WebSocket(socketUrl())
  ws = sock
  sock.onopen = () => {
    retry = 0
    socketState.set('open')
    for (const channel of channels.keys()) send({ type: 'subscribe', channel })
    // Whatever happened while the socket was down is read again by whoever listens.
    for (const l of reconnectListeners) l()
  }
  sock.onmessage = (e) => {
    let frame: SocketFrame
    try {
      frame = JSON.parse(String(e.data)) as SocketFrame
    } catch {
      return
    }
    for (const l of listeners) l(frame)
  }
  sock.onclose = () => {
    if (ws !== sock) return
    ws = null
    socketState.set('closed')
    if (stopped) return
    retry = Math.min(retry + 1, 6)
    timer = setTimeout(open, 500 * 2 ** retry)
  }
}

export function startSocket(): void {
  if (!stopped) return
  stopped = false
  open()
  pinger = setInterval(() => send({ type: 'ping' }), 25_000)
}

export function stopSocket(): void {
  stopped = true
  clearTimeout(timer)
  clearInterval(pinger)
  channels.clear()
  ws?.close()
  ws = null
}

/** Joins a channel (counted, so two screens may share one) and returns the leave function. */
export function subscribe(channel: string): () => void {
  const n = channels.get(channel) ?? 0
  channels.set(channel, n + 1)
  if (n === 0) send({ type: 'subscribe', channel })
  return () => {
    const left = (channels.get(channel) ?? 1) - 1
    if (left > 0) return void channels.set(channel, left)
    channels.delete(channel)
    send({ type: 'unsubscribe', channel })
  }
}

export function onFrame(l: Listener): () => void {
  listeners.add(l)
  return () => void listeners.delete(l)
}

export function onReconnect(l: () => void): () => void {
  reconnectListeners.add(l)
  return () => void reconnectListeners.delete(l)
}

export function sendTyping(chatId: number): void {
  send({ type: 'typing', chatId })
}

export function sendRead(chatId: number, upTo: number): void {
  send({ type: 'read', chatId, upTo })
}
