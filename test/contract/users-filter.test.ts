import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock } from '../helpers/envelope.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const ids = (body: Record<string, any>) => (body.result as Array<{ ID: string }>).map((u) => Number(u.ID))

/**
 * The FILTER prefixes of user-get.md, each against the same five people:
 * 1 Administrator, 2 Ivan Petrov (Moscow), 3 Anna Molotova (Berlin, dismissed),
 * 4 Mole Smith (New York, online), 5 Lara 100% Croft (Los Angeles, born 1990-05-01).
 */
describe('user.get FILTER', () => {
  let t: TestApp
  // Departments 2 (Dev) and 3 (QA, inside Dev); it.each tables are built before beforeAll runs.
  const dev = 2
  const qa = 3
  const clock = manualClock('2024-03-01T12:00:00Z')
  beforeAll(async () => {
    t = await buildTestApp({ clock })
    expect((await t.call('department.add', { NAME: 'Dev', PARENT: 1 })).body.result).toBe(dev)
    expect((await t.call('department.add', { NAME: 'QA', PARENT: dev })).body.result).toBe(qa)
    await t.call('user.add', { EMAIL: 'ivan@example.com', NAME: 'Ivan', LAST_NAME: 'Petrov', PERSONAL_CITY: 'Moscow', UF_DEPARTMENT: dev, UF_PHONE_INNER: '101' })
    clock.set('2024-04-01T12:00:00Z')
    await t.call('user.add', { EMAIL: 'anna@example.com', NAME: 'Anna', LAST_NAME: 'Molotova', PERSONAL_CITY: 'Berlin', UF_DEPARTMENT: [dev, qa] })
    await t.call('user.update', { ID: 3, ACTIVE: 'N' })
    clock.set('2024-05-01T12:00:00Z')
    await t.call('user.add', { EMAIL: 'mole@example.com', NAME: 'Mole', LAST_NAME: 'Smith', PERSONAL_CITY: 'New York', UF_DEPARTMENT: qa })
    await t.deps.db.updateTable('users').set({ is_online: true }).where('id', '=', 4).execute()
    await t.call('user.add', { EMAIL: 'lara@example.com', NAME: 'Lara', LAST_NAME: '100% Croft', PERSONAL_CITY: 'Los Angeles', PERSONAL_BIRTHDAY: '1990-05-01', UF_DEPARTMENT: 1 })
  })
  afterAll(() => t.close())

  it.each([
    ['no prefix: equal, any letter case', { NAME: 'ivan' }, [2]],
    ['= equal', { '=LAST_NAME': 'Smith' }, [4]],
    ['a list: any of', { ID: [2, 4, 77] }, [2, 4]],
    ['! not equal', { '!NAME': 'Ivan' }, [1, 3, 4, 5]],
    ['!= not equal', { '!=ID': 1 }, [2, 3, 4, 5]],
    ['> greater', { '>ID': 3 }, [4, 5]],
    ['>= greater or equal', { '>=ID': 3 }, [3, 4, 5]],
    ['< less', { '<ID': 3 }, [1, 2]],
    ['<= less or equal', { '<=ID': 3 }, [1, 2, 3]],
    ['@ in', { '@PERSONAL_CITY': ['New York', 'Los Angeles'] }, [4, 5]],
    ['!@ not in', { '!@PERSONAL_CITY': ['New York', 'Los Angeles', ''] }, [2, 3]],
    ['% substring anywhere', { '%LAST_NAME': 'ol' }, [3]],
    ['% takes % literally', { '%LAST_NAME': '100%' }, [5]],
    ['=% pattern with %', { '=%NAME': 'mo%' }, [4]],
    ['%= pattern with %', { '%=LAST_NAME': '%ov' }, [2]],
    ['!% no substring', { '!%LAST_NAME': 'ov' }, [1, 4, 5]],
    ['!=% not the pattern', { '!=%NAME': '%a' }, [1, 2, 4]],
    ['!%= not the pattern', { '!%=NAME': 'a%' }, [2, 4, 5]],
    ['UF_DEPARTMENT: member of the department', { UF_DEPARTMENT: qa }, [3, 4]],
    ['UF_DEPARTMENT: a list', { UF_DEPARTMENT: [1, qa] }, [1, 3, 4, 5]],
    ['UF_PHONE_INNER', { UF_PHONE_INNER: '101' }, [2]],
    ['IS_ONLINE=Y', { IS_ONLINE: 'Y' }, [4]],
    ['IS_ONLINE=N', { IS_ONLINE: 'N' }, [1, 2, 3, 5]],
    ['ACTIVE=true leaves out the dismissed', { ACTIVE: true }, [1, 2, 4, 5]],
    ['ACTIVE=N', { ACTIVE: 'N' }, [3]],
    ['USER_TYPE', { USER_TYPE: 'employee', '>ID': 4 }, [5]],
    ['a date in ISO 8601', { '>=DATE_REGISTER': '2024-04-01T00:00:00+00:00', '<DATE_REGISTER': '2024-05-01T00:00:00+00:00' }, [3]],
    ['a plain date', { PERSONAL_BIRTHDAY: '1990-05-01' }, [5]],
    ['a date in the dd.mm.yyyy form', { '<PERSONAL_BIRTHDAY': '01.01.2000' }, [5]],
    ['a value that is not a date retrieves nothing', { '>=DATE_REGISTER': 'yesterday' }, []],
    ['a field that does not exist is skipped', { NO_SUCH: 'x', NAME: 'Ivan' }, [2]],
    ['an empty list retrieves nothing', { '@ID': [] }, []],
    ['HAS_DEPARTAMENT=Y', { HAS_DEPARTAMENT: 'Y' }, [1, 2, 3, 4, 5]],
  ])('%s', async (_what, filter, expected) => {
    const res = await t.call('user.get', { FILTER: filter })
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual(expected)
    expect(res.body.total).toBe(expected.length)
  })

  it('reads FILTER in any letter case and through a GET query string with bracket keys', async () => {
    expect(ids((await t.call('user.get', { filter: { last_name: 'petrov' } })).body)).toEqual([2])
    const q = await t.app.inject({ method: 'GET', url: `${t.adminHook}user.get?FILTER[%3EID]=3&FILTER[!%25LAST_NAME]=croft` })
    expect(ids(q.json())).toEqual([4])
  })
})
