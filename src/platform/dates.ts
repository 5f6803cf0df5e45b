/** Bitrix24 date-time strings: ISO 8601 with the server's UTC offset, no milliseconds ("2024-05-01T10:00:00+03:00"). */
export function toBitrixDate(date: Date): string {
  const offsetMin = -date.getTimezoneOffset()
  const local = new Date(date.getTime() + offsetMin * 60_000)
  const sign = offsetMin >= 0 ? '+' : '-'
  const abs = Math.abs(offsetMin)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  return `${local.toISOString().slice(0, 19)}${sign}${hh}:${mm}`
}

export function toUnixSeconds(date: Date): number {
  return date.getTime() / 1000
}
