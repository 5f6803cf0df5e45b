import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, expectError, expectOk } from './crm-helpers.js'

/** UF_CRM_* user fields: defined on first write, stored in jsonb, listed by crm.*.fields, selected with UF_*. */

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

describe('user fields', () => {
  it('keeps values of each kind and lists the fields as crm.*.fields shows dynamic fields', async () => {
    const id = await add(t, 'deal', { TITLE: 'UF', UF_CRM_1721244482250: 'Hello world!', UF_CRM_FLAG: true, UF_CRM_SCORE: 4.5, UF_CRM_TAGS: ['a', 'b'], uf_crm_lower: 'x', UF_OTHER: 'not crm' })
    const got = (await t.call('crm.deal.get', { id })).body.result
    expect(got).toMatchObject({ UF_CRM_1721244482250: 'Hello world!', UF_CRM_FLAG: true, UF_CRM_SCORE: 4.5, UF_CRM_TAGS: ['a', 'b'], UF_CRM_LOWER: 'x' })
    expect(got).not.toHaveProperty('UF_OTHER')
    const fields = (await t.call('crm.deal.fields')).body.result
    expect(fields.UF_CRM_1721244482250).toEqual({
      type: 'string', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: true,
      title: 'UF_CRM_1721244482250', listLabel: 'UF_CRM_1721244482250', formLabel: 'UF_CRM_1721244482250', filterLabel: 'UF_CRM_1721244482250', settings: {},
    })
    expect(fields.UF_CRM_FLAG).toMatchObject({ type: 'boolean', isMultiple: false, isDynamic: true })
    expect(fields.UF_CRM_SCORE).toMatchObject({ type: 'double', isMultiple: false })
    expect(fields.UF_CRM_TAGS).toMatchObject({ type: 'string', isMultiple: true })
    expect((await t.call('crm.lead.fields')).body.result).not.toHaveProperty('UF_CRM_FLAG')
  })

  it('converts later values to the field\'s type and refuses those that cannot be', async () => {
    const id = await add(t, 'deal', { UF_CRM_FLAG: 'N', UF_CRM_SCORE: '7', UF_CRM_TAGS: 'single' })
    expect((await t.call('crm.deal.get', { id })).body.result).toMatchObject({ UF_CRM_FLAG: false, UF_CRM_SCORE: 7, UF_CRM_TAGS: ['single'] })
    expectError(await t.call('crm.deal.update', { id, fields: { UF_CRM_SCORE: 'seven' } }), 'Invalid value for the "UF_CRM_SCORE" field')
    expectError(await t.call('crm.deal.update', { id, fields: { UF_CRM_1721244482250: ['no', 'list'] } }), 'Invalid value for the "UF_CRM_1721244482250" field')
    expectOk(await t.call('crm.deal.update', { id, fields: { UF_CRM_SCORE: 8 } }), true)
    expect((await t.call('crm.deal.get', { id })).body.result).toMatchObject({ UF_CRM_FLAG: false, UF_CRM_SCORE: 8, UF_CRM_1721244482250: null })
  })

  it('selects single-valued user fields with UF_*, multiple ones only by name', async () => {
    const id = await add(t, 'deal', { TITLE: 'Sel', UF_CRM_SCORE: 1, UF_CRM_TAGS: ['t'] })
    const [row] = (await t.call('crm.deal.list', { filter: { ID: id }, select: ['ID', 'UF_*'] })).body.result
    expect(row).toEqual({ ID: String(id), UF_CRM_1721244482250: null, UF_CRM_FLAG: null, UF_CRM_SCORE: 1, UF_CRM_LOWER: null })
    const [named] = (await t.call('crm.deal.list', { filter: { ID: id }, select: ['UF_CRM_TAGS'] })).body.result
    expect(named).toEqual({ ID: String(id), UF_CRM_TAGS: ['t'] })
    const [all] = (await t.call('crm.deal.list', { filter: { ID: id } })).body.result
    expect(all).toMatchObject({ TITLE: 'Sel', UF_CRM_SCORE: 1 })
    expect(all).not.toHaveProperty('UF_CRM_TAGS')
  })

  it('filters by user fields', async () => {
    const a = await add(t, 'deal', { UF_CRM_SCORE: 10, UF_CRM_FLAG: 'Y', UF_CRM_TAGS: ['vip', 'x'] })
    const b = await add(t, 'deal', { UF_CRM_SCORE: 20, UF_CRM_FLAG: 'N', UF_CRM_TAGS: ['x'] })
    const ids = async (filter: Record<string, unknown>) =>
      (await t.call('crm.deal.list', { filter: { '@ID': [a, b], ...filter }, select: ['ID'] })).body.result.map((r: { ID: string }) => Number(r.ID))
    expect(await ids({ UF_CRM_SCORE: 10 })).toEqual([a])
    expect(await ids({ '>UF_CRM_SCORE': 15 })).toEqual([b])
    expect(await ids({ UF_CRM_FLAG: 'Y' })).toEqual([a])
    expect(await ids({ '!UF_CRM_FLAG': 'Y' })).toEqual([b])
    expect(await ids({ UF_CRM_TAGS: 'vip' })).toEqual([a])
    expect(await ids({ '@UF_CRM_SCORE': [20, 30] })).toEqual([b])
    expect(await ids({ UF_CRM_SCORE: 'not a number' })).toEqual([])
  })
})
