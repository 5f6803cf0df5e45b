/**
 * For supervisors: the open dialogues of every line they supervise
 * (openlines.dialogue.list per line; lines where it answers ACCESS_DENIED are
 * not theirs to supervise). Re-read every few seconds while shown.
 */
import { ApiError, callList } from '../api.js'
import { createStore } from '../store.js'

export interface LineDialogue {
  CHAT_ID: number
  SESSION_ID: number
  LINE_ID: number
  STATUS: string
  OPERATOR_ID: number
  TITLE: string
  WAIT_ANSWER: 'Y' | 'N'
  DATE_LAST_MESSAGE: string | null
}

export interface SupervisedState {
  lines: Array<{ id: number; name: string }>
  items: LineDialogue[]
  loaded: boolean
  error: unknown
}

export const supervised = createStore<SupervisedState>({ lines: [], items: [], loaded: false, error: null })

const MAX_LINES = 20
const POLL_MS = 10_000

async function linesToWatch(): Promise<Array<{ id: number; name: string }>> {
  const page = await callList<{ ID: string; LINE_NAME: string }>('imopenlines.config.list.get', { PARAMS: { select: ['ID', 'LINE_NAME'], limit: MAX_LINES } })
  return page.items.map((l) => ({ id: Number(l.ID), name: l.LINE_NAME }))
}

async function load(): Promise<void> {
  try {
    const all = await linesToWatch()
    const lines: SupervisedState['lines'] = []
    const items: LineDialogue[] = []
    await Promise.all(all.map(async (line) => {
      try {
        const page = await callList<LineDialogue>('openlines.dialogue.list', { LINE_ID: line.id })
        lines.push(line)
        items.push(...page.items)
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'ACCESS_DENIED')) throw err
      }
    }))
    items.sort((a, b) => b.SESSION_ID - a.SESSION_ID)
    supervised.set({ lines: lines.sort((a, b) => a.id - b.id), items, loaded: true, error: null })
  } catch (error) {
    supervised.set((s) => ({ ...s, loaded: true, error }))
  }
}

let users = 0
let timer: ReturnType<typeof setInterval> | undefined

/** Keeps the list fresh while a screen shows it; returns the stop function. */
export function watchSupervised(): () => void {
  if (users++ === 0) {
    void load()
    timer = setInterval(() => void load(), POLL_MS)
  }
  return () => {
    if (--users === 0) clearInterval(timer)
  }
}

export const reloadSupervised = load
