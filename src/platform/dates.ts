// Every call writes the same second two or three times (result, date_start, date_finish):
// the last second's text is kept. Keyed by the epoch second, so an offset change is still seen.
let lastSecond = Number.NaN
let lastText = ''

/** Bitrix24 date-time strings: ISO 8601 with the server's UTC offset, no milliseconds ("2024-05-01T10:00:00+03:00"). */
export function toBitrixDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000)
  if (second === lastSecond) return lastText
  const offsetMin = -date.getTimezoneOffset()
  const local = new Date(date.getTime() + offsetMin * 60_000)
  const sign = offsetMin >= 0 ? '+' : '-'
  const abs = Math.abs(offsetMin)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  const text = `${local.toISOString().slice(0, 19)}${sign}${hh}:${mm}`
  lastSecond = second
  lastText = text
  return text
}

export function toUnixSeconds(date: Date): number {
  return date.getTime() / 1000
}
