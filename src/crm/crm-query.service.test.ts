import { describe, expect, it } from 'vitest'
import { parseFilter, parseOrder, parseSelect } from './crm-query.service.js'
import { ENTITY_DEFS } from './entities.schemas.js'
import type { UserFieldDef } from './crm.types.js'

const lead = ENTITY_DEFS.lead
const none = new Map<string, UserFieldDef>()

describe('parseFilter', () => {
  it('reads each documented prefix', () => {
    const conds = parseFilter(lead, {
      '>=OPPORTUNITY': '10', '!@STATUS_ID': ['NEW'], '%TITLE': 'a_b', '=%NAME': 'Iv%', '!%=LAST_NAME': '%ov', '!ID': 3, ID: [1, 2],
    }, none)
    expect(conds).toEqual([
      { kind: 'cmp', column: 'opportunity', op: '>=', value: 10, text: false },
      { kind: 'in', column: 'status_id', values: ['NEW'], negate: true },
      { kind: 'like', column: 'title', pattern: '%a\\_b%', negate: false },
      { kind: 'like', column: 'name', pattern: 'Iv%', negate: false },
      { kind: 'like', column: 'last_name', pattern: '%ov', negate: true },
      { kind: 'cmp', column: 'id', op: '!=', value: 3, text: false },
      { kind: 'in', column: 'id', values: [1, 2], negate: false },
    ])
  })

  it('treats LIKE on a directory field as equality, multi-value fields by their normalized value, links by id', () => {
    expect(parseFilter(lead, { '%STATUS_ID': 'NEW', PHONE: '+1 (555) 01', CONTACT_ID: '4', CONTACT_IDS: 5 }, none)).toEqual([
      { kind: 'cmp', column: 'status_id', op: '=', value: 'NEW', text: false },
      { kind: 'comm', comm: 'PHONE', values: ['155501'], negate: false },
      { kind: 'link', link: { owner: 'lead', target: 'contact', side: 'owner', primary: false }, ids: [4], negate: false },
    ])
  })

  it('searches multi-value fields by their normalized parts with % and =%', () => {
    expect(parseFilter(lead, { '%PHONE': '(555) 01', '=%EMAIL': 'Ann%@Example.COM', '!%WEB': 'a_b' }, none)).toEqual([
      { kind: 'commLike', comm: 'PHONE', pattern: '%55501%', negate: false },
      { kind: 'commLike', comm: 'EMAIL', pattern: 'ann%@example.com', negate: false },
      { kind: 'commLike', comm: 'WEB', pattern: '%a\\_b%', negate: true },
    ])
  })

  it('makes a value of the wrong type match nothing (or everything, negated)', () => {
    expect(parseFilter(lead, { '>OPPORTUNITY': 'x', '!ASSIGNED_BY_ID': 'y' }, none)).toEqual([
      { kind: 'const', value: false },
      { kind: 'const', value: true },
    ])
  })
})

describe('parseOrder and parseSelect', () => {
  it('orders by known columns and breaks ties by id in the first direction', () => {
    expect(parseOrder(lead, { title: 'desc', PHONE: 'asc', NOPE: 'asc' })).toEqual([{ column: 'title', desc: true }, { column: 'id', desc: true }])
    expect(parseOrder(lead, undefined)).toEqual([{ column: 'id', desc: false }])
  })

  it('expands * to plain fields and keeps ID first', () => {
    const sel = parseSelect(lead, ['title', 'EMAIL'], none)
    expect(sel.fields.map((f) => f.name)).toEqual(['ID', 'TITLE'])
    expect(sel.comms).toEqual(['EMAIL'])
    const star = parseSelect(lead, ['*'], none)
    expect(star.fields.map((f) => f.name)).not.toContain('CONTACT_IDS')
    expect(star.fields.map((f) => f.name)).toContain('CONTACT_ID')
  })
})
