/**
 * What a tick found: true, more may be waiting (tick again at once); false,
 * nothing more; 'held', nothing more it can do now, because what it found
 * waits on work in flight (the next wakes are served together, see settleMs).
 */
export type TickResult = boolean | 'held'

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
  /** Ticks again soon: at once, or (`settle`, the default) after the rest of a settle window. */
  wake(mode?: 'now' | 'settle'): void
  readonly running: boolean
}

export function createPoller(opts: {
  intervalMs: number
  tick: () => Promise<TickResult>
  onError: (err: unknown) => void
  /** Pause after a failed tick, so a store outage does not spin. */
  errorDelayMs?: number
  /**
   * After a tick that found only held work, wakes within this many ms are
   * served together, by one tick when it has passed: a stream of wakes (one
   * per committed change) for work that must wait anyway then costs one tick
   * per window instead of one each. A wake after a tick that found nothing
   * at all, or after the window, runs at once. Default 0.
   */
  settleMs?: number
}): Poller {
  const settleMs = opts.settleMs ?? 0
  let running = false
  let timer: NodeJS.Timeout | null = null
  let current: Promise<void> | null = null
  let wakeRequested = false
  let wakeNow = false
  /** When the last tick ended, if it found only held work (performance.now()). */
  let heldSince: number | null = null

  /** When the timer set fires (performance.now()). */
  let timerAt = 0

  const schedule = (ms: number) => {
    if (!running || current) return
    if (timer) clearTimeout(timer)
    timerAt = performance.now() + ms
    timer = setTimeout(run, ms)
    timer.unref?.()
  }

  /** How long a wake now waits: the rest of the settle window after a tick that found only held work. */
  const wakeDelay = () => (heldSince === null ? 0 : Math.max(0, heldSince + settleMs - performance.now()))

  function run(): void {
    timer = null
    if (!running || current) return
    wakeRequested = false
    wakeNow = false
    current = opts
      .tick()
      .then((found) => {
        heldSince = found === 'held' ? performance.now() : null
        return found === true || wakeNow ? 0 : wakeRequested ? wakeDelay() : opts.intervalMs
      })
      .catch((err: unknown) => {
        heldSince = null
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
    wake(mode = 'settle') {
      if (current) {
        wakeRequested = true
        wakeNow ||= mode === 'now'
      } else {
        const delay = mode === 'now' ? 0 : wakeDelay()
        // A timer that fires by then already serves this wake.
        if (!timer || timerAt > performance.now() + delay) schedule(delay)
      }
    },
  }
}
