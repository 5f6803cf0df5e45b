import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dayOf, parseUserFilter, splitKey, type FilterOp } from './user-filter.schemas.js'

describe('user filter keys', () => {
  it.each<[string, FilterOp, string]>([
    ['NAME', 'eq', 'NAME'],
    ['=NAME', 'eq', 'NAME'],
    ['!NAME', 'ne', 'NAME'],
    ['!=NAME', 'ne', 'NAME'],
    ['>ID', 'gt', 'ID'],
    ['>=ID', 'gte', 'ID'],
    ['<ID', 'lt', 'ID'],
    ['<=ID', 'lte', 'ID'],
    ['@ID', 'eq', 'ID'],
    ['!@ID', 'ne', 'ID'],
    ['%NAME', 'contains', 'NAME'],
    ['=%NAME', 'like', 'NAME'],
    ['%=NAME', 'like', 'NAME'],
    ['!%NAME', 'notContains', 'NAME'],
    ['!=%NAME', 'notLike', 'NAME'],
    ['!%=NAME', 'notLike', 'NAME'],
    ['last_name', 'eq', 'LAST_NAME'],
  ])('%s is %s on %s', (key, op, code) => {
    expect(splitKey(key)).toMatchObject({ op, code })
  })

  it('a field name never loses a letter to a prefix', () => {
    fc.assert(
      fc.property(fc.constantFrom('', '=', '!', '!=', '>', '>=', '<', '<=', '@', '!@', '%', '=%', '%=', '!%', '!=%', '!%='), fc.stringMatching(/^[A-Z][A-Z_]{0,20}$/), (prefix, code) => {
        expect(splitKey(prefix + code).code).toBe(code)
      }),
    )
  })

  it('reads days in ISO 8601 and dd.mm.yyyy, and nothing else', () => {
    expect(dayOf('2024-02-29')).toBe('2024-02-29')
    expect(dayOf('2024-02-29T10:00:00+03:00')).toBe('2024-02-29')
    expect(dayOf('29.02.2024')).toBe('2024-02-29')
    expect(dayOf('2023-02-29')).toBeNull()
    expect(dayOf('yesterday')).toBeNull()
  })

  it('skips fields the scope version does not see and fields that do not exist', () => {
    const f = parseUserFilter({ EMAIL: 'a@b.c', NAME: 'Ann', COLOUR: 'red' }, { level: 'brief', search: false })
    expect(f.conditions.map((c) => c.field.code)).toEqual(['NAME'])
  })

  it('in user.search matches personal data from the start, and FIND replaces those keys', () => {
    const plain = parseUserFilter({ NAME: 'Jo', '%LAST_NAME': 'x' }, { level: 'full', search: true })
    expect(plain.conditions.map((c) => [c.field.code, c.op])).toEqual([['NAME', 'prefix'], ['LAST_NAME', 'contains']])
    const find = parseUserFilter({ FIND: ' john  doe ', NAME: 'Jo', USER_TYPE: 'extranet' }, { level: 'full', search: true })
    expect(find.words).toEqual(['john', 'doe'])
    expect(find.conditions.map((c) => c.field.code)).toEqual(['USER_TYPE'])
    expect(find.mentionsType).toBe(true)
  })
})
