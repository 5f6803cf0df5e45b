import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseLineParams } from '../../../src/lines/line-params.schemas.js'
import type { Actor } from '../../../src/rest/actor.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { addDepartment, addEmployee, manualClock, timeShape } from './fixtures.js'

const clock = manualClock()

describe('imopenlines.config.list.get', () => {
  let t: TestApp
  let alpha: number, beta: number, gamma: number, dept: number, deptUser: number
  const list = (PARAMS?: unknown, OPTIONS?: unknown, hook?: string) => t.call('imopenlines.config.list.get', { PARAMS, OPTIONS }, hook)
  const ids = (res: { body: Record<string, any> }) => res.body.result.map((l: { ID: string }) => Number(l.ID))

  beforeAll(async () => {
    t = await buildTestApp({ clock })
    dept = await addDepartment(t, 'Support')
    deptUser = await addEmployee(t, { departments: [dept], online: true })
    const add = async (params: Record<string, unknown>) => {
      clock.advance(60)
      return (await t.call('imopenlines.config.add', { PARAMS: params })).body.result as number
    }
    alpha = await add({ LINE_NAME: 'Alpha support', QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: 1 }], QUEUE_TYPE: 'strictly' })
    beta = await add({ LINE_NAME: 'Beta sales', ACTIVE: 'N', XML_ID: 'b-1' })
    gamma = await add({ LINE_NAME: 'Gamma SUPPORT', QUEUE: [{ ENTITY_TYPE: 'department', ENTITY_ID: dept }], MAX_CHAT: 5 })
  })
  afterAll(() => t.close())

  it('answers every line with every field, ordered by id, without total or next', async () => {
    const res = await list()
    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(['result', 'time'])
    expect(ids(res)).toEqual([alpha, beta, gamma])
    const one = await t.call('imopenlines.config.get', { CONFIG_ID: alpha, WITH_QUEUE: 'N' })
    expect(res.body.result[0]).toEqual(one.body.result)
  })

  it('selects fields, under aliases too', async () => {
    const res = await list({ select: ['ID', 'LINE_NAME', 'ACTIVE'], filter: { ID: beta } })
    expect(res.body).toEqual({ result: [{ ID: String(beta), LINE_NAME: 'Beta sales', ACTIVE: 'N' }], time: timeShape })
    const aliased = await list({ select: { 0: 'ID', TITLE: 'LINE_NAME' }, filter: { ID: beta } })
    expect(aliased.body.result).toEqual([{ ID: String(beta), TITLE: 'Beta sales' }])
  })

  it('orders by any scalar field in either direction', async () => {
    expect(ids(await list({ select: ['ID'], order: { LINE_NAME: 'DESC' } }))).toEqual([gamma, beta, alpha])
    expect(ids(await list({ select: ['ID'], order: { MAX_CHAT: 'desc', ID: 'asc' } }))).toEqual([gamma, alpha, beta])
    expect(ids(await list({ select: ['ID'], order: { active: 'asc' } }))).toEqual([beta, alpha, gamma])
  })

  it.each([
    ['ACTIVE', { ACTIVE: 'Y' }, () => [alpha, gamma]],
    ['!ACTIVE', { '!ACTIVE': 'Y' }, () => [beta]],
    ['%LINE_NAME (case-insensitive)', { '%LINE_NAME': 'support' }, () => [alpha, gamma]],
    ['!%LINE_NAME', { '!%LINE_NAME': 'support' }, () => [beta]],
    ['LINE_NAME exact', { LINE_NAME: 'Beta sales' }, () => [beta]],
    ['>ID', { '>ID': 0 }, () => [alpha, beta, gamma]],
    ['>ID and <ID', { '>ID': 0, '<ID': 999 }, () => [alpha, beta, gamma]],
    ['>=MAX_CHAT', { '>=MAX_CHAT': 1 }, () => [gamma]],
    ['@ID', { '@ID': [] as number[] }, () => []],
    ['ID as a list', { ID: ['0'] }, () => []],
    ['QUEUE_TYPE', { QUEUE_TYPE: 'strictly' }, () => [alpha]],
    ['XML_ID null', { XML_ID: null }, () => [alpha, gamma]],
    ['WELCOME_BOT_ID 0 (none)', { WELCOME_BOT_ID: 0 }, () => [alpha, beta, gamma]],
  ])('filters by %s', async (_name, filter, expected) => {
    expect(ids(await list({ select: ['ID'], filter }))).toEqual(expected())
  })

  it('filters by lists, dates and the id comparisons', async () => {
    expect(ids(await list({ select: ['ID'], filter: { '@ID': [alpha, gamma] } }))).toEqual([alpha, gamma])
    expect(ids(await list({ select: ['ID'], filter: { '!@ID': [alpha, gamma] } }))).toEqual([beta])
    expect(ids(await list({ select: ['ID'], filter: { '>ID': alpha } }))).toEqual([beta, gamma])
    expect(ids(await list({ select: ['ID'], filter: { '<=ID': beta } }))).toEqual([alpha, beta])
    const betaCreated = (await t.call('imopenlines.config.get', { CONFIG_ID: beta, WITH_QUEUE: 'N' })).body.result.DATE_CREATE
    expect(ids(await list({ select: ['ID'], filter: { '>=DATE_CREATE': betaCreated } }))).toEqual([beta, gamma])
  })

  it('pages with limit and offset', async () => {
    expect(ids(await list({ select: ['ID'], limit: 2 }))).toEqual([alpha, beta])
    expect(ids(await list({ select: ['ID'], limit: 2, offset: 2 }))).toEqual([gamma])
    expect(ids(await list({ select: ['ID'], limit: '1', offset: '1' }))).toEqual([beta])
  })

  it('returns the queues asked for by OPTIONS', async () => {
    const res = await list({ select: ['ID'], filter: { '@ID': [alpha, gamma] } }, { QUEUE: 'Y', CONFIG_QUEUE: 'Y' })
    const none = { USER_NAME: null, USER_WORK_POSITION: null, USER_AVATAR: null, USER_AVATAR_ID: null }
    expect(res.body.result).toEqual([
      { ID: String(alpha), QUEUE: [1], QUEUE_USERS_FIELDS: { 1: none }, CONFIG_QUEUE: [{ ENTITY_ID: '1', ENTITY_TYPE: 'user' }] },
      { ID: String(gamma), QUEUE: [deptUser], QUEUE_USERS_FIELDS: { [deptUser]: none }, CONFIG_QUEUE: [{ ENTITY_ID: String(dept), ENTITY_TYPE: 'department' }] },
    ])
  })

  it('shows each user only the lines they may see, and with CHECK_PERMISSION=MODIFY those they may change', async () => {
    const op = await t.createUser({ departments: [dept] })
    expect(ids(await list({ select: ['ID'] }, undefined, op.hook))).toEqual([gamma])
    expect(ids(await list({ select: ['ID'] }, { CHECK_PERMISSION: 'MODIFY' }, op.hook))).toEqual([])
    await t.call('openlines.config.access.set', { USER_ID: op.id, CONFIG_ID: beta, ROLE: 'manager' })
    expect(ids(await list({ select: ['ID'] }, undefined, op.hook))).toEqual([beta, gamma])
    expect(ids(await list({ select: ['ID'] }, { CHECK_PERMISSION: 'modify' }, op.hook))).toEqual([beta])
    const stranger = await t.createUser()
    expect(ids(await list({}, undefined, stranger.hook))).toEqual([])
  })

  it.each([
    [{ PARAMS: { select: ['ID'], where: {} } }, 'Unsupported PARAMS fields are passed: where'],
    [{ PARAMS: { select: 'ID' } }, "A wrong format for the PARAMS field 'select' is passed"],
    [{ PARAMS: { order: 'ID' } }, "A wrong format for the PARAMS field 'order' is passed"],
    [{ PARAMS: { filter: 'ACTIVE' } }, "A wrong format for the PARAMS field 'filter' is passed"],
    [{ PARAMS: { filter: { ACTIVE: { Y: 1 } } } }, "A wrong format for the PARAMS field 'filter' is passed"],
    [{ PARAMS: { limit: -1 } }, "A non-negative integer is expected in the PARAMS field 'limit'"],
    [{ PARAMS: { offset: 'next' } }, "A non-negative integer is expected in the PARAMS field 'offset'"],
    [{ PARAMS: { select: ['LINE NAME'] } }, "A wrong field name is passed in the PARAMS field 'select'"],
    [{ PARAMS: { order: { '': 'ASC' } } }, "A wrong field name is passed in the PARAMS field 'order'"],
    [{ PARAMS: { filter: { '=': 1 } } }, "A wrong field name is passed in the PARAMS field 'filter'"],
    [{ PARAMS: { select: ['COLOR'] } }, "An unknown field 'COLOR' is passed in the PARAMS field 'select'"],
    [{ PARAMS: { select: ['QUEUE'] } }, "An unknown field 'QUEUE' is passed in the PARAMS field 'select'"],
    [{ PARAMS: { order: { COLOR: 'ASC' } } }, "An unknown field 'COLOR' is passed in the PARAMS field 'order'"],
    [{ PARAMS: { filter: { '%COLOR': 'red' } } }, "An unknown field 'COLOR' is passed in the PARAMS field 'filter'"],
    [{ PARAMS: { select: { 'my alias': 'ID' } } }, "A wrong field alias is passed in the PARAMS field 'select'"],
    [{ PARAMS: { select: { LINE_NAME: 'ID' } } }, "The alias 'LINE_NAME' matches an existing field in the PARAMS field 'select'"],
    [{ PARAMS: { order: { ID: 'up' } } }, "A wrong sorting direction is passed in the PARAMS field 'order'"],
    [{ OPTIONS: { QUEUE: 'Y', USERS: 'Y' } }, 'Unsupported OPTIONS fields are passed: USERS'],
    [{ OPTIONS: { QUEUE: ['Y'] } }, "A wrong format for the OPTIONS field 'QUEUE' is passed"],
    [{ OPTIONS: { CONFIG_QUEUE: { a: 1 } } }, "A wrong format for the OPTIONS field 'CONFIG_QUEUE' is passed"],
    [{ OPTIONS: { CHECK_PERMISSION: 'DELETE' } }, "An unknown value for the OPTIONS field 'CHECK_PERMISSION' is passed"],
    [{ PARAMS: { filter: { '>ACTIVE': 'Y' } } }, "The operation '>ACTIVE' does not apply to the field 'ACTIVE' in the PARAMS field 'filter'"],
    [{ PARAMS: { filter: { ID: 'one' } } }, "A wrong value for the field 'ID' is passed in the PARAMS field 'filter'"],
    [{ PARAMS: { filter: { WORKTIME_DAYOFF: 'SA' } } }, "The field 'WORKTIME_DAYOFF' cannot be used in the PARAMS field 'filter'"],
  ])('answers INVALID_FORMAT for %j', async (params, description) => {
    const res = await t.call('imopenlines.config.list.get', params)
    expect(res).toEqual({ status: 400, body: { error: 'INVALID_FORMAT', error_description: description } })
  })

  it('caps a page at 200 lines', async () => {
    const admin: Actor = { kind: 'webhook', userId: 1, isAdmin: true, scopes: 'all', credentialKey: 'test', webhookId: null, appId: null, clientId: null }
    await t.deps.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 200; i++) await t.deps.lines.add(admin, parseLineParams({ LINE_NAME: `Bulk ${i}` }), tx)
    })
    expect((await list({ select: ['ID'], limit: 500 })).body.result).toHaveLength(200)
    expect((await list({ select: ['ID'], limit: 0 })).body.result).toHaveLength(200)
    expect((await list({ select: ['ID'] })).body.result).toHaveLength(50)
    expect((await list({ select: ['ID'], offset: 200 })).body.result).toHaveLength(3)
  })
})
