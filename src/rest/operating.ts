const WINDOW_SECONDS = 600
const BASKET_SECONDS = 60

interface Basket { startedAt: number; total: number }

/**
 * `time.operating` as limits.md describes: per credential and method, the
 * seconds spent over the last ten minutes, kept in one-minute baskets that each
 * expire ten minutes after their first call.
 */
export class OperatingMeter {
  private readonly baskets = new Map<string, Basket[]>()

  /** limitSeconds 0 disables blocking (the self-hosted default); the figures are still reported. */
  constructor(private readonly limitSeconds: number) {}

  private current(key: string, nowSec: number): Basket[] {
    const kept = this.baskets.get(key)
    // Baskets are kept oldest first: when the oldest is live, all are, and nothing is copied.
    if (kept && kept[0].startedAt + WINDOW_SECONDS > nowSec) return kept
    const list = (kept ?? []).filter((b) => b.startedAt + WINDOW_SECONDS > nowSec)
    if (list.length) this.baskets.set(key, list)
    else this.baskets.delete(key)
    return list
  }

  isBlocked(key: string, nowSec: number): boolean {
    if (this.limitSeconds <= 0) return false
    return this.sum(this.current(key, nowSec)) > this.limitSeconds
  }

  record(key: string, nowSec: number, seconds: number): { operating: number; resetAt: number } {
    const list = this.current(key, nowSec)
    const last = list.at(-1)
    if (last && last.startedAt + BASKET_SECONDS > nowSec) last.total += seconds
    else list.push({ startedAt: nowSec, total: seconds })
    this.baskets.set(key, list)
    return { operating: this.sum(list), resetAt: Math.floor(list[0].startedAt + WINDOW_SECONDS) }
  }

  private sum(list: Basket[]): number {
    let total = 0
    for (const b of list) total += b.total
    return total
  }
}
