/**
 * For supervisors: the open dialogues of every line they supervise
 * (openlines.dialogue.list per line; lines where it answers ACCESS_DENIED are
 * not theirs to supervise). A line is read again the moment its queue channel
 * says one of its dialogues changed; everything is read again every minute,
 * as a fallback for a signal lost while the socket was down.
 */
import { ApiError, callList } from '../api.js'
import { createStore } from '../store.js'
import { loadNames } from '../user-names.js'
import { onLineSignal, type LineSignal } from './line-channels.js'

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
const POLL_MS = 60_000

async function linesToWatch(): Promise<Array<{ id: number; name: string }>> {
  const page = await callList<{ ID: string; LINE_NAME: string }>('imopenlines.config.list.get', { PARAMS: { select: ['ID', 'LINE_NAME'], limit: MAX_LINES } })
  return page.items.map((l) => ({ id: Number(l.ID), name: l.LINE_NAME }))
}

/** The line's open dialogues, or null when the user does not supervise it. */
async function dialoguesOf(lineId: number): Promise<LineDialogue[] | null> {
  try {
    return (await callList<LineDialogue>('openlines.dialogue.list', { LINE_ID: lineId })).items
  } catch (err) {
    if (err instanceof ApiError && err.code === 'ACCESS_DENIED') return null
    throw err
  }
}

const bySession = (a: LineDialogue, b: LineDialogue) => b.SESSION_ID - a.SESSION_ID

function named(items: LineDialogue[]): void {
  void loadNames(items.map((d) => d.OPERATOR_ID).filter((id) => id > 0))
}

async function load(): Promise<void> {
  try {
    const all = await linesToWatch()
    const lines: SupervisedState['lines'] = []
    const items: LineDialogue[] = []
    await Promise.all(all.map(async (line) => {
      const list = await dialoguesOf(line.id)
      if (!list) return
      lines.push(line)
      items.push(...list)
    }))
    items.sort(bySession)
    supervised.set({ lines: lines.sort((a, b) => a.id - b.id), items, loaded: true, error: null })
    named(items)
  } catch (error) {
    supervised.set((s) => ({ ...s, loaded: true, error }))
  }
}

/** Reads one supervised line again; reads of the same line asked for meanwhile are folded into one more. */
const lineReads = new Map<number, { again: boolean }>()

async function loadLine(lineId: number): Promise<void> {
  const running = lineReads.get(lineId)
  if (running) return void (running.again = true)
  const state = { again: false }
  lineReads.set(lineId, state)
  try {
    do {
      state.again = false
      const list = await dialoguesOf(lineId)
      if (!list) continue
      supervised.set((s) => ({ ...s, items: [...s.items.filter((d) => d.LINE_ID !== lineId), ...list].sort(bySession), error: null }))
      named(list)
    } while (state.again)
  } catch (error) {
    supervised.set((s) => ({ ...s, error }))
  } finally {
    lineReads.delete(lineId)
  }
}

function onSignal(s: LineSignal): void {
  if (supervised.get().lines.some((l) => l.id === s.LINE_ID)) void loadLine(s.LINE_ID)
}

let users = 0
let timer: ReturnType<typeof setInterval> | undefined
let stopSignals: (() => void) | undefined

/** Keeps the list fresh while a screen shows it; returns the stop function. */
export function watchSupervised(): () => void {
  if (users++ === 0) {
    void load()
    timer = setInterval(() => void load(), POLL_MS)
    stopSignals = onLineSignal(onSignal)
  }
  return () => {
    if (--users > 0) return
    clearInterval(timer)
    stopSignals?.()
  }
}

export const reloadSupervised = load
