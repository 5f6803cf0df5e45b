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
})
