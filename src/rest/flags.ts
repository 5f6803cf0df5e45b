/** Bitrix booleans arrive as true, 1, "1", "Y", "true"; everything else is false. */
export function yes(value: unknown): boolean {
  if (value === true || value === 1) return true
  if (typeof value === 'string') return ['1', 'y', 'true', 'yes'].includes(value.toLowerCase())
  return false
}

/** The Y/N flags Bitrix24 returns. */
export function yn(value: boolean): 'Y' | 'N' {
  return value ? 'Y' : 'N'
}
