import { describe, expect, it } from 'vitest'
import { field } from './crm-fields.schemas.js'
import { coerce, localDate, parseInstant } from './crm-values.service.js'

describe('coerce', () => {
  it.each([
    ['user', '7', 7],
    ['user', 0, null],
    ['user', '', null],
    ['integer', ' 12 ', 12],
    ['double', '12,5', 12.5],
    ['double', '', 0],
    ['char', 'Y', true],
    ['char', 'n', false],
    ['char', 1, true],
    ['crm_currency', 'EUR', 'EUR'],
    ['crm_status', ' NEW ', 'NEW'],
    ['string', 42, '42'],
    ['date', '11.11.2001', '2001-11-11'],
    ['date', '2024-02-29', '2024-02-29'],
    ['crm_category', '0', 0],
  ] as const)('%s %j → %j', (type, raw, expected) => {
    expect(coerce(field('F', type, 'F'), raw)).toEqual({ ok: true, value: expected })
  })

  it.each([
    ['user', 'abc'],
    ['user', -1],
    ['integer', 1.5],
    ['double', '1e'],
    ['char', 'maybe'],
    ['crm_currency', 'usd'],
    ['string', { a: 1 }],
    ['date', '2023-02-29'],
    ['date', 'yesterday'],
    ['crm_category', -1],
  ] as const)('refuses %s %j', (type, raw) => {
    expect(coerce(field('F', type, 'F'), raw)).toEqual({ ok: false })
  })
})

describe('parseInstant', () => {
  it('reads offsets exactly and local forms in server time', () => {
    expect(parseInstant('2024-08-30T14:29:00+02:00')?.toISOString()).toBe('2024-08-30T12:29:00.000Z')
    expect(parseInstant('2024-08-30')?.getTime()).toBe(new Date(2024, 7, 30).getTime())
    expect(parseInstant('30.08.2024 10:05')?.getTime()).toBe(new Date(2024, 7, 30, 10, 5).getTime())
    expect(parseInstant('Aug 30 2024')).toBeNull()
    expect(localDate(new Date(2024, 0, 5, 23, 59))).toBe('2024-01-05')
  })
})
