import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getLine, queueUserIds, type LineEvents } from '../../../src/lines/index.js'
import { RestError } from '../../../src/platform/errors.js'
import type { Executor } from '../../../src/storage/db.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { timeShape } from './fixtures.js'

describe('imopenlines.config.delete', () => {
  let t: TestApp
  const recorded: Array<{ lineId: number; connectors: readonly string[]; inTransaction: boolean }> = []
  const events: LineEvents = {
    async lineDeleted(tx: Executor, lineId, connectors) {
      recorded.push({ lineId, connectors, inTransaction: tx.isTransaction })
    },
  }
  beforeAll(async () => {
    t = await buildTestApp({ overrides: { lineEvents: events } })
  })
  afterAll(() => t.close())

  const add = async (params: Record<string, unknown>) => (await t.call('imopenlines.config.add', { PARAMS: params })).body.result as number

  it('deletes a line: config.get answers false, the list leaves it out, routing finds no operators', async () => {
    const id = await add({ LINE_NAME: 'Doomed', QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: 1 }] })
    const res = await t.call('imopenlines.config.delete', { CONFIG_ID: id })
    expect(res).toEqual({ status: 200, body: { result: true, time: timeShape } })
    expect((await t.call('imopenlines.config.get', { CONFIG_ID: id })).body.result).toBe(false)
    const list = await t.call('imopenlines.config.list.get', { PARAMS: { filter: { ID: id } } })
    expect(list.body.result).toEqual([])
    expect(await getLine(t.deps.db, id)).toBeNull()
    expect(await queueUserIds(t.deps.db, id)).toEqual([])
    // The row stays so that the history of its dialogues still names the line.
    const row = await t.deps.db.selectFrom('lines').select(['line_name', 'deleted_at']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.line_name).toBe('Doomed')
    expect(row.deleted_at).toBeInstanceOf(Date)
    expect((await t.call('imopenlines.config.delete', { CONFIG_ID: id })).body.result).toBe(false)
  })

  it('answers CONFIG_ID_EMPTY without an id and false for an unknown line', async () => {
    const res = await t.call('imopenlines.config.delete', { CONFIG_ID: 'x' })
    expect(res).toEqual({ status: 400, body: { error: 'CONFIG_ID_EMPTY', error_description: "Config ID can't be empty" } })
    expect((await t.call('imopenlines.config.delete', { CONFIG_ID: 424242 })).body).toEqual({ result: false, time: timeShape })
  })

  it('refuses an operator of the line with CONFIG_WRONG_USER_PERMISSION', async () => {
    const op = await t.createUser()
    const id = await add({ LINE_NAME: 'Kept', QUEUE: [{ ENTITY_TYPE: 'user', ENTITY_ID: op.id }] })
    const res = await t.call('imopenlines.config.delete', { CONFIG_ID: id }, op.hook)
    expect(res).toEqual({ status: 403, body: { error: 'CONFIG_WRONG_USER_PERMISSION', error_description: 'Permission denied' } })
    expect(await getLine(t.deps.db, id)).not.toBeNull()
  })

  it('runs the deleting listeners first (dialogues close, connectors unbind) and records the deletion with their connectors', async () => {
    const seen: number[] = []
    t.deps.lines.onLineDeleting(async (_tx, lineId) => {
      seen.push(lineId)
    })
    t.deps.lines.onLineDeleting(async () => ({ connectors: ['livechat', 'telegrambot'] }))
    recorded.length = 0
    const id = await add({ LINE_NAME: 'With connectors' })
    expect((await t.call('imopenlines.config.delete', { CONFIG_ID: id })).body.result).toBe(true)
    expect(seen).toEqual([id])
    expect(recorded).toEqual([{ lineId: id, connectors: ['livechat', 'telegrambot'], inTransaction: true }])
  })

  it('keeps the line when a listener refuses (one transaction)', async () => {
    const id = await add({ LINE_NAME: 'Stubborn' })
    t.deps.lines.onLineDeleting(async (_tx, lineId) => {
      if (lineId === id) throw new RestError('SESSION_CLOSE_FAILED', 'A dialogue could not be closed', 409)
    })
    recorded.length = 0
    const res = await t.call('imopenlines.config.delete', { CONFIG_ID: id })
    expect(res).toEqual({ status: 409, body: { error: 'SESSION_CLOSE_FAILED', error_description: 'A dialogue could not be closed' } })
    expect(await getLine(t.deps.db, id)).not.toBeNull()
    expect(recorded).toEqual([])
  })
})
