import { describe, expect, it } from 'vitest'
import { isStorableText, listOf, parseTime, parseValue } from './line-values.schemas.js'

describe('line setting values', () => {
  it.each([
    ['09:00', '09:00'],
    ['9:05', '09:05'],
    ['18.30', '18:30'],
    ['0', '00:00'],
    [23, '23:00'],
  ])('reads the time %j as %s', (raw, expected) => {
    expect(parseTime(raw, 'T')).toBe(expected)
  })

  it.each(['24:00', '12:60', '9.3', '9:5', 'noon', 9.5, ''])('refuses the time %j', (raw) => {
    expect(() => parseTime(raw, 'T')).toThrow(/Argument "T"/)
  })

  it('reads holidays as a string or a list, normalised, without repeats, checking the calendar', () => {
    const kind = { type: 'holidays' } as const
    expect(parseValue(kind, '1.1, 25.12,01.01', 'H')).toEqual(['01.01', '25.12'])
    expect(parseValue(kind, ['29.02'], 'H')).toEqual(['29.02'])
    expect(parseValue(kind, '', 'H')).toEqual([])
    expect(() => parseValue(kind, '30.02', 'H')).toThrow('"30.02" is not a day in DD.MM format')
    expect(() => parseValue(kind, '12/25', 'H')).toThrow(/DD\.MM/)
  })

  it('reads days off from an array, a PHP-keyed object or a comma string', () => {
    const kind = { type: 'weekdays' } as const
    expect(parseValue(kind, { 1: 'su', 0: 'SA' }, 'D')).toEqual(['SA', 'SU'])
    expect(parseValue(kind, 'MO,FR,MO', 'D')).toEqual(['MO', 'FR'])
    expect(parseValue(kind, '', 'D')).toEqual([])
  })

  it('treats PHP lists keyed 0..n as arrays and refuses other objects', () => {
    expect(listOf({ 2: 'c', 0: 'a', 1: 'b' }, 'L')).toEqual(['a', 'b', 'c'])
    expect(() => listOf({ a: 1 }, 'L')).toThrow('must be an array')
  })

  it('reads flags as Y/N or booleans only', () => {
    const kind = { type: 'flag' } as const
    expect(parseValue(kind, 'y', 'F')).toBe(true)
    expect(parseValue(kind, false, 'F')).toBe(false)
    expect(() => parseValue(kind, 1, 'F')).toThrow('must be "Y" or "N"')
  })

  it('turns 0 and empty ids into none', () => {
    const kind = { type: 'idRef' } as const
    expect(parseValue(kind, '0', 'I')).toBeNull()
    expect(parseValue(kind, '', 'I')).toBeNull()
    expect(parseValue(kind, '12', 'I')).toBe(12)
  })

  it('knows which text PostgreSQL can store', () => {
    expect(isStorableText('Grüße 👋')).toBe(true)
    expect(isStorableText('a\u0000b')).toBe(false)
    expect(isStorableText('\uD83D')).toBe(false)
    expect(isStorableText('\uDC4B')).toBe(false)
  })
})
