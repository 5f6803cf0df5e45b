import { createHash, hash, timingSafeEqual } from 'node:crypto'

export function sha256(value: string): string {
  // The one-shot form: it runs on every webhook call.
  return hash('sha256', value, 'hex')
}

/** Constant-time string comparison; unequal lengths are compared through their hashes. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb) && a.length === b.length
}
