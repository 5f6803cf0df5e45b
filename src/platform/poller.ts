/**
 * Runs `tick` again and again: at once while it reports more work, after
 * `intervalMs` when it reports none, and at once when `wake()` is called.
 * One tick at a time; `stop()` waits for the running one. The loop for every
 * "rows with a due time, polled with FOR UPDATE SKIP LOCKED" worker (event
 * delivery, timers): the database decides which process takes which row.
 */
export interface Poller {
  start(): void
  stop(): Promise<void>
  wake(): void
  readonly running: boolean
}

export function createPoller(opts: {
  intervalMs: number
  /** Returns true when more work may be waiting (poll again at once). */
  tick: () => Promise<boolean>
  onError: (err: unknown) => void
  /** Pause after a failed tick, so a store outage does not spin. */
  errorDelayMs?: number
}): Poller {
  let running = false
  let timer: NodeJS.Timeout | null = null
  let current: Promise<void> | null = null
  let wakeRequested = false

  const schedule = (ms: number) => {
    if (!running || current) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(run, ms)
    timer.unref?.()
  }

  function run(): void {
    timer = null
    if (!running || current) return
    wakeRequested = false
    current = opts
      .tick()
      .then((more) => (more || wakeRequested ? 0 : opts.intervalMs))
      .catch((err: unknown) => {
        opts.onError(err)
        return opts.errorDelayMs ?? Math.max(opts.intervalMs, 1000)
      })
      .then((delay) => {
        current = null
        schedule(delay)
      })
  }

  return {
    get running() {
      return running
    },
    start() {
      if (running) return
      running = true
      schedule(0)
    },
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      timer = null
      await current
    },
    wake() {
      if (current) wakeRequested = true
      else schedule(0)
    },
  }
}
