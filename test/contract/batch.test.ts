import { Type } from '@sinclair/typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RestError } from '../../src/platform/errors.js'
import { defineMethod, type AnyMethod } from '../../src/rest/define-method.js'
import { pageRequest, toPage } from '../../src/rest/paging.js'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const callTime = {
  start: expect.any(Number),
  finish: expect.any(Number),
  duration: expect.any(Number),
  processing: expect.any(Number),
  date_start: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/),
  date_finish: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/),
  operating_reset_at: expect.any(Number),
  operating: expect.any(Number),
}
const isoDate = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/)
const notAllowed = { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Method is not allowed for batch usage' }
const tooLong = { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' }
const notFound = (name: string) => ({ error: 'ERROR_METHOD_NOT_FOUND', error_description: `Method not found: ${name}` })

/** Methods that exist only in this test, to observe what a command receives and how it runs. */
const probes = [
  defineMethod({
    name: 'test.echo',
    scope: 'basic',
    input: Type.Object({}, { additionalProperties: true }),
    transaction: false,
    handler: async ({ input }) => input,
  }),
  defineMethod({
    name: 'test.whoami',
    scope: 'basic',
    input: Type.Object({}),
    transaction: false,
    handler: async ({ actor }) => ({ userId: actor.userId }),
  }),
  defineMethod({
    name: 'test.list',
    scope: 'basic',
    input: Type.Object({ count: Type.Integer({ minimum: 0 }) }),
    transaction: false,
    handler: async ({ input, start }) => {
      const req = pageRequest(start)
      const all = Array.from({ length: input.count }, (_, i) => ({ ID: String(i + 1) }))
      return toPage(all.slice(req.offset, req.offset + req.limit), req.withTotal ? all.length : null, req)
    },
  }),
  defineMethod({
    name: 'test.crm',
    scope: 'crm',
    input: Type.Object({}),
    transaction: false,
    handler: async () => true,
  }),
  defineMethod({
    name: 'test.admin',
    scope: 'basic',
    access: 'admin',
    input: Type.Object({}),
    transaction: false,
    handler: async () => true,
  }),
  defineMethod({
    name: 'test.department.add',
    scope: 'basic',
    input: Type.Object({ NAME: Type.String(), FAIL: Type.Optional(Type.String()) }),
    handler: async ({ input, tx }) => {
      const row = await tx.insertInto('departments').values({ name: input.NAME, parent_id: 1, head_id: null }).returning('id').executeTakeFirstOrThrow()
      if (input.FAIL) throw new RestError('TEST_FAILED', 'failed after writing', 400)
      return row.id
    },
  }),
] as AnyMethod[]

describe('batch', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
    for (const m of probes) t.deps.registry.add(m)
  })
  afterAll(() => t.close())

  const batch = (params: Record<string, unknown>, hook?: string) => t.call('batch', params, hook)

  it('runs a named map of independent commands and keys every part by command', async () => {
    const res = await batch({ halt: 0, cmd: { now: 'server.time', known: 'method.get?name=scope' } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      result: {
        result: { now: isoDate, known: { isExisting: true, isAvailable: true } },
        result_error: [],
        result_total: [],
        result_next: [],
        result_time: { now: callTime, known: callTime },
      },
      time: callTime,
    })
  })

  it('answers an array of commands with lists, and with objects once a key is missing (as PHP serialises)', async () => {
    const ok = await batch({ cmd: ['server.time', 'method.get?name=methods'] })
    expect(ok.body.result).toEqual({
      result: [isoDate, { isExisting: true, isAvailable: true }],
      result_error: [],
      result_total: [],
      result_next: [],
      result_time: [callTime, callTime],
    })
    const mixed = await batch({ cmd: ['server.time', 'no.such.method', 'server.time'] })
    expect(mixed.body.result).toEqual({
      result: { 0: isoDate, 2: isoDate },
      result_error: { 1: notFound('no.such.method') },
      result_total: [],
      result_next: [],
      result_time: { 0: callTime, 2: callTime },
    })
    const firstFails = await batch({ cmd: ['no.such.method', 'server.time'] })
    expect(firstFails.body.result.result_error).toEqual([notFound('no.such.method')])
    expect(firstFails.body.result.result).toEqual({ 1: isoDate })
  })

  it('reports total and next for list commands', async () => {
    const res = await batch({ cmd: { first: 'test.list?count=120', second: 'test.list?count=120&start=100', fast: 'test.list?count=120&start=-1' } })
    expect(res.body.result.result_total).toEqual({ first: 120, second: 120 })
    expect(res.body.result.result_next).toEqual({ first: 50 })
    expect(res.body.result.result.first).toHaveLength(50)
    expect(res.body.result.result.second).toHaveLength(20)
    expect(res.body.result.result.fast).toHaveLength(50)
  })

  it.each([[true], [1], ['1'], ['Y'], ['true']])('stops at the first failing command with halt=%j', async (halt) => {
    const res = await batch({ halt, cmd: { a: 'server.time', b: 'no.such.method', c: 'server.time' } })
    expect(res.body.result).toEqual({
      result: { a: isoDate },
      result_error: { b: notFound('no.such.method') },
      result_total: [],
      result_next: [],
      result_time: { a: callTime },
    })
  })

  it.each([[false], [0], ['0'], ['N'], [undefined]])('runs every command with halt=%j', async (halt) => {
    const res = await batch({ ...(halt === undefined ? {} : { halt }), cmd: { a: 'no.such.method', b: 'server.time' } })
    expect(Object.keys(res.body.result.result)).toEqual(['b'])
    expect(Object.keys(res.body.result.result_error)).toEqual(['a'])
  })

  it('refuses a nested batch per command with ERROR_BATCH_METHOD_NOT_ALLOWED', async () => {
    const res = await batch({ cmd: { inner: 'batch?cmd[0]=server.time', after: 'server.time' } })
    expect(res.status).toBe(200)
    expect(res.body.result.result_error).toEqual({ inner: notAllowed })
    expect(res.body.result.result).toEqual({ after: isoDate })
    const upper = await batch({ cmd: { inner: { method: 'BATCH', params: { cmd: ['server.time'] } } } })
    expect(upper.body.result.result_error).toEqual({ inner: notAllowed })
  })

  it('answers commands past the 50th with ERROR_BATCH_LENGTH_EXCEEDED', async () => {
    const cmd = Array.from({ length: 52 }, () => 'server.time')
    const res = await batch({ cmd })
    expect(res.status).toBe(200)
    expect(res.body.result.result).toHaveLength(50)
    expect(res.body.result.result_error).toEqual({ 50: tooLong, 51: tooLong })
    const halted = await batch({ halt: 1, cmd })
    expect(halted.body.result.result_error).toEqual({ 50: tooLong })
  })

  it('substitutes $result[key][path] with the earlier value, keeping its type when it is the whole value', async () => {
    const res = await batch({
      cmd: {
        list: 'test.list?count=3',
        whole: 'test.echo?id=$result[list][1][ID]&rows=$result[list]',
        text: 'test.echo?title=Row $result[list][2][ID] of $result[list][0][ID]',
        encoded: 'test.echo?id=%24result%5Blist%5D%5B0%5D%5BID%5D',
        object: { method: 'test.echo', params: { FIELDS: { ID: '$result[whole][id]' } } },
      },
    })
    expect(res.body.result.result_error).toEqual([])
    expect(res.body.result.result.whole).toEqual({ id: '2', rows: [{ ID: '1' }, { ID: '2' }, { ID: '3' }] })
    expect(res.body.result.result.text).toEqual({ title: 'Row 3 of 1' })
    expect(res.body.result.result.encoded).toEqual({ id: '1' })
    expect(res.body.result.result.object).toEqual({ FIELDS: { ID: '2' } })
  })

  it('chains real methods as the docs show: a later command reads an earlier result', async () => {
    const res = await batch({ cmd: { names: 'methods?full=true', check: 'method.get?name=$result[names][0]' } })
    expect(res.body.result.result.check).toEqual({ isExisting: true, isAvailable: true })
  })

  it('leaves references that do not resolve as written', async () => {
    const res = await batch({
      cmd: {
        failed: 'no.such.method',
        a: 'test.echo?x=$result[failed][ID]&y=$result[nobody]&z=$result[a]&w=$result_total[failed]',
        b: 'test.echo?deep=$result[a][x][y][z]&pos=$result[a][x][0]',
      },
    })
    expect(res.body.result.result.a).toEqual({ x: '$result[failed][ID]', y: '$result[nobody]', z: '$result[a]', w: '$result_total[failed]' })
    expect(res.body.result.result.b).toEqual({ deep: '$result[a][x][y][z]', pos: '$result[a][x][0]' })
  })

  it('reads a batch sent as GET with double-encoded commands, as the docs URL example', async () => {
    const url = `${t.adminHook}batch?halt=0&cmd[first]=server.time%3F&cmd[second]=method.get%3Fname%3D%2524result%255Bfirst%255D`
    const res = await t.app.inject({ method: 'GET', url })
    expect(res.statusCode).toBe(200)
    expect(res.json().result.result).toEqual({ first: isoDate, second: { isExisting: false, isAvailable: false } })
  })

  it('reads commands sent form-encoded, in both string and {method, params} form', async () => {
    const payload = 'halt=1&cmd[a]=method.get%3Fname%3Dbatch&cmd[b][method]=test.echo&cmd[b][params][X][0]=1'
    const res = await t.app.inject({ method: 'POST', url: `${t.adminHook}batch`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload })
    expect(res.json().result.result).toEqual({ a: { isExisting: true, isAvailable: true }, b: { X: ['1'] } })
  })

  it('runs each command with the caller\u2019s own rights', async () => {
    const user = await t.createUser({ scopes: ['user'] })
    const res = await batch(
      { cmd: { who: 'test.whoami?auth=someone-else', crm: 'test.crm', admin: 'test.admin', time: 'server.time' } },
      user.hook,
    )
    expect(res.body.result.result).toEqual({ who: { userId: user.id }, time: isoDate })
    expect(res.body.result.result_error).toEqual({
      crm: { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the webhook token' },
      admin: { error: 'ACCESS_DENIED', error_description: 'Only administrators may call this method' },
    })
    const admin = await batch({ cmd: { crm: 'test.crm', admin: 'test.admin' } })
    expect(admin.body.result.result).toEqual({ crm: true, admin: true })
  })

  it('runs each command in its own transaction: a failing one leaves no trace, earlier ones stay', async () => {
    const res = await batch({ cmd: { kept: 'test.department.add?NAME=Kept', lost: 'test.department.add?NAME=Lost&FAIL=Y' } })
    expect(res.body.result.result).toEqual({ kept: expect.any(Number) })
    expect(res.body.result.result_error).toEqual({ lost: { error: 'TEST_FAILED', error_description: 'failed after writing' } })
    const names = await t.deps.db.selectFrom('departments').select('name').where('name', 'in', ['Kept', 'Lost']).execute()
    expect(names).toEqual([{ name: 'Kept' }])
  })

  it('answers bad commands and bad parameters per command', async () => {
    const res = await batch({
      cmd: {
        number: 5,
        noMethod: { params: {} },
        badParams: { method: 'server.time', params: 'x=1' },
        empty: '',
        question: '?name=x',
        invalid: 'method.get',
        deep: `test.echo?a${'[b]'.repeat(40)}=1`,
        fine: 'server.time',
      },
    })
    const invalidCommand = { error: 'INVALID_REQUEST', error_description: 'A batch command is a string "method?parameters" or an object {method, params}' }
    expect(res.body.result.result_error).toEqual({
      number: invalidCommand,
      noMethod: invalidCommand,
      badParams: invalidCommand,
      empty: notFound(''),
      question: notFound('?name=x'),
      invalid: { error: 'ERROR_ARGUMENT', error_description: 'Argument "name": Expected required property' },
      deep: { error: 'INVALID_REQUEST', error_description: 'Parameters nested deeper than 32 levels' },
    })
    expect(res.body.result.result).toEqual({ fine: isoDate })
  })

  it('answers an empty batch with empty parts and refuses a batch without cmd', async () => {
    const empty = await batch({ cmd: {} })
    expect(empty.body.result).toEqual({ result: [], result_error: [], result_total: [], result_next: [], result_time: [] })
    const missing = await batch({ halt: 1 })
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({ error: 'ERROR_ARGUMENT', error_description: 'Argument "cmd": Expected required property' })
  })

  it('does not count the batch itself in operating; its commands are counted', async () => {
    const res = await batch({ cmd: { a: 'server.time' } })
    expect(res.body.time.operating).toBe(0)
    expect(res.body.result.result_time.a.operating).toEqual(expect.any(Number))
  })
})
