import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultLine } from './default-line.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { addBot, addDepartment, addEmployee, manualClock, timeShape } from './fixtures.js'

const clock = manualClock()

describe('imopenlines.config.add', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ clock })
  })
  afterAll(() => t.close())

  const lineCount = async () => (await t.call('imopenlines.config.list.get', { PARAMS: { select: ['ID'], limit: 200 } })).body.result.length

  it('creates a line with the defaults of a new Bitrix24 line and answers its id', async () => {
    const res = await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Support' } })
    expect(res).toEqual({ status: 200, body: { result: expect.any(Number), time: timeShape } })
    const got = await t.call('imopenlines.config.get', { CONFIG_ID: res.body.result })
    expect(got.body).toEqual({ result: defaultLine(res.body.result, 'Support', clock.now()), time: timeShape })
  })

  it('numbers a line created without a name, as Bitrix24 does', async () => {
    const { body } = await t.call('imopenlines.config.add', {})
    const got = await t.call('imopenlines.config.get', { CONFIG_ID: body.result, WITH_QUEUE: 'N' })
    expect(got.body.result.LINE_NAME).toBe(`Open Channel ${body.result}`)
    expect(got.body.result.WELCOME_MESSAGE_TEXT).toContain(`«Open Channel ${body.result}»`)
  })

  it("stores the docs example's settings and returns them as config.get shows them", async () => {
    const u15 = await addEmployee(t)
    const u23 = await addEmployee(t)
    const res = await t.call('imopenlines.config.add', {
      PARAMS: {
        LINE_NAME: 'Online Store Support Line',
        QUEUE: [
          { ENTITY_TYPE: 'user', ENTITY_ID: '1' },
          { ENTITY_TYPE: 'user', ENTITY_ID: String(u15) },
          { ENTITY_TYPE: 'user', ENTITY_ID: String(u23) },
        ],
        QUEUE_TYPE: 'strictly',
        QUEUE_TIME: 45,
        NO_ANSWER_TIME: 120,
        WELCOME_MESSAGE: 'Y',
        WELCOME_MESSAGE_TEXT: 'Hello! We will respond within a couple of minutes',
        CRM: 'Y',
        CRM_CREATE: 'deal',
        CRM_SOURCE: 'openline_web',
        CRM_FORWARD: 'Y',
        MAX_CHAT: 4,
        TYPE_MAX_CHAT: 'answered_new',
        WORKTIME_ENABLE: 'Y',
        WORKTIME_FROM: '09:00',
        WORKTIME_TO: '21:00',
        WORKTIME_TIMEZONE: 'Europe/Berlin',
        WORKTIME_DAYOFF: ['SA', 'SU'],
        WORKTIME_DAYOFF_RULE: 'text',
        WORKTIME_DAYOFF_TEXT: 'The line is currently closed. Please write, and we will respond during working hours',
      },
    })
    expect(res.status).toBe(200)
    const { body } = await t.call('imopenlines.config.get', { CONFIG_ID: res.body.result })
    expect(body.result).toMatchObject({
      LINE_NAME: 'Online Store Support Line',
      QUEUE_TYPE: 'strictly',
      QUEUE_TIME: '45',
      NO_ANSWER_TIME: '120',
      WELCOME_MESSAGE_TEXT: 'Hello! We will respond within a couple of minutes',
      CRM_CREATE: 'deal',
      CRM_SOURCE: 'openline_web',
      MAX_CHAT: '4',
      WORKTIME_ENABLE: 'Y',
      WORKTIME_FROM: '09:00',
      WORKTIME_TO: '21:00',
      WORKTIME_TIMEZONE: 'Europe/Berlin',
      WORKTIME_DAYOFF: ['SA', 'SU'],
      QUEUE: ['1', String(u15), String(u23)],
    })
  })

  it('reads PHP form encoding as Bitrix clients send it', async () => {
    const dept = await addDepartment(t, 'Sales')
    const payload = [
      'PARAMS[LINE_NAME]=Form line',
      'PARAMS[QUEUE][0][ENTITY_TYPE]=department',
      `PARAMS[QUEUE][0][ENTITY_ID]=${dept}`,
      'PARAMS[QUEUE][1][ENTITY_TYPE]=user',
      'PARAMS[QUEUE][1][ENTITY_ID]=1',
      'PARAMS[WORKTIME_DAYOFF][]=SU',
      'PARAMS[WORKTIME_HOLIDAYS]=01.01,25.12',
      'PARAMS[QUEUE_TIME]=30',
    ].map((p) => p.replace(/\[/g, '%5B').replace(/\]/g, '%5D')).join('&')
    const res = await t.app.inject({
      method: 'POST',
      url: `${t.adminHook}imopenlines.config.add`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    })
    expect(res.statusCode).toBe(200)
    const list = await t.call('imopenlines.config.list.get', {
      PARAMS: { select: ['LINE_NAME', 'QUEUE_TIME', 'WORKTIME_DAYOFF', 'WORKTIME_HOLIDAYS'], filter: { ID: res.json().result } },
      OPTIONS: { CONFIG_QUEUE: 'Y' },
    })
    expect(list.body.result).toEqual([
      {
        LINE_NAME: 'Form line',
        QUEUE_TIME: '30',
        WORKTIME_DAYOFF: ['SU'],
        WORKTIME_HOLIDAYS: ['01.01', '25.12'],
        CONFIG_QUEUE: [
          { ENTITY_ID: String(dept), ENTITY_TYPE: 'department' },
          { ENTITY_ID: '1', ENTITY_TYPE: 'user' },
        ],
      },
    ])
  })

  it.each([
    ['QUEUE_TYPE', 'random', 'must be one of evenly, strictly, all'],
    ['TYPE_MAX_CHAT', 'all', 'must be one of answered, answered_new, closed'],
    ['OPERATOR_DATA', 'avatar', 'must be one of profile, queue, hide'],
    ['WELCOME_BOT_JOIN', 'never', 'must be one of first, always'],
    ['WELCOME_BOT_LEFT', 'later', 'must be one of queue, close'],
    ['NO_ANSWER_RULE', 'bot', 'must be one of none, text'],
    ['WORKTIME_DAYOFF_RULE', 'form', 'must be one of none, text'],
    ['CLOSE_RULE', 'quality', 'must be one of none, text'],
    ['AUTO_CLOSE_RULE', 'x', 'must be one of none, text'],
    ['CRM_CREATE', 'contact', 'must be one of none, lead, deal'],
    ['ACTIVE', 'maybe', 'must be "Y" or "N"'],
    ['QUEUE_TIME', -5, 'must be a non-negative integer'],
    ['MAX_CHAT', 'many', 'must be a non-negative integer'],
    ['WORKTIME_FROM', '25:00', 'must be a time between 00:00 and 23:59'],
    ['WORKTIME_TO', '9 am', 'must be a time in HH:MM format'],
    ['WORKTIME_TIMEZONE', 'Mars/Olympus_Mons', 'must be a time zone name such as Europe/Berlin'],
    ['WORKTIME_DAYOFF', ['SA', 'XX'], 'must list days among MO, TU, WE, TH, FR, SA, SU'],
    ['WORKTIME_HOLIDAYS', '01.01,31.02', '"31.02" is not a day in DD.MM format'],
    ['LANGUAGE_ID', 'deu', 'must be a two-letter language code such as en'],
    ['LINE_NAME', '  ', 'must not be empty'],
    ['WELCOME_BOT_ID', 'abc', 'must be a non-negative integer'],
  ])('refuses %s=%j with ERROR_ARGUMENT naming the field, and saves nothing', async (field, value, why) => {
    const before = await lineCount()
    const res = await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Bad', [field]: value } })
    expect(res).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: `Argument "PARAMS.${field}": ${why}` } })
    expect(await lineCount()).toBe(before)
  })

  it('refuses ids of users, departments and bots that do not exist, naming the field', async () => {
    const bot = await addBot(t)
    const gone = await addEmployee(t, { active: false })
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: 1 }, { ENTITY_TYPE: 'user', ENTITY_ID: 9999 }] }, 'PARAMS.QUEUE[1].ENTITY_ID', '9999 is not the id of an existing active employee'],
      [{ QUEUE: [{ ENTITY_TYPE: 'department', ENTITY_ID: 9999 }] }, 'PARAMS.QUEUE[0].ENTITY_ID', '9999 is not the id of an existing department'],
      [{ QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: gone }] }, 'PARAMS.QUEUE[0].ENTITY_ID', `${gone} is not the id of an existing active employee`],
      [{ QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: bot }] }, 'PARAMS.QUEUE[0].ENTITY_ID', `${bot} is not the id of an existing active employee`],
      [{ QUEUE: [{ ENTITY_TYPE: 'group', ENTITY_ID: 1 }] }, 'PARAMS.QUEUE[0].ENTITY_TYPE', 'must be one of user, department'],
      [{ QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: 0 }] }, 'PARAMS.QUEUE[0].ENTITY_ID', 'must be a positive integer id'],
      [{ WELCOME_BOT_ID: 1 }, 'PARAMS.WELCOME_BOT_ID', '1 is not the id of an existing chat-bot'],
      [{ CLOSE_BOT_ID: 9999 }, 'PARAMS.CLOSE_BOT_ID', '9999 is not the id of an existing chat-bot'],
      [{ KPI_FIRST_ANSWER_LIST: [1, 9999] }, 'PARAMS.KPI_FIRST_ANSWER_LIST', '9999 is not the id of an existing active employee'],
      [{ DEFAULT_OPERATOR_DATA: { NAME: 'Ann', PHOTO: 'x' } }, 'PARAMS.DEFAULT_OPERATOR_DATA.PHOTO', 'is not a field of DEFAULT_OPERATOR_DATA (NAME, AVATAR, AVATAR_ID)'],
      [{ QUEUE_USERS_FIELDS: { 9999: { USER_NAME: 'Ghost' } } }, 'PARAMS.QUEUE_USERS_FIELDS', '9999 is not the id of an existing active employee'],
    ]
    const before = await lineCount()
    for (const [params, field, why] of cases) {
      const res = await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Bad refs', ...params } })
      expect(res).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: `Argument "${field}": ${why}` } })
    }
    expect(await lineCount()).toBe(before)
    const ok = await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Bot line', WELCOME_BOT_ENABLE: 'Y', WELCOME_BOT_ID: bot } })
    expect(ok.status).toBe(200)
  })

  it('refuses a PARAMS that is not an object', async () => {
    const res = await t.call('imopenlines.config.add', { PARAMS: 'LINE_NAME=x' })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('ERROR_ARGUMENT')
  })

  it('lets only administrators and managers of every line create lines', async () => {
    const plain = await t.createUser()
    const refused = await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Mine' } }, plain.hook)
    expect(refused).toEqual({ status: 403, body: { error: 'CONFIG_WRONG_USER_PERMISSION', error_description: 'Permission denied' } })

    const line = await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Managed' } })
    await t.call('openlines.config.access.set', { USER_ID: plain.id, CONFIG_ID: line.body.result, ROLE: 'manager' })
    expect((await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Mine' } }, plain.hook)).status).toBe(403)

    await t.call('openlines.config.access.set', { USER_ID: plain.id, ROLE: 'manager' })
    const created = await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Mine' } }, plain.hook)
    expect(created.status).toBe(200)
    const got = await t.call('imopenlines.config.get', { CONFIG_ID: created.body.result, WITH_QUEUE: 'N' })
    expect(got.body.result.MODIFY_USER_ID).toBe(String(plain.id))
  })

  it('answers insufficient_scope to a webhook without the imopenlines scope', async () => {
    const u = await t.createUser({ isAdmin: true, scopes: ['user'] })
    const res = await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'x' } }, u.hook)
    expect(res.status).toBe(403)
    expect(res.body.error).toBe('insufficient_scope')
  })
})
