import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, expectError, expectOk, timeShape } from './crm-helpers.js'

/**
 * openlines.crm.access.get/set: the administrator's switch for what employees
 * read in the CRM (every object, or their own and OPENED=Y ones).
 */

let t: TestApp
let owner: { id: number; hook: string }
let colleague: { id: number; hook: string }
let admin: { id: number; hook: string }

beforeAll(async () => {
  t = await buildTestApp()
  owner = await t.createUser({ name: 'Owner' })
  colleague = await t.createUser({ name: 'Colleague' })
  admin = await t.createUser({ name: 'Admin', isAdmin: true })
})
afterAll(() => t.close())

describe('openlines.crm.access.*', () => {
  it('reads all by default', async () => {
    expectOk(await t.call('openlines.crm.access.get', {}, admin.hook), { READ: 'all' })
  })

  it('changes what a colleague reads in list and get, and back', async () => {
    const closed = await add(t, 'lead', { TITLE: 'Closed', OPENED: 'N', ASSIGNED_BY_ID: owner.id })
    const opened = await add(t, 'lead', { TITLE: 'Opened', OPENED: 'Y', ASSIGNED_BY_ID: owner.id })
    const own = await add(t, 'lead', { TITLE: 'Mine', OPENED: 'N', ASSIGNED_BY_ID: colleague.id })
    const listIds = async (hook: string) => {
      const res = await t.call('crm.lead.list', { filter: { '@ID': [closed, opened, own] }, select: ['ID'], order: { ID: 'ASC' } }, hook)
      return { ids: (res.body.result as Array<{ ID: string }>).map((r) => Number(r.ID)), total: res.body.total }
    }
    expect(await listIds(colleague.hook)).toEqual({ ids: [closed, opened, own], total: 3 })

    expectOk(await t.call('openlines.crm.access.set', { READ: 'own' }, admin.hook), true)
    expectOk(await t.call('openlines.crm.access.get', {}, admin.hook), { READ: 'own' })
    expect(await listIds(colleague.hook)).toEqual({ ids: [opened, own], total: 2 })
    expectError(await t.call('crm.lead.get', { id: closed }, colleague.hook), 'Access denied.')
    expect((await t.call('crm.lead.get', { id: opened }, colleague.hook)).body.result.ID).toBe(String(opened))
    // the responsible user and administrators still read everything of theirs
    expect((await t.call('crm.lead.get', { id: closed }, owner.hook)).body.result.ID).toBe(String(closed))
    expect(await listIds(admin.hook)).toEqual({ ids: [closed, opened, own], total: 3 })

    expectOk(await t.call('openlines.crm.access.set', { READ: 'ALL' }, admin.hook), true)
    expect(await listIds(colleague.hook)).toEqual({ ids: [closed, opened, own], total: 3 })
    expect((await t.call('crm.lead.get', { id: closed }, colleague.hook)).body.result.ID).toBe(String(closed))
  })

  it('is for administrators only', async () => {
    for (const [method, params] of [['openlines.crm.access.get', {}], ['openlines.crm.access.set', { READ: 'own' }]] as const) {
      const res = await t.call(method, params, colleague.hook)
      expect(res.status).toBe(403)
      expect(res.body.error).toBe('ACCESS_DENIED')
    }
    expectOk(await t.call('openlines.crm.access.get', {}, admin.hook), { READ: 'all' })
  })

  it('answers ERROR_ARGUMENT for a missing or unknown READ', async () => {
    for (const params of [{}, { READ: 'some' }, { READ: ['all'] }]) {
      const res = await t.call('openlines.crm.access.set', params, admin.hook)
      expect(res.status).toBe(400)
      expect(res.body).toEqual({ error: 'ERROR_ARGUMENT', error_description: 'Argument "READ": must be "all" or "own"' })
    }
    expect((await t.call('openlines.crm.access.get', {}, admin.hook)).body).toEqual({ result: { READ: 'all' }, time: timeShape })
  })
})
