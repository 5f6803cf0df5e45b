import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toBitrixDate } from '../../../src/platform/dates.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { addDepartment, addEmployee, manualClock, timeShape } from './fixtures.js'

const clock = manualClock()

describe('imopenlines.config.update', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ clock })
  })
  afterAll(() => t.close())

  const add = async (params: Record<string, unknown>) => (await t.call('imopenlines.config.add', { PARAMS: params })).body.result as number
  const get = async (id: number) => (await t.call('imopenlines.config.get', { CONFIG_ID: id })).body.result

  it('changes only the settings given, and records when, by whom and the new version', async () => {
    const id = await add({ LINE_NAME: 'Before', QUEUE_TIME: 30 })
    const before = await get(id)
    clock.advance(90)
    const manager = await t.createUser()
    await t.call('openlines.config.access.set', { USER_ID: manager.id, CONFIG_ID: id, ROLE: 'manager' })
    const res = await t.call('imopenlines.config.update', { CONFIG_ID: id, PARAMS: { LINE_NAME: 'After', QUEUE_TYPE: 'all', WORKTIME_FROM: '8.30' } }, manager.hook)
    expect(res).toEqual({ status: 200, body: { result: true, time: timeShape } })
    const after = await get(id)
    expect(after).toEqual({
      ...before,
      LINE_NAME: 'After',
      QUEUE_TYPE: 'all',
      WORKTIME_FROM: '08:30',
      DATE_MODIFY: toBitrixDate(clock.now()),
      MODIFY_USER_ID: String(manager.id),
      VERSION: '2',
    })
    expect(after.DATE_CREATE).toBe(before.DATE_CREATE)
  })

  it('answers false for a line that does not exist and CONFIG_ID_EMPTY without an id', async () => {
    expect((await t.call('imopenlines.config.update', { CONFIG_ID: 99999, PARAMS: { LINE_NAME: 'x' } })).body.result).toBe(false)
    const res = await t.call('imopenlines.config.update', { PARAMS: { LINE_NAME: 'x' } })
    expect(res).toEqual({ status: 400, body: { error: 'CONFIG_ID_EMPTY', error_description: "Config ID can't be empty" } })
  })

  it('refuses an update naming a stale VERSION, so two admins never overwrite each other silently', async () => {
    const id = await add({ LINE_NAME: 'Shared' })
    const seen = (await get(id)).VERSION
    expect((await t.call('imopenlines.config.update', { CONFIG_ID: id, VERSION: seen, PARAMS: { MAX_CHAT: 3 } })).body.result).toBe(true)
    const stale = await t.call('imopenlines.config.update', { CONFIG_ID: id, VERSION: seen, PARAMS: { MAX_CHAT: 7 } })
    expect(stale).toEqual({
      status: 409,
      body: {
        error: 'CONFIG_VERSION_CONFLICT',
        error_description: `Open line ${id} was changed by someone else: version 1 was given, the current version is 2. Read it again and retry.`,
      },
    })
    expect((await get(id)).MAX_CHAT).toBe('3')
    // Without VERSION the last write wins, as in Bitrix24.
    expect((await t.call('imopenlines.config.update', { CONFIG_ID: id, PARAMS: { MAX_CHAT: 7 } })).body.result).toBe(true)
    const bad = await t.call('imopenlines.config.update', { CONFIG_ID: id, VERSION: 'latest', PARAMS: {} })
    expect(bad).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: 'Argument "VERSION": must be a positive integer' } })
  })

  it('saves nothing when one value is wrong', async () => {
    const id = await add({ LINE_NAME: 'Atomic', QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: 1 }] })
    const before = await get(id)
    const res = await t.call('imopenlines.config.update', {
      CONFIG_ID: id,
      PARAMS: { LINE_NAME: 'Changed', QUEUE: [], WORKTIME_TIMEZONE: 'Nowhere/City' },
    })
    expect(res).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: 'Argument "PARAMS.WORKTIME_TIMEZONE": must be a time zone name such as Europe/Berlin' } })
    const missing = await t.call('imopenlines.config.update', { CONFIG_ID: id, PARAMS: { LINE_NAME: 'Changed', QUEUE: [{ ENTITY_TYPE: 'department', ENTITY_ID: 5555 }] } })
    expect(missing.body.error_description).toBe('Argument "PARAMS.QUEUE[0].ENTITY_ID": 5555 is not the id of an existing department')
    expect(await get(id)).toEqual(before)
  })

  it('replaces the queue when QUEUE is given, keeps it when not, empties it with []', async () => {
    const dept = await addDepartment(t, 'Night shift')
    const u = await addEmployee(t, { departments: [dept] })
    const id = await add({ LINE_NAME: 'Queue', QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: 1 }] })
    await t.call('imopenlines.config.update', { CONFIG_ID: id, PARAMS: { QUEUE: [{ ENTITY_TYPE: 'department', ENTITY_ID: dept }, { ENTITY_TYPE: 'user', ENTITY_ID: 1 }] } })
    expect((await get(id)).QUEUE).toEqual([String(u), '1'])
    await t.call('imopenlines.config.update', { CONFIG_ID: id, PARAMS: { LINE_NAME: 'Queue 2' } })
    expect((await get(id)).QUEUE).toEqual([String(u), '1'])
    await t.call('imopenlines.config.update', { CONFIG_ID: id, PARAMS: { QUEUE: [] } })
    expect((await get(id)).QUEUE).toEqual([])
  })

  it('accepts back what config.get returned (read, change one field, write all)', async () => {
    const u = await addEmployee(t)
    const id = await add({ LINE_NAME: 'Round trip', QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: u }], WORKTIME_HOLIDAYS: '01.05,09.05', KPI_FIRST_ANSWER_LIST: [u] })
    const read = await get(id)
    const res = await t.call('imopenlines.config.update', { CONFIG_ID: id, PARAMS: { ...read, CLOSE_TEXT: 'Bye' } })
    expect(res.body.result).toBe(true)
    const again = await get(id)
    expect(again).toEqual({ ...read, CLOSE_TEXT: 'Bye', VERSION: '2', DATE_MODIFY: again.DATE_MODIFY })
  })

  it("refuses operators and managers of other lines with CONFIG_WRONG_USER_PERMISSION", async () => {
    const op = await t.createUser()
    const id = await add({ LINE_NAME: 'Guarded', QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: op.id }] })
    const other = await add({ LINE_NAME: 'Other' })
    const manager = await t.createUser()
    await t.call('openlines.config.access.set', { USER_ID: manager.id, CONFIG_ID: other, ROLE: 'manager' })
    for (const hook of [op.hook, manager.hook]) {
      const res = await t.call('imopenlines.config.update', { CONFIG_ID: id, PARAMS: { LINE_NAME: 'Hacked' } }, hook)
      expect(res).toEqual({ status: 403, body: { error: 'CONFIG_WRONG_USER_PERMISSION', error_description: 'Permission denied' } })
    }
    expect((await get(id)).LINE_NAME).toBe('Guarded')
  })
})
