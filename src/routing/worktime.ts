/** Working hours of a line, as WORKTIME_* describe them. */
export interface Worktime {
  enabled: boolean
  from: string
  to: string
  timezone: string
  dayOff: string[]
  holidays: string[]
}

const WEEKDAYS: Record<string, string> = { Mon: 'MO', Tue: 'TU', Wed: 'WE', Thu: 'TH', Fri: 'FR', Sat: 'SA', Sun: 'SU' }

/** Minutes after midnight from "9", "9.30", "09:30" or "23.59"; null when unreadable. */
export function parseClock(value: string): number | null {
  const m = /^\s*(\d{1,2})(?:[.:](\d{1,2}))?\s*$/.exec(value)
  if (!m) return null
  const h = Number(m[1])
  const min = m[2] === undefined ? 0 : Number(m[2].length === 1 ? `${m[2]}0` : m[2])
  return h < 24 && min < 60 ? h * 60 + min : null
}

interface LocalTime { weekday: string; dayMonth: string; minutes: number }

function localTime(at: Date, timezone: string): LocalTime {
  let fmt: Intl.DateTimeFormat
  try {
    // An empty zone is the server's own, as for Bitrix24 lines.
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: timezone || undefined, weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  } catch {
    // An unknown zone name would have been refused by the line settings; UTC keeps routing going.
    return localTime(at, 'UTC')
  }
  const parts = Object.fromEntries(fmt.formatToParts(at).map((p) => [p.type, p.value]))
  return { weekday: WEEKDAYS[parts.weekday] ?? '', dayMonth: `${parts.day}.${parts.month}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) }
}

/** Whether `at` falls in the line's working hours (always, when they are off). */
export function isWorkingTime(w: Worktime, at: Date): boolean {
  if (!w.enabled) return true
  const t = localTime(at, w.timezone)
  if (w.dayOff.map((d) => d.toUpperCase()).includes(t.weekday)) return false
  const holidays = w.holidays.map((h) => h.trim()).filter(Boolean).map((h) => h.replace(/^(\d)\./, '0$1.').replace(/\.(\d)$/, '.0$1'))
  if (holidays.includes(t.dayMonth)) return false
  const from = parseClock(w.from) ?? 0
  const to = parseClock(w.to) ?? 24 * 60 - 1
  // A range across midnight ("22:00"–"06:00") wraps.
  return from <= to ? t.minutes >= from && t.minutes <= to : t.minutes >= from || t.minutes <= to
}
