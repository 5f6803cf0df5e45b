import { describe, expect, it } from 'vitest'
import { isWorkingTime, parseClock, type Worktime } from './worktime.js'

const berlin: Worktime = { enabled: true, from: '9', to: '18.30', timezone: 'Europe/Berlin', dayOff: ['SA', 'SU'], holidays: ['25.12', '1.1'] }

describe('working hours', () => {
  it('reads the clock forms Bitrix stores', () => {
    expect(parseClock('0')).toBe(0)
    expect(parseClock('23.59')).toBe(23 * 60 + 59)
    expect(parseClock('09:30')).toBe(570)
    expect(parseClock('9.3')).toBe(570)
    expect(parseClock('25')).toBeNull()
  })

  it('uses the line time zone', () => {
    // 07:30 UTC is 08:30 in Berlin in winter: before opening.
    expect(isWorkingTime(berlin, new Date('2026-03-02T07:30:00Z'))).toBe(false)
    expect(isWorkingTime(berlin, new Date('2026-03-02T08:00:00Z'))).toBe(true)
    expect(isWorkingTime(berlin, new Date('2026-03-02T17:30:00Z'))).toBe(true)
    expect(isWorkingTime(berlin, new Date('2026-03-02T17:31:00Z'))).toBe(false)
  })

  it('closes on days off and holidays', () => {
    expect(isWorkingTime(berlin, new Date('2026-03-07T10:00:00Z'))).toBe(false)
    expect(isWorkingTime(berlin, new Date('2026-12-25T10:00:00Z'))).toBe(false)
    expect(isWorkingTime(berlin, new Date('2027-01-01T10:00:00Z'))).toBe(false)
  })

  it('wraps ranges across midnight and is always open when disabled', () => {
    const night: Worktime = { ...berlin, from: '22:00', to: '06:00', dayOff: [], timezone: 'UTC' }
    expect(isWorkingTime(night, new Date('2026-03-02T23:00:00Z'))).toBe(true)
    expect(isWorkingTime(night, new Date('2026-03-02T12:00:00Z'))).toBe(false)
    expect(isWorkingTime({ ...berlin, enabled: false }, new Date('2026-03-07T03:00:00Z'))).toBe(true)
  })
})
