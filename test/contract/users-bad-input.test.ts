import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { timeShape } from '../helpers/envelope.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const HUGE = 99_999_999_999
const argument = (field: string, why: string) => ({ error: 'ERROR_ARGUMENT', error_description: `Argument "${field}": ${why}` })
const empty = { result: [], total: 0, time: timeShape }

/** Numbers past the database's integer range, huge lists, odd types: a documented answer every time, never a 500. */
describe('users and departments: bad input', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(() => t.close())

  it.each([
    ['user.get', { FILTER: { ID: HUGE } }, 200, empty],
    ['user.get', { FILTER: { '>ID': -HUGE, UF_DEPARTMENT: HUGE } }, 200, empty],
    ['user.get', { FILTER: { '>ID': 'abc', NAME: { nested: { deeper: [1] } } } }, 200, empty],
    ['user.get', { FILTER: { '>=DATE_REGISTER': '2024-99-99' } }, 200, empty],
    ['user.get', { start: 1e20 }, 200, { result: [], total: 1, time: timeShape }],
    ['user.get', { FILTER: { '@ID': Array.from({ length: 10_001 }, (_, i) => i) } }, 400, argument('FILTER', 'at most 10000 values')],
    ['user.search', { FIND: 'a '.repeat(21) }, 400, argument('FIND', 'at most 20 words')],
    ['user.update', { ID: HUGE, NAME: 'x' }, 400, { error: 'ERROR_CORE', error_description: 'User not found' }],
    ['user.add', { EMAIL: 'a@b.cd', UF_DEPARTMENT: HUGE }, 400, { error: 'ERROR_ARGUMENT', error_description: 'invalid_type_field', argument: 'UF_DEPARTMENT' }],
    ['department.get', { ID: HUGE }, 200, empty],
    ['department.delete', { ID: HUGE }, 400, { error: 'ERROR_CORE', error_description: 'Department not found' }],
    ['department.update', { ID: 1, PARENT: HUGE }, 400, argument('PARENT', 'must be an integer')],
    ['department.add', { NAME: 'x', PARENT: 1, SORT: HUGE }, 400, argument('SORT', 'must be an integer')],
    ['department.add', { NAME: 'x', PARENT: 1, UF_HEAD: 1.5 }, 400, argument('UF_HEAD', 'must be an integer')],
    ['department.add', { NAME: ['x'], PARENT: 1 }, 400, { error: 'ERROR_CORE', error_description: 'Department name not provided.<br>' }],
    ['access.name', { ACCESS: [`U${HUGE}`, `D${HUGE}`] }, 200, { result: {}, time: timeShape }],
  ])('%s %j', async (method, params, status, body) => {
    const res = await t.call(method, params)
    expect(res.status).toBe(status)
    expect(res.body).toEqual(body)
  })

  it('takes a long ID list as one parameter', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => i + 1)
    const res = await t.call('user.get', { FILTER: { ID: ids } })
    expect(res.body.total).toBe(1)
    const negated = await t.call('user.get', { FILTER: { '!ID': ids } })
    expect(negated.body.total).toBe(0)
  })

  it('ignores a FILTER or select that is not a map or a list', async () => {
    expect((await t.call('user.get', { FILTER: 'ID=1', select: 'ID' })).body.result[0]).toMatchObject({ ID: '1', NAME: 'Administrator' })
  })

  it('keeps serving', async () => {
    expect((await t.call('user.current')).status).toBe(200)
  })
})
