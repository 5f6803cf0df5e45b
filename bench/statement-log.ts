/**
 * Records every statement a pooled pg client sends (BEGIN/COMMIT included)
 * while `recording` is on, with its time to the answer: the benches use it to
 * print round trips and which statement a slow step spent its time in.
 */
import pg from 'pg'

export interface Statement { text: string; ms: number }

export const statements = {
  log: [] as Statement[],
  recording: false,
  /** Runs `work` with recording on, from an empty log; returns what it sent. */
  async record(work: () => Promise<unknown>): Promise<Statement[]> {
    this.log = []
    this.recording = true
    try {
      await work()
    } finally {
      this.recording = false
    }
    return this.log
  },
}

const original = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const out = (original as (...a: unknown[]) => unknown).apply(this, args)
  if (!statements.recording) return out
  const q = args[0] as string | { text?: string; name?: string }
  const text = typeof q === 'string' ? q : q.text ?? q.name ?? '?'
  // A copy, not a slice: a slice would keep the whole query text alive.
  const entry: Statement = { text: [...text.replace(/\s+/g, ' ').trim().slice(0, 120)].join(''), ms: 0 }
  statements.log.push(entry)
  const t0 = performance.now()
  if (out instanceof Promise) void out.then(() => { entry.ms = performance.now() - t0 }, () => {})
  return out
} as typeof pg.Client.prototype.query
