import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LINE_PERMISSIONS, lineAccess } from '../../../src/lines/index.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { addDepartment, addEmployee, manualClock, timeShape } from './fixtures.js'
import { toBitrixDate } from '../../../src/platform/dates.js'

const clock = manualClock()

describe('line permissions: openlines.config.access.set / .list and the permission table', () => {
  let t: TestApp
  let line: number
  beforeAll(async () => {
    t = await buildTestApp({ clock })
    line = (await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Rights' } })).body.result
  })
  afterAll(() => t.close())

  it('gives, lists, replaces and takes away roles', async () => {
    const u = await t.createUser()
    expect((await t.call('openlines.config.access.set', { USER_ID: u.id, CONFIG_ID: line, ROLE: 'supervisor' })).body).toEqual({ result: true, time: timeShape })
    expect((await t.call('openlines.config.access.set', { USER_ID: u.id, ROLE: 'manager' })).body.result).toBe(true)
    const listed = await t.call('openlines.config.access.list', { USER_ID: u.id })
    const when = toBitrixDate(clock.now())
    expect(listed.body).toEqual({
      result: [
        { ID: expect.any(String), USER_ID: String(u.id), CONFIG_ID: String(line), ROLE: 'supervisor', GRANTED_BY: '1', DATE_GRANTED: when },
        { ID: expect.any(String), USER_ID: String(u.id), CONFIG_ID: '0', ROLE: 'manager', GRANTED_BY: '1', DATE_GRANTED: when },
      ],
      time: timeShape,
    })
    await t.call('openlines.config.access.set', { USER_ID: u.id, CONFIG_ID: line, ROLE: 'manager' })
    expect((await t.call('openlines.config.access.list', { CONFIG_ID: line })).body.result.map((g: { ROLE: string }) => g.ROLE)).toEqual(['manager'])
    await t.call('openlines.config.access.set', { USER_ID: u.id, CONFIG_ID: line, ROLE: 'none' })
    await t.call('openlines.config.access.set', { USER_ID: u.id, ROLE: 'none' })
    expect((await t.call('openlines.config.access.list', { USER_ID: u.id })).body.result).toEqual([])
  })

  it('is for administrators only', async () => {
    const u = await t.createUser()
    for (const [m, p] of [['openlines.config.access.set', { USER_ID: u.id, ROLE: 'manager' }], ['openlines.config.access.list', {}]] as const) {
      const res = await t.call(m, p, u.hook)
      expect(res.status).toBe(403)
      expect(res.body.error).toBe('ACCESS_DENIED')
    }
  })

  it('refuses unknown users, lines and roles, naming the parameter', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ USER_ID: 9999, ROLE: 'manager' }, 'Argument "USER_ID": 9999 is not the id of an existing active employee'],
      [{ ROLE: 'manager' }, 'Argument "USER_ID": must be a positive integer id'],
      [{ USER_ID: 1, CONFIG_ID: 9999, ROLE: 'manager' }, 'Argument "CONFIG_ID": 9999 is not the id of an existing open line'],
    ]
    for (const [params, description] of cases) {
      expect(await t.call('openlines.config.access.set', params)).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: description } })
    }
    const role = await t.call('openlines.config.access.set', { USER_ID: 1, ROLE: 'owner' })
    expect(role.status).toBe(400)
    expect(role.body.error).toBe('ERROR_ARGUMENT')
  })

  it('follows the table: roles and what each may do', async () => {
    const dept = await addDepartment(t, 'Ops')
    const op = await addEmployee(t, { departments: [dept] })
    const sup = await addEmployee(t)
    const mgr = await addEmployee(t)
    const nobody = await addEmployee(t)
    const id = (await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Table', QUEUE: [{ ENTITY_TYPE: 'department', ENTITY_ID: dept }] } })).body.result
    await t.call('openlines.config.access.set', { USER_ID: sup, CONFIG_ID: id, ROLE: 'supervisor' })
    await t.call('openlines.config.access.set', { USER_ID: mgr, CONFIG_ID: id, ROLE: 'manager' })
    const roles = async (userId: number, isAdmin = false) => [...(await lineAccess(t.deps.db, { userId, isAdmin }, id)).roles]
    expect(await roles(1, true)).toEqual(['admin'])
    expect(await roles(op)).toEqual(['operator'])
    expect(await roles(sup)).toEqual(['supervisor'])
    expect(await roles(mgr)).toEqual(['manager'])
    expect(await roles(nobody)).toEqual([])
    const can = async (userId: number) => {
      const access = await lineAccess(t.deps.db, { userId, isAdmin: false }, id)
      return Object.keys(LINE_PERMISSIONS).filter((a) => access.can(a as keyof typeof LINE_PERMISSIONS))
    }
    expect(await can(op)).toEqual(['view', 'workDialogues'])
    expect(await can(sup)).toEqual(['view', 'viewAllDialogues', 'workDialogues'])
    expect(await can(mgr)).toEqual(['view', 'create', 'modify', 'viewAllDialogues', 'workDialogues'])
    expect(await can(nobody)).toEqual([])
    // A line-only manager cannot create lines: creating needs a role on every line.
    expect((await lineAccess(t.deps.db, { userId: mgr, isAdmin: false }, null)).can('create')).toBe(false)
  })
})
