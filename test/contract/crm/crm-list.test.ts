import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, bx, timeShape, testClock } from './crm-helpers.js'

/** crm.*.list: filter prefixes, order, select masks and paging, shown on leads (one engine serves all four). */

const clock = testClock('2024-01-01T00:00:00Z')
let t: TestApp
let ids: number[] = []
let operator: { id: number; hook: string }

beforeAll(async () => {
  t = await buildTestApp({ clock })
  operator = await t.createUser({ name: 'Operator' })
  // 120 leads, one a day: titles "Lead 000".."Lead 119", every third one the operator's, amounts 0..11900.
  ids = await t.deps.db.transaction().execute(async (tx) => {
    const out: number[] = []
    for (let i = 0; i < 120; i++) {
      out.push(await t.deps.crm.createLead(tx, {
        title: `Lead ${String(i).padStart(3, '0')}`,
        name: i % 2 ? 'Odd' : null,
        statusId: ['NEW', 'IN_PROCESS', 'CONVERTED', 'JUNK'][i % 4],
        opportunity: i * 100,
        assignedById: i % 3 === 0 ? operator.id : 1,
        opened: i % 5 !== 0,
      }, 1))
      clock.advance(86400)
    }
    return out
  })
})
afterAll(() => t.close())

async function listIds(params: Record<string, unknown>): Promise<number[]> {
  const res = await t.call('crm.lead.list', { select: ['ID'], ...params })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.result.map((r: { ID: string }) => Number(r.ID))
}

const pick = (pred: (i: number) => boolean) => ids.filter((_, i) => pred(i))

describe('paging', () => {
  it('returns 50 a page with next and total', async () => {
    const first = await t.call('crm.lead.list', { select: ['ID'] })
    expect(first.body).toEqual({ result: ids.slice(0, 50).map((id) => ({ ID: String(id) })), next: 50, total: 120, time: timeShape })
    const last = await t.call('crm.lead.list', { select: ['ID'], start: 100 })
    expect(last.body).toEqual({ result: ids.slice(100).map((id) => ({ ID: String(id) })), total: 120, time: timeShape })
  })

  it('answers start=-1 without total or next, and pages by >ID keyset', async () => {
    const res = await t.call('crm.lead.list', { select: ['ID'], start: -1, order: { ID: 'ASC' }, filter: { '>ID': ids[99] } })
    expect(res.body).toEqual({ result: ids.slice(100).map((id) => ({ ID: String(id) })), time: timeShape })
    const seen: number[] = []
    let last = 0
    for (;;) {
      const page = await listIds({ start: -1, order: { ID: 'ASC' }, filter: { '>ID': last } })
      if (!page.length) break
      seen.push(...page)
      last = page[page.length - 1]
    }
    expect(seen).toEqual(ids)
  })

  it('reads START and the list parameters in upper case', async () => {
    const res = await t.call('crm.lead.list', { SELECT: ['ID'], FILTER: { '<ID': ids[3] }, ORDER: { ID: 'DESC' }, START: 1 })
    expect(res.body.result).toEqual([{ ID: String(ids[1]) }, { ID: String(ids[0]) }])
    expect(res.body.total).toBe(3)
  })
})

describe('filter prefixes', () => {
  it.each([
    ['=', { '=STATUS_ID': 'CONVERTED' }, (i: number) => i % 4 === 2],
    ['no prefix', { STATUS_ID: 'CONVERTED' }, (i: number) => i % 4 === 2],
    ['!', { '!STATUS_ID': 'CONVERTED' }, (i: number) => i % 4 !== 2],
    ['!=', { '!=STATUS_ID': 'CONVERTED' }, (i: number) => i % 4 !== 2],
    ['>', { '>OPPORTUNITY': 11500 }, (i: number) => i > 115],
    ['>=', { '>=OPPORTUNITY': 11500 }, (i: number) => i >= 115],
    ['<', { '<OPPORTUNITY': 300 }, (i: number) => i < 3],
    ['<=', { '<=OPPORTUNITY': 300 }, (i: number) => i <= 3],
    ['@', { '@STATUS_ID': ['NEW', 'JUNK'] }, (i: number) => i % 4 === 0 || i % 4 === 3],
    ['!@', { '!@STATUS_ID': ['NEW', 'JUNK'] }, (i: number) => i % 4 === 1 || i % 4 === 2],
    ['% (substring)', { '%TITLE': 'ad 11' }, (i: number) => i >= 110],
    ['=% (pattern)', { '=%TITLE': '%9' }, (i: number) => i % 10 === 9],
    ['%= (pattern)', { '%=TITLE': 'lead 00%' }, (i: number) => i < 10],
    ['!% (not substring)', { '!%TITLE': '1' }, (i: number) => !String(i).padStart(3, '0').includes('1')],
    ['!=% (not pattern)', { '!=%TITLE': 'Lead 0%' }, (i: number) => i >= 100],
    ['empty value', { NAME: '' }, (i: number) => i % 2 === 0],
    ['not empty', { '!NAME': '' }, (i: number) => i % 2 === 1],
    ['a flag', { OPENED: 'N' }, (i: number) => i % 5 === 0],
    ['a user', { ASSIGNED_BY_ID: 'OPERATOR' }, (i: number) => i % 3 === 0],
    ['array value as IN', { ID: [1, 2, 3] }, (i: number) => i < 3],
    ['an unknown field (ignored)', { NO_SUCH_FIELD: 'x' }, () => true],
    ['a value that is no number', { '>OPPORTUNITY': 'many' }, () => false],
  ])('%s', async (_name, rawFilter, pred) => {
    const filter = JSON.parse(JSON.stringify(rawFilter).replace('"OPERATOR"', String(operator.id)))
    const expected = pick(pred)
    const res = await t.call('crm.lead.list', { select: ['ID'], filter, start: 0 })
    expect(res.body.total).toBe(expected.length)
    expect(res.body.result.map((r: { ID: string }) => Number(r.ID))).toEqual(expected.slice(0, 50))
  })

  it('compares dates and date-times in server time', async () => {
    expect(await listIds({ filter: { '>=DATE_CREATE': '2024-04-09', '<DATE_CREATE': '2024-04-11T00:00:00' } })).toEqual([ids[99], ids[100]])
    expect(await listIds({ filter: { '<=DATE_CREATE': bx('2024-01-02T00:00:00Z') } })).toEqual([ids[0], ids[1]])
  })
})

describe('order and select', () => {
  it('orders by several fields, id breaking ties', async () => {
    const res = await t.call('crm.lead.list', { select: ['ID', 'STATUS_ID'], order: { STATUS_ID: 'ASC', OPPORTUNITY: 'DESC' }, filter: { '<ID': ids[8] } })
    expect(res.body.result.map((r: { ID: string }) => Number(r.ID))).toEqual([ids[6], ids[2], ids[5], ids[1], ids[7], ids[3], ids[4], ids[0]])
  })

  it('returns the selected fields and always the ID', async () => {
    const res = await t.call('crm.lead.list', { select: ['TITLE', 'OPPORTUNITY', 'NO_SUCH'], filter: { ID: ids[7] } })
    expect(res.body.result).toEqual([{ ID: String(ids[7]), TITLE: 'Lead 007', OPPORTUNITY: '700.00' }])
  })

  it('selects every plain field with * and no multi-value field', async () => {
    const id = await add(t, 'lead', { TITLE: 'Star', PHONE: [{ VALUE: '123' }] })
    const [row] = (await t.call('crm.lead.list', { select: ['*'], filter: { ID: id } })).body.result
    const [got] = [(await t.call('crm.lead.get', { id })).body.result]
    const { PHONE, ...plain } = got
    expect(PHONE).toHaveLength(1)
    expect(row).toEqual(plain)
    const [withPhone] = (await t.call('crm.lead.list', { select: ['ID', 'PHONE'], filter: { ID: id } })).body.result
    expect(withPhone).toEqual({ ID: String(id), PHONE })
  })
})

describe('access to lists', () => {
  it('shows an employee everything while crm reading is open to all', async () => {
    const res = await t.call('crm.lead.list', { select: ['ID'] }, operator.hook)
    expect(res.body.total).toBeGreaterThanOrEqual(120)
  })

  it('shows only own and opened objects when the setting is off', async () => {
    await t.deps.crm.updateSettings(t.deps.db, { readAll: false })
    try {
      const res = await t.call('crm.lead.list', { select: ['ID'], filter: { '<=ID': ids[119] } }, operator.hook)
      expect(res.body.total).toBe(pick((i) => i % 3 === 0 || i % 5 !== 0).length)
      const admin = await t.call('crm.lead.list', { select: ['ID'], filter: { '<=ID': ids[119] } })
      expect(admin.body.total).toBe(120)
    } finally {
      await t.deps.crm.updateSettings(t.deps.db, { readAll: true })
    }
  })
})
