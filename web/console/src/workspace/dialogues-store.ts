/**
 * The dialogues the signed-in user takes part in (im.recent.list), kept fresh:
 * re-read when an event arrives on one of their chats, when a dialogue of one
 * of their lines enters or leaves the queue or changes hands (the lines'
 * queue channels), when the socket reconnects, and, as a fallback for a
 * signal lost while the socket was down, every minute.
 */
import { call } from '../api.js'
import { onFrame, onReconnect, subscribe } from '../socket.js'
import { createStore } from '../store.js'
import { onLineSignal } from './line-channels.js'
import type { RecentItem } from './types.js'

export interface DialoguesState {
  items: RecentItem[]
  loading: boolean
  error: unknown
}

export const dialogues = createStore<DialoguesState>({ items: [], loading: true, error: null })

const POLL_MS = 60_000
const MAX_LIVE = 40

let started = 0
let timer: ReturnType<typeof setTimeout> | undefined
let poll: ReturnType<typeof setInterval> | undefined
let inFlight: Promise<void> | null = null
let again = false
const joined = new Map<number, () => void>()
const stops: Array<() => void> = []

async function load(): Promise<void> {
  try {
    const r = await call<{ items: RecentItem[] }>('im.recent.list', { LIMIT: 200 })
    dialogues.set({ items: r.items, loading: false, error: null })
    follow(r.items)
  } catch (error) {
    dialogues.set((s) => ({ ...s, loading: false, error }))
  }
}

/** Listens on the chats still open (the newest first), leaving the others. */
function follow(items: RecentItem[]): void {
  const want = new Set(items.filter((i) => (i.lines?.status ?? 60) < 60).slice(0, MAX_LIVE).map((i) => i.chat_id))
  for (const [id, leave] of joined) if (!want.has(id)) (leave(), joined.delete(id))
  for (const id of want) if (!joined.has(id)) joined.set(id, subscribe(`chat:${id}`))
}

/** Reads the list again; calls that come while a read runs are folded into one more read. */
export function refreshDialogues(): Promise<void> {
  if (inFlight) {
    again = true
    return inFlight
  }
  inFlight = load().finally(() => {
    inFlight = null
    if (again) {
      again = false
      void refreshDialogues()
    }
  })
  return inFlight
}

function soon(): void {
  clearTimeout(timer)
  timer = setTimeout(() => void refreshDialogues(), 250)
}

/** Starts keeping the list fresh while at least one screen shows it. */
export function useDialoguesFeed(): () => void {
  if (started++ === 0) {
    void refreshDialogues()
    stops.push(onFrame((f) => {
      if (f.type === 'event' && f.channel?.startsWith('chat:')) soon()
    }), onReconnect(soon), onLineSignal(() => void refreshDialogues()))
    poll = setInterval(() => void refreshDialogues(), POLL_MS)
  }
  return () => {
    if (--started > 0) return
    clearInterval(poll)
    clearTimeout(timer)
    for (const s of stops.splice(0)) s()
    for (const leave of joined.values()) leave()
    joined.clear()
  }
}
