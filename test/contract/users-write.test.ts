import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toBitrixDate } from '../../src/platform/dates.js'
import { insertUser } from '../../src/users/users.repo.js'
import { anyBitrixDate, bitrixDay, manualClock, timeShape } from '../helpers/envelope.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const clock = manualClock('2024-07-15T12:00:00Z')

describe('user.add', () => {
  let t: TestApp
  let sales: number
  beforeAll(async () => {
    t = await buildTestApp({ clock })
    sales = (await t.call('department.add', { NAME: 'Sales', PARENT: 1 })).body.result
  })
  afterAll(() => t.close())

  it('adds an employee and returns the new id; user.get shows every field given', async () => {
    const add = await t.call('user.add', {
      EMAIL: 'ann.smith@example.com',
      NAME: 'Ann',
      LAST_NAME: 'Smith',
      WORK_POSITION: 'Manager',
      WORK_COMPANY: 'Acme',
      PERSONAL_BIRTHDAY: '1990-02-03',
      PERSONAL_GENDER: 'F',
      UF_SKILLS: ['chat', 'phone'],
      UF_DEPARTMENT: [sales],
    })
    expect(add.status).toBe(200)
    expect(add.body).toEqual({ result: 2, time: timeShape })
    const got = await t.call('user.get', { ID: 2 })
    expect(got.body).toEqual({
      result: [
        {
          ID: '2',
          ACTIVE: true,
          NAME: 'Ann',
          LAST_NAME: 'Smith',
          SECOND_NAME: '',
          EMAIL: 'ann.smith@example.com',
          LAST_LOGIN: '',
          DATE_REGISTER: bitrixDay('2024-07-15'),
          TIME_ZONE: '',
          IS_ONLINE: 'N',
          TIMESTAMP_X: toBitrixDate(new Date('2024-07-15T12:00:00Z')),
          PERSONAL_GENDER: 'F',
          PERSONAL_WWW: '',
          PERSONAL_BIRTHDAY: bitrixDay('1990-02-03'),
          PERSONAL_PHONE: '',
          PERSONAL_MOBILE: '',
          PERSONAL_CITY: '',
          WORK_PHONE: '',
          WORK_COMPANY: 'Acme',
          WORK_POSITION: 'Manager',
          UF_DEPARTMENT: [sales],
          UF_SKILLS: ['chat', 'phone'],
          USER_TYPE: 'employee',
        },
      ],
      total: 1,
      time: timeShape,
    })
  })

  it('reads keys in any letter case and a single department as a scalar', async () => {
    const add = await t.call('user.add', { email: 'bob@example.com', name: 'Bob', uf_department: String(sales) })
    expect(add.body.result).toBe(3)
    const got = await t.call('user.get', { filter: { id: 3 }, select: ['ID', 'NAME', 'UF_DEPARTMENT'] })
    expect(got.body.result).toEqual([{ ID: '3', NAME: 'Bob', UF_DEPARTMENT: [sales] }])
  })

  const argumentError = (description: string, argument = '') => ({ error: 'ERROR_ARGUMENT', error_description: description, argument })

  it.each([
    ['no EMAIL', { NAME: 'X', UF_DEPARTMENT: 1 }, argumentError('wrong_email')],
    ['a malformed EMAIL', { EMAIL: 'not-an-address', UF_DEPARTMENT: 1 }, argumentError('wrong_email')],
    ['an EMAIL taken in another letter case', { EMAIL: 'ANN.SMITH@example.com', UF_DEPARTMENT: 1 }, argumentError('A user with this email already exists')],
    ['no UF_DEPARTMENT', { EMAIL: 'new1@example.com' }, argumentError('no_extranet_field')],
    ['an empty UF_DEPARTMENT', { EMAIL: 'new1@example.com', UF_DEPARTMENT: [] }, argumentError('no_extranet_field')],
    ['a PERSONAL_ field that is not a string', { EMAIL: 'new1@example.com', UF_DEPARTMENT: 1, PERSONAL_PHONE: 5551234 }, argumentError('invalid_type_field', 'PERSONAL_PHONE')],
    ['a malformed UF_DEPARTMENT', { EMAIL: 'new1@example.com', UF_DEPARTMENT: ['x'] }, argumentError('invalid_type_field', 'UF_DEPARTMENT')],
    ['a photo (files are not stored here)', { EMAIL: 'new1@example.com', UF_DEPARTMENT: 1, PERSONAL_PHOTO: ['a.png', 'aGVsbG8='] }, argumentError('PERSONAL_PHOTO: file upload is not supported by this server', 'PERSONAL_PHOTO')],
    ['an unknown department', { EMAIL: 'new1@example.com', UF_DEPARTMENT: [1, 99] }, { error: 'ERROR_CORE', error_description: 'Department 99 not found' }],
    ['EXTRANET without SONET_GROUP_ID', { EMAIL: 'new1@example.com', EXTRANET: 'Y' }, { error: 'ERROR_GROUPID', error_description: 'Group code not specified' }],
    ['EXTRANET with a group that does not exist', { EMAIL: 'new1@example.com', EXTRANET: 'Y', SONET_GROUP_ID: [5] }, { error: 'ERROR_NO_GROUP', error_description: 'Group is specified incorrectly' }],
  ])('refuses %s with 400 and writes nothing', async (_what, params, body) => {
    const before = (await t.call('user.get', { ADMIN_MODE: true })).body.total
    const res = await t.call('user.add', params)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(body)
    expect((await t.call('user.get', { ADMIN_MODE: true })).body.total).toBe(before)
  })

  it('answers ERROR_CORE access_denied to a user who is not an administrator', async () => {
    const u = await t.createUser({ scopes: ['user'] })
    const res = await t.call('user.add', { EMAIL: 'new2@example.com', UF_DEPARTMENT: 1 }, u.hook)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: 'ERROR_CORE', error_description: 'access_denied' })
  })

  it('is not in the user_basic and user_brief scopes (403 insufficient_scope)', async () => {
    for (const scope of ['user_basic', 'user_brief']) {
      const admin = await t.createUser({ isAdmin: true, scopes: [scope] })
      const res = await t.call('user.add', { EMAIL: `x-${scope}@example.com`, UF_DEPARTMENT: 1 }, admin.hook)
      expect(res.status).toBe(403)
      expect(res.body.error).toBe('insufficient_scope')
    }
  })
})

describe('user.update', () => {
  let t: TestApp
  let ann: number
  let annHook: string
  let sales: number
  beforeAll(async () => {
    t = await buildTestApp({ clock })
    sales = (await t.call('department.add', { NAME: 'Sales', PARENT: 1 })).body.result
    ann = (await t.call('user.add', { EMAIL: 'ann@example.com', NAME: 'Ann', UF_DEPARTMENT: 1, UF_SKILLS: 'chat', WORK_COMPANY: 'Acme' })).body.result
    annHook = new URL((await t.deps.auth.createWebhook({ userId: ann, scopes: ['user'] })).url).pathname
    await t.call('user.add', { EMAIL: 'taken@example.com', NAME: 'Tom', UF_DEPARTMENT: 1 })
  })
  afterAll(() => t.close())

  it('changes the given fields, clears a field set to null, and moves TIMESTAMP_X', async () => {
    clock.set('2024-07-16T09:30:00Z')
    const res = await t.call('user.update', {
      ID: ann,
      NAME: 'Anna',
      EMAIL: 'anna@example.com',
      PERSONAL_CITY: 'Berlin',
      UF_DEPARTMENT: [sales],
      UF_SKILLS: null,
      WORK_COMPANY: 'Acme GmbH',
      TIME_ZONE: 'Europe/Berlin',
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ result: true, time: timeShape })
    const got = await t.call('user.get', { ID: ann, select: ['ID', 'NAME', 'EMAIL', 'PERSONAL_CITY', 'UF_DEPARTMENT', 'UF_SKILLS', 'WORK_COMPANY', 'TIME_ZONE', 'TIMESTAMP_X'] })
    expect(got.body.result).toEqual([
      {
        ID: String(ann),
        NAME: 'Anna',
        EMAIL: 'anna@example.com',
        TIME_ZONE: 'Europe/Berlin',
        TIMESTAMP_X: toBitrixDate(new Date('2024-07-16T09:30:00Z')),
        PERSONAL_CITY: 'Berlin',
        WORK_COMPANY: 'Acme GmbH',
        UF_DEPARTMENT: [sales],
      },
    ])
  })

  it('dismisses with ACTIVE=N (their webhook stops working) and reinstates with ACTIVE=Y', async () => {
    expect((await t.call('user.update', { ID: ann, ACTIVE: 'N' })).body.result).toBe(true)
    expect((await t.call('user.get', { ID: ann, select: ['ACTIVE'] })).body.result).toEqual([{ ACTIVE: false }])
    expect((await t.call('user.current', {}, annHook)).status).toBe(401)
    expect((await t.call('user.update', { ID: ann, ACTIVE: 'Y' })).body.result).toBe(true)
    expect((await t.call('user.current', {}, annHook)).body.result.ACTIVE).toBe(true)
  })

  it.each([
    ['no ID', { NAME: 'X' }, 'access_denied'],
    ['an ID that is not a number', { ID: 'abc' }, 'access_denied'],
    ['an ID no user has', { ID: 999 }, 'User not found'],
    ['a malformed EMAIL', { ID: 2, EMAIL: 'nope' }, 'wrong_email'],
    ['an EMAIL another user has', { ID: 2, EMAIL: 'Taken@Example.com' }, 'A user with this email already exists'],
    ['an unknown department', { ID: 2, UF_DEPARTMENT: [77] }, 'Department 77 not found'],
    ['a WORK_ field that is not a string', { ID: 2, WORK_PHONE: 123 }, 'invalid_type_field: WORK_PHONE'],
    ['a malformed PERSONAL_BIRTHDAY', { ID: 2, PERSONAL_BIRTHDAY: '31.02.2001' }, 'invalid_type_field: PERSONAL_BIRTHDAY'],
    ['dismissing the last active administrator', { ID: 1, ACTIVE: 'N' }, 'The last active administrator cannot be dismissed'],
  ])('refuses %s with ERROR_CORE and changes nothing', async (_what, params, description) => {
    const before = (await t.call('user.get', { ID: 2 })).body.result
    const res = await t.call('user.update', params)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: 'ERROR_CORE', error_description: description })
    expect((await t.call('user.get', { ID: 2 })).body.result).toEqual(before)
  })

  it('does not reach bots and open-line customers (they are not users of user.*)', async () => {
    const bot = await insertUser(t.deps.db, { name: 'Helper', userType: 'bot' })
    const res = await t.call('user.update', { ID: bot.id, NAME: 'Renamed' })
    expect(res.body).toEqual({ error: 'ERROR_CORE', error_description: 'User not found' })
  })

  it('answers ERROR_CORE access_denied to a user who is not an administrator, even for themselves', async () => {
    const res = await t.call('user.update', { ID: ann, NAME: 'Me' }, annHook)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: 'ERROR_CORE', error_description: 'access_denied' })
  })

  it('is not in the user_brief scope', async () => {
    const admin = await t.createUser({ isAdmin: true, scopes: ['user_brief'] })
    expect((await t.call('user.update', { ID: ann, NAME: 'X' }, admin.hook)).status).toBe(403)
  })
})

describe('user.current', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ clock })
  })
  afterAll(() => t.close())

  it("returns the caller's own profile", async () => {
    const res = await t.call('user.current')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      result: {
        ID: '1',
        ACTIVE: true,
        NAME: 'Administrator',
        LAST_NAME: '',
        SECOND_NAME: '',
        EMAIL: '',
        LAST_LOGIN: '',
        DATE_REGISTER: anyBitrixDate,
        TIME_ZONE: '',
        IS_ONLINE: 'N',
        TIMESTAMP_X: anyBitrixDate,
        PERSONAL_GENDER: '',
        PERSONAL_WWW: '',
        PERSONAL_BIRTHDAY: '',
        PERSONAL_PHONE: '',
        PERSONAL_MOBILE: '',
        PERSONAL_CITY: '',
        WORK_PHONE: '',
        WORK_POSITION: '',
        UF_DEPARTMENT: [1],
        USER_TYPE: 'employee',
      },
      time: timeShape,
    })
  })
})
