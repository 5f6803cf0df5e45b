import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, testClock } from './crm-helpers.js'

/**
 * Totals stay exact whichever way they are found (the counters kept by
 * migration 0310 for responsible / opened / stage filters, or counting), and
 * pages read off an index come in the asked order.
 */

let t: TestApp
let a: { id: number; hook: string }
let b: { id: number; hook: string }
const clock = testClock()

beforeAll(async () => {
  t = await buildTestApp({ clock })
  a = await t.createUser({ name: 'A' })
  b = await t.createUser({ name: 'B' })
})
afterAll(() => t.close())

type Lead = { ID: string }

async function list(params: Record<string, unknown>, hook?: string) {
  const res = await t.call('crm.lead.list', { select: ['ID'], ...params }, hook)
  expect(res.body.error, JSON.stringify(res.body)).toBeUndefined()
  return { ids: (res.body.result as Lead[]).map((l) => Number(l.ID)), total: res.body.total as number | undefined }
}

describe('crm.lead.list totals', () => {
  it('follow adds, status and responsible changes, batch calls and deletes', async () => {
    const ids: number[] = []
    for (let i = 0; i < 6; i++) ids.push(await add(t, 'lead', { TITLE: `L${i}`, ASSIGNED_BY_ID: i % 2 ? b.id : a.id, STATUS_ID: i < 4 ? 'NEW' : 'JUNK', OPENED: i === 0 ? 'N' : 'Y' }))
    const expectTotals = async (want: Record<string, number>) => {
      const got: Record<string, number | undefined> = {}
      got.all = (await list({})).total
      got.newOnes = (await list({ filter: { STATUS_ID: 'NEW' } })).total
      got.ofA = (await list({ filter: { ASSIGNED_BY_ID: a.id } })).total
      got.newOfA = (await list({ filter: { ASSIGNED_BY_ID: a.id, STATUS_ID: 'NEW' } })).total
      got.notNew = (await list({ filter: { '!STATUS_ID': 'NEW' } })).total
      got.inList = (await list({ filter: { '@STATUS_ID': ['NEW', 'JUNK'], '@ASSIGNED_BY_ID': [a.id, b.id] } })).total
      got.closed = (await list({ filter: { OPENED: 'N' } })).total
      // a condition the counters do not know is counted
      got.titled = (await list({ filter: { '%TITLE': 'L' } })).total
      expect(got).toEqual(want)
    }
    await expectTotals({ all: 6, newOnes: 4, ofA: 3, newOfA: 2, notNew: 2, inList: 6, closed: 1, titled: 6 })

    await t.call('crm.lead.update', { id: ids[0], fields: { STATUS_ID: 'IN_PROCESS' } })
    await t.call('crm.lead.update', { id: ids[1], fields: { ASSIGNED_BY_ID: a.id } })
    await t.call('crm.lead.update', { id: ids[2], fields: { TITLE: 'renamed' } })
    await expectTotals({ all: 6, newOnes: 3, ofA: 4, newOfA: 2, notNew: 3, inList: 5, closed: 1, titled: 5 })

    await t.call('batch', { halt: 1, cmd: { x: `crm.lead.delete?id=${ids[3]}`, y: `crm.lead.add?fields[TITLE]=Z&fields[ASSIGNED_BY_ID]=${b.id}` } })
    await t.call('crm.lead.delete', { id: ids[5] })
    await expectTotals({ all: 5, newOnes: 3, ofA: 4, newOfA: 2, notNew: 2, inList: 4, closed: 1, titled: 3 })
  })

  it('count only what a restricted reader sees', async () => {
    await t.call('openlines.crm.access.set', { READ: 'own' })
    try {
      const all = await list({ filter: { STATUS_ID: 'NEW' } })
      const seen = await list({ filter: { STATUS_ID: 'NEW' } }, b.hook)
      expect(seen.total).toBe(seen.ids.length)
      expect(seen.total).toBeLessThanOrEqual(all.total ?? 0)
      const closedOfA = await list({ filter: { OPENED: 'N' } }, b.hook)
      expect(closedOfA).toEqual({ ids: [], total: 0 })
    } finally {
      await t.call('openlines.crm.access.set', { READ: 'all' })
    }
  })
})

describe('crm.lead.list pages in index order', () => {
  it('status and responsible by date, newest first, and keyset pages with a filter', async () => {
    const mine: number[] = []
    for (let i = 0; i < 5; i++) {
      clock.advance(60)
      mine.push(await add(t, 'lead', { TITLE: `K${i}`, ASSIGNED_BY_ID: b.id, STATUS_ID: 'PROCESSED' }))
    }
    const byDate = await list({ filter: { ASSIGNED_BY_ID: b.id, STATUS_ID: 'PROCESSED' }, order: { DATE_CREATE: 'DESC' } })
    expect(byDate).toEqual({ ids: [...mine].reverse(), total: 5 })
    const keyset = await list({ filter: { STATUS_ID: 'PROCESSED', '>ID': mine[1] }, order: { ID: 'ASC' }, start: -1 })
    expect(keyset).toEqual({ ids: mine.slice(2), total: undefined })
    const down = await list({ filter: { STATUS_ID: 'PROCESSED', '<ID': mine[3] }, order: { ID: 'DESC' }, start: -1 })
    expect(down.ids).toEqual(mine.slice(0, 3).reverse())
  })
})

describe('crm.lead.list by a list of values', () => {
  it('merges per-value pages in order, on the first and later pages', async () => {
    const c = await t.createUser({ name: 'C' })
    for (let i = 0; i < 70; i++) await add(t, 'lead', { TITLE: `V${i}`, ASSIGNED_BY_ID: [a.id, b.id, c.id][i % 3] })
    const every: Array<{ ID: string; ASSIGNED_BY_ID: string }> = []
    for (let start = 0; ; start += 50) {
      const res = await t.call('crm.lead.list', { select: ['ID', 'ASSIGNED_BY_ID'], order: { ID: 'DESC' }, start })
      every.push(...res.body.result)
      if (res.body.next === undefined) break
    }
    const want = every.filter((l) => [a.id, b.id].includes(Number(l.ASSIGNED_BY_ID))).map((l) => Number(l.ID))
    const filter = { '@ASSIGNED_BY_ID': [b.id, a.id] }
    const first = await list({ filter, order: { ID: 'DESC' } })
    const second = await list({ filter, order: { ID: 'DESC' }, start: 50 })
    expect(first).toEqual({ ids: want.slice(0, 50), total: want.length })
    expect(second).toEqual({ ids: want.slice(50, 100), total: want.length })
    const byStatus = await list({ filter: { '@ASSIGNED_BY_ID': [a.id, c.id], STATUS_ID: 'NEW', '<ID': want[10] }, order: { ID: 'DESC' }, start: -1 })
    expect(byStatus.ids.length).toBeGreaterThan(0)
    expect(byStatus.ids).toEqual([...byStatus.ids].sort((x, y) => y - x))
  })
})
