import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../test/helpers/test-app.js'
import { departmentUsers, getUser, isAdmin, missingUsers, usersExist } from './index.js'
import { insertUser } from './users.repo.js'

describe('users public face', () => {
  let t: TestApp
  // Company(1) > Sales(2) > Inbound(3); Company > Accounting(4)
  const ids: Record<string, number> = {}
  beforeAll(async () => {
    t = await buildTestApp()
    await t.call('department.add', { NAME: 'Sales', PARENT: 1 })
    await t.call('department.add', { NAME: 'Inbound', PARENT: 2 })
    await t.call('department.add', { NAME: 'Accounting', PARENT: 1 })
    const db = t.deps.db
    ids.inbound = (await insertUser(db, { name: 'In', departments: [3] })).id
    ids.sales = (await insertUser(db, { name: 'Sa', departments: [2, 4] })).id
    ids.accounting = (await insertUser(db, { name: 'Ac', departments: [4] })).id
    ids.dismissed = (await insertUser(db, { name: 'Gone', departments: [2] })).id
    await db.updateTable('users').set({ active: false }).where('id', '=', ids.dismissed).execute()
    ids.extranet = (await insertUser(db, { name: 'Ex', userType: 'extranet', departments: [2] })).id
    ids.bot = (await insertUser(db, { name: 'Bot', userType: 'bot' })).id
  })
  afterAll(() => t.close())

  it('departmentUsers expands sub-departments to active employees, by id', async () => {
    expect(await departmentUsers(t.deps.db, [2])).toEqual([ids.inbound, ids.sales])
    expect(await departmentUsers(t.deps.db, [3])).toEqual([ids.inbound])
    expect(await departmentUsers(t.deps.db, [4, 3])).toEqual([ids.inbound, ids.sales, ids.accounting])
    expect(await departmentUsers(t.deps.db, [1])).toEqual([1, ids.inbound, ids.sales, ids.accounting])
    expect(await departmentUsers(t.deps.db, [])).toEqual([])
    expect(await departmentUsers(t.deps.db, [99])).toEqual([])
  })

  it('usersExist and missingUsers check ids, optionally only active users of some types', async () => {
    expect(await usersExist(t.deps.db, [1, ids.bot, ids.dismissed])).toBe(true)
    expect(await usersExist(t.deps.db, [1, 1])).toBe(true)
    expect(await usersExist(t.deps.db, [])).toBe(true)
    expect(await usersExist(t.deps.db, [1, 999])).toBe(false)
    expect(await usersExist(t.deps.db, [ids.dismissed], { activeOnly: true })).toBe(false)
    expect(await missingUsers(t.deps.db, [ids.bot, 1, 999], { types: ['employee'] })).toEqual([ids.bot, 999])
  })

  it('getUser and isAdmin', async () => {
    expect(await getUser(t.deps.db, ids.sales)).toMatchObject({ id: ids.sales, name: 'Sa', userType: 'employee', departments: [2, 4], active: true, isOnline: false })
    expect(await getUser(t.deps.db, 999)).toBeNull()
    expect(await isAdmin(t.deps.db, 1)).toBe(true)
    expect(await isAdmin(t.deps.db, ids.sales)).toBe(false)
    expect(await isAdmin(t.deps.db, 999)).toBe(false)
  })
})
