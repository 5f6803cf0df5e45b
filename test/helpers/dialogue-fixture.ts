import { afterAll, beforeAll } from 'vitest'
import { buildDialogueApp, type DialogueApp } from './dialogue-app.js'

export interface Person {
  id: number
  hook: string
}

/** The usual cast of a dialogue contract file. */
export interface DialogueTeam {
  t: DialogueApp
  /** Ann and Ben: operators in the line's queue (Ben only with `queue: 'ann+ben'`). */
  a: Person
  b: Person
  /** The line's supervisor. */
  boss: Person
  /** An employee with no rights on the line. */
  outsider: Person
  lineId: number
}

/** One dialogue app for the whole file, closed after its last test; `ready` gets it once built. */
export function useDialogueApp(ready: (t: DialogueApp) => void, opts: { outbox?: boolean } = {}): void {
  let app: DialogueApp | null = null
  beforeAll(async () => {
    app = await buildDialogueApp(undefined, { outbox: opts.outbox })
    ready(app)
  })
  afterAll(async () => {
    await app?.close()
  })
}

/**
 * The same app with the cast made once: Ann, Ben, Boss and Out (all online),
 * and a `strictly` line whose queue is Ann then Ben (or Ann alone), with Boss
 * granted the supervisor role on it.
 */
export function useDialogueTeam(ready: (team: DialogueTeam) => void, opts: { queue?: 'ann' | 'ann+ben'; lineName?: string } = {}): void {
  let app: DialogueApp | null = null
  useDialogueApp((t) => {
    app = t
  })
  beforeAll(async () => {
    const t = app!
    const a = await t.operator({ name: 'Ann' })
    const b = await t.operator({ name: 'Ben' })
    const boss = await t.operator({ name: 'Boss' })
    const outsider = await t.operator({ name: 'Out' })
    const queue = opts.queue === 'ann' ? [a.id] : [a.id, b.id]
    const line = await t.lines.add({ queue, queueType: 'strictly', ...(opts.lineName ? { lineName: opts.lineName } : {}) })
    await t.lines.grant(line.id, boss.id, 'supervisor')
    ready({ t, a, b, boss, outsider, lineId: line.id })
  })
}
