import { expect } from 'vitest'
import type { Clock } from '../../src/platform/clock.js'

const bitrixDate = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/

/** The `time` block every answer carries. */
export const timeShape = {
  start: expect.any(Number),
  finish: expect.any(Number),
  duration: expect.any(Number),
  processing: expect.any(Number),
  date_start: expect.stringMatching(bitrixDate),
  date_finish: expect.stringMatching(bitrixDate),
  operating_reset_at: expect.any(Number),
  operating: expect.any(Number),
}

/** A date-time as Bitrix24 writes it (ISO 8601 with the server's offset). */
export const anyBitrixDate = expect.stringMatching(bitrixDate)

/** A calendar day as Bitrix24 writes it: midnight with an offset. */
export const bitrixDay = (ymd: string) => expect.stringMatching(new RegExp(`^${ymd}T00:00:00[+-]\\d\\d:\\d\\d$`))

/** A clock the test moves by hand. */
export function manualClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start)
  return {
    now: () => new Date(now),
    monotonic: () => performance.now(),
    set(iso) {
      now = new Date(iso)
    },
  }
}
