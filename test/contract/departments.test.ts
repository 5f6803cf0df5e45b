import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { timeShape } from '../helpers/envelope.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const core = (description: string) => ({ error: 'ERROR_CORE', error_description: description })

describe('department.get and department.fields', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
    // 2 Sales (sort 100), 3 Accounting (300, head 1), 4 Support (inside Sales, 200)
    await t.call('department.add', { NAME: 'Sales', PARENT: 1, SORT: 100 })
    await t.call('department.add', { NAME: 'Accounting', PARENT: 1, SORT: 300, UF_HEAD: 1 })
    await t.call('department.add', { NAME: 'Support', PARENT: 2, SORT: 200 })
  })
  afterAll(() => t.close())

  it('lists departments by SORT with total; ID and PARENT are strings, the top one has no PARENT', async () => {
    const res = await t.call('department.get')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      result: [
        { ID: '2', NAME: 'Sales', SORT: 100, PARENT: '1' },
        { ID: '4', NAME: 'Support', SORT: 200, PARENT: '2' },
        { ID: '3', NAME: 'Accounting', SORT: 300, PARENT: '1', UF_HEAD: '1' },
        { ID: '1', NAME: 'Company', SORT: 500, UF_HEAD: '1' },
      ],
      total: 4,
      time: timeShape,
    })
  })

  it.each([
    [{ ID: 3 }, ['3']],
    [{ PARENT: 1 }, ['2', '3']],
    [{ NAME: 'Support' }, ['4']],
    [{ NAME: 'Supp' }, []],
    [{ UF_HEAD: 1 }, ['3', '1']],
    [{ SORT: 200 }, ['4']],
    [{ id: '2' }, ['2']],
    [{ ID: [2, 4] }, ['2', '4']],
    [{ sort: 'NAME', order: 'ASC' }, ['3', '1', '2', '4']],
    [{ sort: 'ID', order: 'DESC' }, ['4', '3', '2', '1']],
    [{ sort: 'PARENT', order: 'DESC', PARENT: 1 }, ['2', '3']],
    [{ '!PARENT': 1 }, ['4', '1']],
    [{ '>ID': 2, '<=ID': 3 }, ['3']],
    [{ FILTER: { '>ID': 1 }, order: { ID: 'ASC' }, start: -1 }, ['2', '4', '3']],
    [{ '%NAME': 'Sal' }, ['2', '4', '3', '1']],
  ] as Array<[Record<string, unknown>, string[]]>)('department.get %j', async (params, expected) => {
    const res = await t.call('department.get', params)
    expect(res.body.result.map((d: { ID: string }) => d.ID)).toEqual(expected)
    expect(res.body.total).toBe(params.start === -1 ? undefined : expected.length)
  })

  it('refuses an unknown sort field', async () => {
    const res = await t.call('department.get', { sort: 'COLOR' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: 'ERROR_ARGUMENT', error_description: 'Unknown sort field: COLOR' })
  })

  it('answers department.fields', async () => {
    expect((await t.call('department.fields')).body).toEqual({
      result: { ID: 'ID', NAME: 'Department Name', SORT: 'Sort Order', PARENT: 'Parent Department', UF_HEAD: 'Manager' },
      time: timeShape,
    })
  })

  it('is open to any user with the department scope, and to no one without it', async () => {
    const u = await t.createUser({ scopes: ['department'] })
    expect((await t.call('department.get', {}, u.hook)).body.total).toBe(4)
    const other = await t.createUser({ scopes: ['user'] })
    const res = await t.call('department.get', {}, other.hook)
    expect(res.status).toBe(403)
    expect(res.body.error).toBe('insufficient_scope')
  })

  it('pages by 50 with start', async () => {
    for (let i = 0; i < 50; i++) await t.call('department.add', { NAME: `Team ${i}`, PARENT: 1, SORT: 1000 + i })
    const first = await t.call('department.get')
    expect([first.body.result.length, first.body.next, first.body.total]).toEqual([50, 50, 54])
    const second = await t.call('department.get', { start: 50 })
    expect([second.body.result.length, second.body.next, second.body.total]).toEqual([4, undefined, 54])
    const fast = await t.call('department.get', { start: -1 })
    expect([fast.body.result.length, fast.body.next, fast.body.total]).toEqual([50, undefined, undefined])
  })
})

describe('department.add, department.update, department.delete', () => {
  let t: TestApp
  let operator: { id: number; hook: string }
  beforeAll(async () => {
    t = await buildTestApp()
    operator = await t.createUser({ scopes: ['department', 'user'], departments: [1] })
  })
  afterAll(() => t.close())

  it('adds a department and returns its id', async () => {
    const res = await t.call('department.add', { NAME: 'Sales', PARENT: 1, UF_HEAD: operator.id, SORT: 10 })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ result: 2, time: timeShape })
    expect((await t.call('department.get', { ID: 2 })).body.result).toEqual([{ ID: '2', NAME: 'Sales', SORT: 10, PARENT: '1', UF_HEAD: String(operator.id) }])
  })

  it.each([
    ['no NAME', { PARENT: 1 }, core('Department name not provided.<br>')],
    ['a blank NAME', { NAME: '  ', PARENT: 1 }, core('Department name not provided.<br>')],
    ['no PARENT (there is a top department already)', { NAME: 'Second top' }, core('There can only be one top-level department in the company structure')],
    ['a PARENT that does not exist', { NAME: 'Orphan', PARENT: 99 }, core('There can only be one top-level department in the company structure')],
    ['a head who does not exist', { NAME: 'Headless', PARENT: 1, UF_HEAD: 99 }, core('User 99 not found')],
    ['a SORT that is not a number', { NAME: 'X', PARENT: 1, SORT: 'first' }, { error: 'ERROR_ARGUMENT', error_description: 'Argument "SORT": must be an integer' }],
  ])('department.add refuses %s', async (_what, params, body) => {
    const res = await t.call('department.add', params)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(body)
    expect((await t.call('department.get')).body.total).toBe(2)
  })

  it('changes NAME, SORT, PARENT and UF_HEAD (0 removes the head)', async () => {
    const team = (await t.call('department.add', { NAME: 'Team', PARENT: 1 })).body.result
    expect((await t.call('department.update', { ID: team, NAME: 'Inbound', SORT: 5, PARENT: 2, UF_HEAD: 1 })).body).toEqual({ result: true, time: timeShape })
    expect((await t.call('department.get', { ID: team })).body.result).toEqual([{ ID: String(team), NAME: 'Inbound', SORT: 5, PARENT: '2', UF_HEAD: '1' }])
    await t.call('department.update', { ID: team, UF_HEAD: 0 })
    expect((await t.call('department.get', { ID: team })).body.result).toEqual([{ ID: String(team), NAME: 'Inbound', SORT: 5, PARENT: '2' }])
  })

  it.each([
    ['no ID', { NAME: 'X' }, core('Department not found')],
    ['an ID that does not exist', { ID: 99, NAME: 'X' }, core('Department not found')],
    ['a blank NAME', { ID: 2, NAME: '' }, core('Department name not provided.<br>')],
    ['moving under itself', { ID: 2, PARENT: 2 }, core('A department cannot be moved under itself or its sub-department')],
    ['moving the top under its sub-department', { ID: 1, PARENT: 2 }, core('A department cannot be moved under itself or its sub-department')],
    ['a second top department', { ID: 2, PARENT: 0 }, core('There can only be one top-level department in the company structure')],
  ])('department.update refuses %s', async (_what, params, body) => {
    const before = (await t.call('department.get')).body.result
    const res = await t.call('department.update', params)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(body)
    expect((await t.call('department.get')).body.result).toEqual(before)
  })

  it('refuses to delete a department with sub-departments or active employees; deletes an empty one', async () => {
    const parent = (await t.call('department.add', { NAME: 'Parent', PARENT: 1 })).body.result
    const child = (await t.call('department.add', { NAME: 'Child', PARENT: parent })).body.result
    expect((await t.call('department.delete', { ID: parent })).body).toEqual(core('The department has sub-departments; move or delete them first'))
    const worker = (await t.call('user.add', { EMAIL: 'w@example.com', UF_DEPARTMENT: [child, 1] })).body.result
    expect((await t.call('department.delete', { ID: child })).body).toEqual(core('The department has employees; move them to another department first'))
    // A dismissed employee does not hold the department; it is taken off their list.
    await t.call('user.update', { ID: worker, ACTIVE: 'N' })
    expect((await t.call('department.delete', { ID: child })).body).toEqual({ result: true, time: timeShape })
    expect((await t.call('user.get', { ID: worker, select: ['UF_DEPARTMENT'] })).body.result).toEqual([{ UF_DEPARTMENT: [1] }])
    expect((await t.call('department.delete', { ID: parent })).body.result).toBe(true)
    expect((await t.call('department.get', { ID: [parent, child] })).body.total).toBe(0)
  })

  it('department.delete answers Department not found for an unknown or missing ID', async () => {
    for (const params of [{ ID: 99 }, {}]) {
      const res = await t.call('department.delete', params)
      expect(res.status).toBe(400)
      expect(res.body).toEqual(core('Department not found'))
    }
  })

  it('answers ERROR_CORE Access denied to a user who is not an administrator', async () => {
    for (const [method, params] of [
      ['department.add', { NAME: 'Mine', PARENT: 1 }],
      ['department.update', { ID: 2, NAME: 'Mine' }],
      ['department.delete', { ID: 2 }],
    ] as const) {
      const res = await t.call(method, params, operator.hook)
      expect(res.status).toBe(400)
      expect(res.body).toEqual(core('Access denied'))
    }
    expect((await t.call('department.get', { ID: 2 })).body.result[0].NAME).toBe('Sales')
  })
})
