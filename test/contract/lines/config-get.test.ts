import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getLine, queueUserIds } from '../../../src/lines/index.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { addDepartment, addEmployee, timeShape } from './fixtures.js'

describe('imopenlines.config.get', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(() => t.close())

  const add = async (params: Record<string, unknown>) => (await t.call('imopenlines.config.add', { PARAMS: params })).body.result as number

  it.each([[{}], [{ CONFIG_ID: 0 }], [{ CONFIG_ID: 'abc' }], [{ CONFIG_ID: -3 }], [{ CONFIG_ID: '' }]])(
    'answers CONFIG_ID_EMPTY for %j',
    async (params) => {
      const res = await t.call('imopenlines.config.get', params)
      expect(res).toEqual({ status: 400, body: { error: 'CONFIG_ID_EMPTY', error_description: "Config ID can't be empty" } })
    },
  )

  it('answers false for a line that does not exist', async () => {
    const res = await t.call('imopenlines.config.get', { CONFIG_ID: 987654 })
    expect(res).toEqual({ status: 200, body: { result: false, time: timeShape } })
  })

  it('expands departments (with sub-departments) to active employees, keeping queue order', async () => {
    const sales = await addDepartment(t, 'Sales')
    const east = await addDepartment(t, 'Sales East', sales)
    const a = await addEmployee(t, { departments: [sales], online: true })
    const b = await addEmployee(t, { departments: [east] })
    await addEmployee(t, { departments: [east], active: false })
    const direct = await addEmployee(t, { online: false })
    const line = await add({
      LINE_NAME: 'Queue',
      QUEUE: [
        { ENTITY_TYPE: 'user', ENTITY_ID: direct },
        { ENTITY_TYPE: 'department', ENTITY_ID: sales },
        { ENTITY_TYPE: 'user', ENTITY_ID: a },
      ],
      QUEUE_USERS_FIELDS: { [a]: { USER_NAME: 'Anna', USER_WORK_POSITION: 'Senior', USER_AVATAR: 'https://x/a.png', USER_AVATAR_ID: 12 } },
    })
    const { body } = await t.call('imopenlines.config.get', { CONFIG_ID: line })
    const none = { USER_NAME: null, USER_WORK_POSITION: null, USER_AVATAR: null, USER_AVATAR_ID: '0' }
    const anna = { USER_NAME: 'Anna', USER_WORK_POSITION: 'Senior', USER_AVATAR: 'https://x/a.png', USER_AVATAR_ID: '12' }
    expect(body.result.QUEUE).toEqual([String(direct), String(a), String(b)])
    const entries = (await t.deps.db.selectFrom('line_queue').select(['id', 'sort']).where('line_id', '=', line).orderBy('sort').execute()).map((r) => String(r.id))
    expect(body.result.QUEUE_FULL).toEqual({
      [direct]: { ID: entries[0], SORT: '0', USER_ID: String(direct), DEPARTMENT_ID: '0', ...none },
      [a]: { ID: entries[1], SORT: '1', USER_ID: String(a), DEPARTMENT_ID: String(sales), ...anna },
      [b]: { ID: entries[1], SORT: '2', USER_ID: String(b), DEPARTMENT_ID: String(sales), ...none },
    })
    expect(body.result.QUEUE_USERS_FIELDS).toEqual({ [direct]: none, [a]: anna, [b]: none })
    expect(body.result.QUEUE_ONLINE).toBe('Y')

    const online = await t.call('imopenlines.config.get', { CONFIG_ID: line, SHOW_OFFLINE: 'N' })
    expect(online.body.result.QUEUE).toEqual([String(a)])
    const bare = await t.call('imopenlines.config.get', { CONFIG_ID: line, WITH_QUEUE: 'N' })
    for (const k of ['QUEUE', 'QUEUE_FULL', 'QUEUE_USERS_FIELDS', 'QUEUE_ONLINE']) expect(bare.body.result).not.toHaveProperty(k)

    // What routing reads through the domain's public face.
    expect(await queueUserIds(t.deps.db, line)).toEqual([direct, a, b])
    const config = await getLine(t.deps.db, line)
    expect(config?.queue).toEqual([
      { type: 'user', id: direct },
      { type: 'department', id: sales },
      { type: 'user', id: a },
    ])
    expect(config?.queueType).toBe('evenly')
  })

  it('lets operators of the line read it, directly or through a department above theirs, and nobody else', async () => {
    const top = await addDepartment(t, 'Support')
    const sub = await addDepartment(t, 'Support L2', top)
    const viaDept = await t.createUser({ departments: [sub] })
    const direct = await t.createUser()
    const stranger = await t.createUser()
    const line = await add({
      LINE_NAME: 'Private',
      QUEUE: [
        { ENTITY_TYPE: 'department', ENTITY_ID: top },
        { ENTITY_TYPE: 'user', ENTITY_ID: direct.id },
      ],
    })
    for (const u of [viaDept, direct]) expect((await t.call('imopenlines.config.get', { CONFIG_ID: line }, u.hook)).body.result.ID).toBe(String(line))
    const denied = await t.call('imopenlines.config.get', { CONFIG_ID: line }, stranger.hook)
    expect(denied).toEqual({ status: 403, body: { error: 'ACCESS_DENIED', error_description: `You have no access to open line ${line}` } })

    await t.call('openlines.config.access.set', { USER_ID: stranger.id, CONFIG_ID: line, ROLE: 'supervisor' })
    expect((await t.call('imopenlines.config.get', { CONFIG_ID: line }, stranger.hook)).status).toBe(200)
  })

  it('returns DEFAULT_OPERATOR_DATA and KPI lists as stored', async () => {
    const line = await add({
      LINE_NAME: 'Look',
      DEFAULT_OPERATOR_DATA: { NAME: 'Support team', AVATAR: 'https://x/team.png', AVATAR_ID: '5' },
      KPI_FIRST_ANSWER_LIST: ['1'],
      XML_ID: 'ext-1',
    })
    const { body } = await t.call('imopenlines.config.get', { CONFIG_ID: line, WITH_QUEUE: 'N' })
    expect(body.result).toMatchObject({
      DEFAULT_OPERATOR_DATA: { NAME: 'Support team', AVATAR: 'https://x/team.png', AVATAR_ID: '5' },
      KPI_FIRST_ANSWER_LIST: ['1'],
      KPI_FURTHER_ANSWER_LIST: null,
      XML_ID: 'ext-1',
    })
  })
})
