/**
 * The queue channels of the user's lines (`line:<id>` on the operator socket):
 * joined for every line the user may see (imopenlines.config.list.get answers
 * only those), so the waiting queue and the supervisor's lists change the
 * moment a dialogue enters or leaves a queue or changes hands. The server
 * refuses a line's channel to anyone without a role on it.
 */
import { callList } from '../api.js'
import { onFrame, onReconnect, subscribe } from '../socket.js'

/** What a line signal carries: supervisors get the dialogue that changed, operators only the line. */
export interface LineSignal {
  LINE_ID: number
  CHAT_ID?: number
  SESSION_ID?: number
  STATUS?: string
  OPERATOR_ID?: number
}

type Listener = (signal: LineSignal) => void

const MAX_LINES = 40
/** The lines a user works on change rarely (an administrator edits a queue): read again this often, and on reconnect. */
const LINES_MS = 60_000

const listeners = new Set<Listener>()
const joined = new Map<number, () => void>()
const stops: Array<() => void> = []
let users = 0
let timer: ReturnType<typeof setInterval> | undefined

async function follow(): Promise<void> {
  let ids: number[]
  try {
    const page = await callList<{ ID: string | number }>('imopenlines.config.list.get', { PARAMS: { select: ['ID'], order: { ID: 'ASC' }, limit: MAX_LINES } })
    ids = page.items.map((l) => Number(l.ID))
  } catch {
    return
  }
  if (users === 0) return
  const want = new Set(ids)
  for (const [id, leave] of joined) if (!want.has(id)) (leave(), joined.delete(id))
  for (const id of want) if (!joined.has(id)) joined.set(id, subscribe(`line:${id}`))
}

function signalOf(data: unknown): LineSignal | null {
  if (typeof data !== 'object' || data === null) return null
  const s = data as LineSignal
  return Number.isInteger(s.LINE_ID) ? s : null
}

/** Calls `l` for every line signal while at least one screen watches the lines; returns the stop function. */
export function onLineSignal(l: Listener): () => void {
  listeners.add(l)
  if (users++ === 0) {
    void follow()
    timer = setInterval(() => void follow(), LINES_MS)
    stops.push(
      onFrame((f) => {
        if (f.type !== 'signal' || !f.channel?.startsWith('line:')) return
        const s = signalOf(f.data)
        if (s) for (const each of listeners) each(s)
      }),
      onReconnect(() => void follow()),
    )
  }
  return () => {
    listeners.delete(l)
    if (--users > 0) return
    clearInterval(timer)
    for (const s of stops.splice(0)) s()
    for (const leave of joined.values()) leave()
    joined.clear()
  }
}
