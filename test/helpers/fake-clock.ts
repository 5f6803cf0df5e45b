import type { Clock } from '../../src/platform/clock.js'

export interface FakeClock extends Clock {
  /** Moves wall time and monotonic time forward together. */
  advance(seconds: number): void
}

/** A clock that only moves when told, for rate and time limits without sleeping. */
export function fakeClock(start = new Date('2026-05-14T10:05:20Z')): FakeClock {
  let wallMs = start.getTime()
  let monoMs = 1_000_000
  return {
    now: () => new Date(wallMs),
    monotonic: () => monoMs,
    advance(seconds) {
      wallMs += seconds * 1000
      monoMs += seconds * 1000
    },
  }
}
