import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { addBot, addDepartment, addEmployee } from './fixtures.js'

/**
 * Property: config.get(config.add(x)) gives back every valid setting x holds,
 * in the shape config.get documents (numbers as strings, flags as Y/N, times
 * as HH:MM, holidays as DD.MM). Each generator below pairs a value a client
 * may send with what it must read back; the expectations are written out
 * here, not taken from the server's own formatting code.
 */
type Case = { send: unknown; expect: unknown }
const same = (a: fc.Arbitrary<unknown>) => a.map((v): Case => ({ send: v, expect: v }))

const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max }).filter((s) => !s.includes('\u0000'))
const flag = same(fc.constantFrom('Y', 'N'))
const int = fc.oneof(
  fc.nat({ max: 2_147_483_647 }).map((n): Case => ({ send: n, expect: String(n) })),
  fc.nat({ max: 100_000 }).map((n): Case => ({ send: String(n), expect: String(n) })),
)
const idRef = fc.nat({ max: 1_000_000 }).map((n): Case => ({ send: n, expect: String(n) }))
const enumOf = (...values: string[]) => same(fc.constantFrom(...values))
const two = (n: number) => String(n).padStart(2, '0')
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('HH:MM', 'H:MM', 'H.MM')).map(([h, m, f]): Case => {
  const send = f === 'HH:MM' ? `${two(h)}:${two(m)}` : f === 'H:MM' ? `${h}:${two(m)}` : `${h}.${two(m)}`
  return { send, expect: `${two(h)}:${two(m)}` }
})
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const holiday = fc.integer({ min: 1, max: 12 }).chain((m) => fc.integer({ min: 1, max: DAYS_IN_MONTH[m - 1] }).map((d) => `${two(d)}.${two(m)}`))
const holidays = fc.uniqueArray(holiday, { maxLength: 10 }).chain((days) =>
  fc.constantFrom<Case>({ send: days.join(','), expect: days }, { send: days, expect: days }),
)
const weekdays = same(fc.shuffledSubarray(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']))
const operatorData = fc
  .record({ NAME: text(50), AVATAR: fc.webUrl(), AVATAR_ID: fc.nat({ max: 10_000 }) }, { requiredKeys: [] })
  .map((o): Case => {
    const expect = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]))
    return { send: o, expect: Object.keys(o).length ? expect : [] }
  })

describe('config.get(config.add(x)) round-trips valid settings', () => {
  let t: TestApp
  let bots: number[]
  let employees: number[]
  let departments: number[]
  beforeAll(async () => {
    t = await buildTestApp()
    bots = [await addBot(t, 'Greeter'), await addBot(t, 'Closer')]
    departments = [await addDepartment(t, 'A'), await addDepartment(t, 'B')]
    employees = [1, await addEmployee(t, { departments: [departments[0]] }), await addEmployee(t)]
  })
  afterAll(() => t.close())

  function settings(): fc.Arbitrary<Record<string, Case>> {
    const bot = fc.constantFrom(0, ...bots).map((n): Case => ({ send: n, expect: String(n) }))
    const userList = fc.subarray(employees).map((ids): Case => ({ send: ids, expect: ids.length ? ids.map(String) : null }))
    const queue = fc
      .shuffledSubarray([...employees.map((id) => ({ ENTITY_TYPE: 'user', ENTITY_ID: String(id) })), ...departments.map((id) => ({ ENTITY_TYPE: 'department', ENTITY_ID: String(id) }))])
      .map((q): Case => ({ send: q, expect: q }))
    const rule = enumOf('none', 'text')
    return fc.record(
      {
        LINE_NAME: same(text(255).filter((s) => s.trim() !== '')),
        ACTIVE: flag,
        XML_ID: fc.option(text(255)).map((v): Case => ({ send: v, expect: v === '' ? null : v })),
        CRM: flag,
        CRM_CREATE: enumOf('none', 'lead', 'deal'),
        CRM_CREATE_SECOND: same(text(20)),
        CRM_CREATE_THIRD: flag,
        CRM_FORWARD: flag,
        CRM_CHAT_TRACKER: flag,
        CRM_TRANSFER_CHANGE: flag,
        CRM_SOURCE: same(text(50)),
        QUEUE: queue,
        QUEUE_TYPE: enumOf('evenly', 'strictly', 'all'),
        QUEUE_TIME: int,
        NO_ANSWER_TIME: int,
        CHECK_AVAILABLE: flag,
        WATCH_TYPING: flag,
        WELCOME_BOT_ENABLE: flag,
        WELCOME_BOT_JOIN: enumOf('first', 'always'),
        WELCOME_BOT_ID: bot,
        WELCOME_BOT_TIME: int,
        WELCOME_BOT_LEFT: enumOf('queue', 'close'),
        WELCOME_MESSAGE: flag,
        WELCOME_MESSAGE_TEXT: same(text(500)),
        SEND_WELCOME_EACH_SESSION: flag,
        VOTE_MESSAGE: flag,
        VOTE_TIME_LIMIT: int,
        VOTE_BEFORE_FINISH: flag,
        VOTE_CLOSING_DELAY: flag,
        VOTE_MESSAGE_1_TEXT: same(text(100)),
        VOTE_MESSAGE_2_DISLIKE: same(text(100)),
        CATEGORY_ENABLE: flag,
        CATEGORY_ID: idRef,
        NO_ANSWER_RULE: rule,
        NO_ANSWER_FORM_ID: idRef,
        NO_ANSWER_BOT_ID: bot,
        NO_ANSWER_TEXT: same(text(100)),
        WORKTIME_ENABLE: flag,
        WORKTIME_FROM: time,
        WORKTIME_TO: time,
        WORKTIME_TIMEZONE: enumOf('', 'Europe/Berlin', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Adelaide'),
        WORKTIME_HOLIDAYS: holidays,
        WORKTIME_DAYOFF: weekdays,
        WORKTIME_DAYOFF_RULE: rule,
        WORKTIME_DAYOFF_BOT_ID: bot,
        CLOSE_RULE: rule,
        CLOSE_BOT_ID: bot,
        FULL_CLOSE_TIME: int,
        AUTO_CLOSE_RULE: rule,
        AUTO_CLOSE_TIME: int,
        AUTO_CLOSE_TEXT: same(text(100)),
        AUTO_EXPIRE_TIME: int,
        TEMPORARY: flag,
        LANGUAGE_ID: enumOf('en', 'de', 'ru', 'fr', 'br'),
        QUICK_ANSWERS_IBLOCK_ID: idRef,
        SESSION_PRIORITY: int,
        TYPE_MAX_CHAT: enumOf('answered', 'answered_new', 'closed'),
        MAX_CHAT: int,
        OPERATOR_DATA: enumOf('profile', 'queue', 'hide'),
        DEFAULT_OPERATOR_DATA: operatorData,
        KPI_FIRST_ANSWER_TIME: int,
        KPI_FIRST_ANSWER_ALERT: flag,
        KPI_FIRST_ANSWER_LIST: userList,
        KPI_FURTHER_ANSWER_LIST: userList,
        KPI_CHECK_OPERATOR_ACTIVITY: flag,
        USE_WELCOME_FORM: flag,
        WELCOME_FORM_ID: idRef,
        WELCOME_FORM_DELAY: flag,
        CONFIRM_CLOSE: flag,
        IGNORE_WELCOME_FORM_RESPONSIBLE: flag,
      },
      { requiredKeys: [] },
    )
  }

  it('for any subset of settings with any valid values', async () => {
    await fc.assert(
      fc.asyncProperty(settings(), async (x) => {
        const params = Object.fromEntries(Object.entries(x).map(([k, c]) => [k, c.send]))
        const added = await t.call('imopenlines.config.add', { PARAMS: params })
        expect(added.status).toBe(200)
        const got = (await t.call('imopenlines.config.get', { CONFIG_ID: added.body.result, WITH_QUEUE: 'N' })).body.result
        for (const [field, c] of Object.entries(x)) if (field !== 'QUEUE') expect([field, got[field]]).toEqual([field, c.expect])
        if (x.QUEUE) {
          const listed = await t.call('imopenlines.config.list.get', { PARAMS: { select: ['ID'], filter: { ID: added.body.result } }, OPTIONS: { CONFIG_QUEUE: 'Y' } })
          expect(listed.body.result[0].CONFIG_QUEUE).toEqual(x.QUEUE.expect)
        }
      }),
      { numRuns: 100 },
    )
  })

  it('refuses text PostgreSQL cannot store instead of failing on it', async () => {
    for (const bad of ['nul\u0000byte', 'half \uD800 pair']) {
      const res = await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'ok', CLOSE_TEXT: bad } })
      expect(res).toEqual({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: 'Argument "PARAMS.CLOSE_TEXT": must not contain NUL characters or broken Unicode' } })
    }
  })
})
