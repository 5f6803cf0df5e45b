/**
 * Bitrix24's leaky bucket (limits.md): each request adds one to a credential's
 * counter, the counter drains `rate` per second, and a request that finds it at
 * `burst` is refused. Kept per process; behind a balancer each process keeps its own.
 */
export class LeakyBucket {
  private readonly levels = new Map<string, { level: number; at: number }>()

  constructor(private readonly burst: number, private readonly rate: number) {}

  get enabled(): boolean {
    return this.burst > 0
  }

  /** Records a request at `nowMs`; false when it must be refused. */
  take(key: string, nowMs: number): boolean {
    if (!this.enabled) return true
    const entry = this.levels.get(key) ?? { level: 0, at: nowMs }
    const drained = Math.max(0, entry.level - ((nowMs - entry.at) / 1000) * this.rate)
    if (drained + 1 > this.burst) {
      this.levels.set(key, { level: drained, at: nowMs })
      return false
    }
    this.levels.set(key, { level: drained + 1, at: nowMs })
    return true
  }
}
