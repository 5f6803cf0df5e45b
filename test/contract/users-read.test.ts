import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertUser } from '../../src/users/users.repo.js'
import { timeShape } from '../helpers/envelope.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const ids = (body: Record<string, any>) => (body.result as Array<{ ID: string }>).map((u) => Number(u.ID))

describe('user.get: who is listed', () => {
  let t: TestApp
  const made: Record<string, number> = {}
  beforeAll(async () => {
    t = await buildTestApp()
    for (const type of ['employee', 'extranet', 'email', 'bot', 'imconnector', 'network']) {
      made[type] = (await insertUser(t.deps.db, { name: `A ${type}`, userType: type, departments: type === 'employee' ? [1] : [] })).id
    }
  })
  afterAll(() => t.close())

  it('lists employees only by default, sorted by ID, with total', async () => {
    const res = await t.call('user.get')
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual([1, made.employee])
    expect(res.body.total).toBe(2)
    expect(res.body.next).toBeUndefined()
  })

  it('lists extranet or mail users when USER_TYPE asks for them, never bots or open-line customers', async () => {
    expect(ids((await t.call('user.get', { FILTER: { USER_TYPE: 'extranet' } })).body)).toEqual([made.extranet])
    expect(ids((await t.call('user.get', { FILTER: { USER_TYPE: ['email', 'extranet'] } })).body)).toEqual([made.extranet, made.email])
    expect(ids((await t.call('user.get', { FILTER: { USER_TYPE: 'bot' } })).body)).toEqual([])
    expect(ids((await t.call('user.get', { FILTER: { '!USER_TYPE': 'employee' } })).body)).toEqual([made.extranet, made.email])
    expect(ids((await t.call('user.get', { FILTER: { ID: made.imconnector } })).body)).toEqual([])
  })

  it('lists employees, extranet and mail users with ADMIN_MODE for an administrator only', async () => {
    expect(ids((await t.call('user.get', { ADMIN_MODE: 'True' })).body)).toEqual([1, made.employee, made.extranet, made.email])
    const plain = await t.createUser({ scopes: ['user'] })
    expect(ids((await t.call('user.get', { ADMIN_MODE: true }, plain.hook)).body)).toEqual([1, made.employee, plain.id])
  })

  it('shows an extranet user only themselves', async () => {
    const hook = await t.deps.auth.createWebhook({ userId: made.extranet, scopes: ['user'] })
    const res = await t.call('user.get', { FILTER: { USER_TYPE: ['employee', 'extranet'] } }, new URL(hook.url).pathname)
    expect(ids(res.body)).toEqual([made.extranet])
  })

  it('answers an empty page with total 0', async () => {
    expect((await t.call('user.get', { FILTER: { ID: 999 } })).body).toEqual({ result: [], total: 0, time: timeShape })
  })
})

describe('user.get: paging, sorting, select', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
    // 60 more employees: Emp 01..60 with last names running backwards.
    for (let i = 1; i <= 60; i++) {
      await insertUser(t.deps.db, { name: `Emp ${String(i).padStart(2, '0')}`, lastName: `L${String(61 - i).padStart(2, '0')}`, departments: [1] })
    }
  })
  afterAll(() => t.close())

  it('pages by 50 with next and total', async () => {
    const first = await t.call('user.get')
    expect(first.body.result).toHaveLength(50)
    expect(first.body.next).toBe(50)
    expect(first.body.total).toBe(61)
    const second = await t.call('user.get', { start: 50 })
    expect(ids(second.body)).toEqual(Array.from({ length: 11 }, (_, i) => 51 + i))
    expect(second.body.next).toBeUndefined()
    expect(second.body.total).toBe(61)
  })

  it('skips the count with start=-1 and pages by the last ID (huge-data.md)', async () => {
    const fast = await t.call('user.get', { start: -1, FILTER: { '>ID': 0 } })
    expect(Object.keys(fast.body).sort()).toEqual(['result', 'time'])
    expect(fast.body.result).toHaveLength(50)
    const last = ids(fast.body).at(-1)
    const rest = await t.call('user.get', { start: -1, FILTER: { '>ID': last } })
    expect(ids(rest.body)).toEqual(Array.from({ length: 11 }, (_, i) => 51 + i))
  })

  it('sorts by any profile field in either order; ties keep ID order', async () => {
    const desc = await t.call('user.get', { sort: 'LAST_NAME', order: 'DESC', FILTER: { '%NAME': 'Emp' }, select: ['ID'] })
    expect(ids(desc.body).slice(0, 3)).toEqual([2, 3, 4])
    const asc = await t.call('user.get', { SORT: 'last_name', ORDER: 'asc', select: ['ID'] })
    expect(ids(asc.body).slice(0, 3)).toEqual([1, 61, 60])
    const alone = await t.call('user.get', { sort: 'NAME', select: ['ID'] })
    expect(ids(alone.body).slice(0, 2)).toEqual([1, 2])
  })

  it('refuses an unknown sort field with ERROR_ARGUMENT', async () => {
    const res = await t.call('user.get', { sort: 'PASSWORD', order: 'ASC' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: 'ERROR_ARGUMENT', error_description: 'Unknown sort field: PASSWORD' })
  })

  it('returns only the selected fields; * is every field, UF_* every UF_ field; unknown names are skipped', async () => {
    const res = await t.call('user.get', { FILTER: { ID: 1 }, select: ['NAME', 'ID', 'NO_SUCH_FIELD', 'UF_*'] })
    expect(res.body).toEqual({ result: [{ ID: '1', NAME: 'Administrator', UF_DEPARTMENT: [1] }], total: 1, time: timeShape })
    const all = await t.call('user.get', { FILTER: { ID: 1 }, select: ['*'] })
    expect(Object.keys(all.body.result[0])).toContain('USER_TYPE')
  })

  it('takes filter keys at the top level when there is no FILTER (the cURL example of user-get.md)', async () => {
    const res = await t.call('user.get', { UF_DEPARTMENT: 1, SORT: 'ID', ORDER: 'desc', start: 10, select: ['ID'] })
    expect(ids(res.body)[0]).toBe(51)
    expect(res.body.total).toBe(61)
  })
})

describe('user.search and user.fields', () => {
  let t: TestApp
  let support: number
  beforeAll(async () => {
    t = await buildTestApp()
    support = (await t.call('department.add', { NAME: 'Customer Support', PARENT: 1 })).body.result
    await t.call('user.add', { EMAIL: 'j@example.com', NAME: 'John', LAST_NAME: 'Doe', WORK_POSITION: 'Team lead', UF_DEPARTMENT: support })
    await t.call('user.add', { EMAIL: 'm@example.com', NAME: 'Mary', LAST_NAME: 'Johnson', SECOND_NAME: 'Ann', UF_DEPARTMENT: 1 })
    await t.call('user.add', { EMAIL: 'p@example.com', NAME: 'Peter', LAST_NAME: 'Parker', WORK_POSITION: 'Support engineer', UF_DEPARTMENT: 1 })
  })
  afterAll(() => t.close())

  it.each([
    [{ FIND: 'john' }, [2, 3]],
    [{ FIND: 'John Doe' }, [2]],
    [{ FIND: 'supp' }, [2, 4]],
    [{ FIND: 'lead' }, [2]],
    [{ FIND: 'ohn' }, []],
    [{ FILTER: { FIND: 'ann' } }, [3]],
    [{ FILTER: { NAME: 'jo' } }, [2]],
    [{ FILTER: { LAST_NAME: 'Jo' } }, [3]],
    [{ FILTER: { UF_DEPARTMENT_NAME: 'customer' } }, [2]],
    [{ FILTER: { WORK_POSITION: 'supp', USER_TYPE: 'employee' } }, [4]],
    [{ FILTER: { FIND: 'peter', NAME: 'John' } }, [4]],
  ])('user.search %j finds %j', async (params, expected) => {
    const res = await t.call('user.search', params)
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual(expected)
    expect(res.body.total).toBe(expected.length)
  })

  it('user.get understands NAME_SEARCH but not FIND', async () => {
    expect(ids((await t.call('user.get', { FILTER: { NAME_SEARCH: 'parker' } })).body)).toEqual([4])
    expect(ids((await t.call('user.get', { FILTER: { FIND: 'parker' } })).body)).toEqual([1, 2, 3, 4])
  })

  it('user.fields names every field with its label', async () => {
    const res = await t.call('user.fields')
    expect(res.status).toBe(200)
    expect(res.body.time).toEqual(timeShape)
    expect(Object.keys(res.body.result)).toHaveLength(63)
    expect(res.body.result).toMatchObject({
      ID: 'ID',
      XML_ID: 'External code',
      ACTIVE: 'Activity',
      NAME: 'First Name',
      EMAIL: 'E-Mail',
      LAST_LOGIN: 'Last Authorization',
      PERSONAL_PHOTO: 'Photo',
      WORK_POSITION: 'Job Title',
      UF_DEPARTMENT: 'Units',
      UF_PHONE_INNER: 'Extension',
      USER_TYPE: 'USER_TYPE',
    })
  })
})
