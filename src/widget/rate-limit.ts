/**
 * Fixed-window counters per key (visitor, IP), in this process. Behind a
 * balancer each process counts its own share, which still caps a flood.
 */
export function createRateLimiter(o: { limit: number; windowMs: number; now: () => number }) {
  const windows = new Map<string, { start: number; count: number }>()
  let lastSweep = 0
  return (key: string): boolean => {
    const now = o.now()
    if (now - lastSweep > o.windowMs) {
      for (const [k, w] of windows) if (now - w.start >= o.windowMs) windows.delete(k)
      lastSweep = now
    }
    const w = windows.get(key)
    if (!w || now - w.start >= o.windowMs) {
      windows.set(key, { start: now, count: 1 })
      return true
    }
    w.count++
    return w.count <= o.limit
  }
}
