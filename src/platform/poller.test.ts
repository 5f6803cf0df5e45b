import { describe, expect, it } from 'vitest'
import { createPoller } from './poller.js'

/** Waits until `ok()` holds (or two seconds pass), so a loaded machine does not fail the test. */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10))
}

describe('poller', () => {
  it('runs again at once while there is more, waits when idle, wakes on demand, and stops after the running tick', async () => {
    const ticks: number[] = []
    let more = 3
    const p = createPoller({
      intervalMs: 60_000,
      tick: async () => {
        ticks.push(Date.now())
        return more-- > 0
      },
      onError: () => {},
    })
    p.start()
    await until(() => ticks.length >= 4)
    await new Promise((r) => setTimeout(r, 50))
    expect(ticks).toHaveLength(4)
    p.wake()
    await until(() => ticks.length >= 5)
    expect(ticks).toHaveLength(5)
    await p.stop()
    p.wake()
    await new Promise((r) => setTimeout(r, 50))
    expect(ticks).toHaveLength(5)
    expect(p.running).toBe(false)
  })

  it('reports a failed tick and goes on after a pause', async () => {
    const errors: unknown[] = []
    let n = 0
    const p = createPoller({
      intervalMs: 10,
      errorDelayMs: 20,
      tick: async () => {
        n++
        if (n === 1) throw new Error('store down')
        return false
      },
      onError: (e) => errors.push(e),
    })
    p.start()
    await until(() => n > 1)
    await p.stop()
    expect(errors).toHaveLength(1)
    expect(n).toBeGreaterThan(1)
  })

  it('after a tick that found only held work, serves the wakes of the settle window with one tick; wake("now") and a quiet spell do not wait', async () => {
    const ticks: number[] = []
    let answer: boolean | 'held' = 'held'
    // A long window, so that "at once" and "after the window" stay far apart on a busy machine.
    const p = createPoller({
      intervalMs: 60_000,
      settleMs: 1000,
      tick: async () => {
        ticks.push(performance.now())
        return answer
      },
      onError: () => {},
    })
    p.start()
    await until(() => ticks.length === 1)
    // Ten wakes right after a held tick: one tick, when the window has passed.
    for (let i = 0; i < 10; i++) p.wake()
    await new Promise((r) => setTimeout(r, 100))
    expect(ticks).toHaveLength(1)
    await until(() => ticks.length === 2)
    expect(ticks).toHaveLength(2)
    expect(ticks[1] - ticks[0]).toBeGreaterThanOrEqual(990)
    // A wake that must not wait (finished work freed what was held) runs at once.
    p.wake('now')
    await until(() => ticks.length === 3)
    expect(ticks[2] - ticks[1]).toBeLessThan(900)
    // After a tick that found nothing at all, a wake runs at once too.
    answer = false
    p.wake('now')
    await until(() => ticks.length === 4)
    p.wake()
    await until(() => ticks.length === 5)
    expect(ticks[4] - ticks[3]).toBeLessThan(900)
    await p.stop()
  })
})
