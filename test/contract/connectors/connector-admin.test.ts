import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { installApp, type InstalledApp } from '../apps/app-helpers.js'

const ICON = { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%20xmlns%3D%22http://www.w3.org/2000/svg%22/%3E', COLOR: '#69acc0' }
const register = (id: string, extra: Record<string, unknown> = {}) => ({ ID: id, NAME: 'My Connector', ICON, PLACEMENT_HANDLER: 'https://example.com/settings', ...extra })
const time = expect.objectContaining({ start: expect.any(Number), duration: expect.any(Number) })
const argument = (name: string) => ({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: `Argument '${name}' is null or empty` } })

describe('imconnector: registration and lines', () => {
  let t: DialogueApp
  let app: InstalledApp
  let other: InstalledApp
  let lineId: number
  beforeAll(async () => {
    t = await buildDialogueApp(undefined, { outbox: true })
    app = await installApp(t)
    other = await installApp(t, { title: 'Other app' })
    lineId = (await t.lines.add()).id
  })
  afterAll(() => t.close())

  const outbox = (name: string) => t.deps.db.selectFrom('events').selectAll().where('event_name', '=', name).orderBy('id').execute()

  it('answers every method to a webhook with 403 WRONG_AUTH_TYPE', async () => {
    for (const m of ['imconnector.register', 'imconnector.unregister', 'imconnector.list', 'imconnector.activate', 'imconnector.status',
      'imconnector.connector.data.set', 'imconnector.send.messages', 'imconnector.update.messages', 'imconnector.delete.messages',
      'imconnector.send.status.delivery', 'imconnector.send.status.reading', 'imconnector.chat.name.set']) {
      const res = await t.call(m, {})
      expect(res.status, m).toBe(403)
      expect(res.body, m).toEqual({ error: 'WRONG_AUTH_TYPE', error_description: 'Current authorization type is denied for this method' })
    }
  })

  it('registers a connector (lower-cased id) and lists it beside the built-in ones', async () => {
    const res = await app.call('imconnector.register', register('MyConn'))
    expect(res).toEqual({ status: 200, body: { result: { result: true }, time } })
    // Called again with the same ID, the connector is updated.
    expect((await app.call('imconnector.register', register('myconn', { NAME: 'Renamed' }))).body.result).toEqual({ result: true })
    expect((await app.call('imconnector.list')).body).toEqual({ result: { livechat: 'Live chat', network: 'Network lines', myconn: 'Renamed' }, time })
  })

  it('answers registration errors inside result with HTTP 200', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [register('a.b'), 'APPLICATION_REGISTRATION_ERROR_POINT', 'Application registration error. Using a dot in the connector identifier is not allowed'],
      [register(''), 'CONNECTOR_ID_REQUIRED', 'Connector ID is not specified'],
      [register('x1', { NAME: '' }), 'NAME_REQUIRED', 'Connector name is not specified'],
      [register('x1', { ICON: { COLOR: '#fff' } }), 'ICON_REQUIRED', 'Connector icon is not specified'],
      [register('x1', { PLACEMENT_HANDLER: '' }), 'NO_PLACEMENT_HANDLER', 'Failed to get embedding handler URL'],
      [register('x-1'), 'GENERAL_CONNECTOR_REGISTRATION_ERROR', 'General connector registration error'],
      [register('livechat'), 'GENERAL_CONNECTOR_REGISTRATION_ERROR', 'General connector registration error'],
      [register('x1', { ICON: { DATA_IMAGE: 'http://x/icon.png' } }), 'GENERAL_CONNECTOR_REGISTRATION_ERROR', 'General connector registration error'],
    ]
    for (const [params, error, description] of cases) {
      expect(await app.call('imconnector.register', params), error).toEqual({ status: 200, body: { result: { result: false, error, error_description: description }, time } })
    }
    // Another application cannot take over the id.
    expect((await other.call('imconnector.register', register('myconn'))).body.result)
      .toEqual({ result: false, error: 'APPLICATION_REGISTRATION_ERROR', error_description: 'Application registration error' })
  })

  it('activates on a line, reports status, saves channel data, and records OnImConnectorStatusDelete when switched off', async () => {
    expect(await app.call('imconnector.status', { CONNECTOR: 'myconn', LINE: lineId }))
      .toEqual({ status: 200, body: { result: { LINE: lineId, CONNECTOR: 'myconn', ERROR: false, CONFIGURED: false, STATUS: false }, time } })
    expect(await app.call('imconnector.activate', { CONNECTOR: 'myconn', LINE: lineId, ACTIVE: 1 })).toEqual({ status: 200, body: { result: true, time } })
    expect((await app.call('imconnector.status', { CONNECTOR: 'myconn', LINE: lineId })).body.result)
      .toEqual({ LINE: lineId, CONNECTOR: 'myconn', ERROR: false, CONFIGURED: true, STATUS: true })
    expect((await app.call('imconnector.status', { CONNECTOR: 'myconn' })).body.result)
      .toEqual({ LINE: 0, CONNECTOR: 'myconn', ERROR: false, CONFIGURED: false, STATUS: false })
    const data = { ID: 'channel-123', URL: 'https://example.com/c/123', URL_IM: 'https://example.com/im/123', NAME: 'Support channel' }
    expect(await app.call('imconnector.connector.data.set', { CONNECTOR: 'myconn', LINE: lineId, DATA: data })).toEqual({ status: 200, body: { result: true, time } })
    const row = await t.deps.db.selectFrom('connector_lines').selectAll().where('line_id', '=', lineId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ connector_id: 'myconn', active: true, data })

    expect((await app.call('imconnector.activate', { CONNECTOR: 'myconn', LINE: lineId, ACTIVE: 0 })).body.result).toBe(true)
    const [off] = await outbox('ONIMCONNECTORSTATUSDELETE')
    expect(JSON.parse(off.data)).toEqual({ connector: 'myconn', line: lineId })
    const queued = await t.deps.db.selectFrom('events').selectAll().where('id', '=', off.id).executeTakeFirstOrThrow()
    expect(queued.event_name).toBe('ONIMCONNECTORSTATUSDELETE')
    await app.call('imconnector.activate', { CONNECTOR: 'myconn', LINE: lineId, ACTIVE: 'Y' })
  })

  it('answers the documented argument errors', async () => {
    expect(await app.call('imconnector.activate', { LINE: lineId, ACTIVE: 1 })).toEqual(argument('CONNECTOR'))
    expect(await app.call('imconnector.activate', { CONNECTOR: 'myconn', ACTIVE: 1 })).toEqual(argument('LINE'))
    expect(await app.call('imconnector.activate', { CONNECTOR: 'myconn', LINE: lineId })).toEqual(argument('ACTIVE'))
    expect(await app.call('imconnector.status', {})).toEqual(argument('CONNECTOR'))
    expect(await app.call('imconnector.connector.data.set', { CONNECTOR: 'myconn', LINE: lineId })).toEqual(argument('DATA'))
    for (const m of ['imconnector.send.messages', 'imconnector.update.messages', 'imconnector.delete.messages', 'imconnector.send.status.delivery', 'imconnector.send.status.reading']) {
      expect(await app.call(m, { LINE: lineId, MESSAGES: [] }), m).toEqual(argument('CONNECTOR'))
      expect(await app.call(m, { CONNECTOR: 'myconn', MESSAGES: [] }), m).toEqual(argument('LINE'))
      expect(await app.call(m, { CONNECTOR: 'myconn', LINE: lineId }), m).toEqual(argument('MESSAGES'))
    }
    const send = (MESSAGES: unknown) => app.call('imconnector.send.messages', { CONNECTOR: 'myconn', LINE: lineId, MESSAGES })
    expect((await send('text')).body).toEqual({ error: 'ERROR_ARGUMENT', error_description: "The value of an argument 'MESSAGES' must be of type array" })
    expect((await send(['text'])).body).toEqual({ error: 'ERROR_ARGUMENT', error_description: 'The MESSAGES parameter must be an array of messages (arrays)' })
    expect((await send([{ user: { id: '1' } }])).body).toEqual({ error: 'ERROR_ARGUMENT', error_description: 'The incorrect structure of a message inside MESSAGES parameter' })
    for (const k of ['CHAT_ID', 'NAME', 'USER_ID']) {
      const params: Record<string, unknown> = { CONNECTOR: 'myconn', LINE: lineId, CHAT_ID: 'c', NAME: 'n', USER_ID: 'u', [k]: '' }
      expect(await app.call('imconnector.chat.name.set', params), k).toEqual(argument(k))
    }
  })

  it('refuses connectors of other apps and lines that are closed to the connector', async () => {
    const noProvider = { status: 400, body: { error: 'IMCONNECTOR_NO_CORRECT_PROVIDER', error_description: 'Unable to find a suitable provider for the connector' } }
    const msg = [{ user: { id: 'u1' }, message: { id: 'm1', text: 'Hi' }, chat: { id: 'c1' } }]
    expect(await other.call('imconnector.send.messages', { CONNECTOR: 'myconn', LINE: lineId, MESSAGES: msg })).toEqual(noProvider)
    expect(await app.call('imconnector.send.messages', { CONNECTOR: 'livechat', LINE: lineId, MESSAGES: msg })).toEqual(noProvider)
    expect(await other.call('imconnector.activate', { CONNECTOR: 'myconn', LINE: lineId, ACTIVE: 1 })).toEqual(noProvider)
    const notActive = { status: 400, body: { error: 'NOT_ACTIVE_LINE', error_description: 'The line with this ID is inactive or does not exist' } }
    expect(await app.call('imconnector.send.messages', { CONNECTOR: 'myconn', LINE: 999999, MESSAGES: msg })).toEqual(notActive)
    const second = (await t.lines.add()).id
    expect(await app.call('imconnector.send.messages', { CONNECTOR: 'myconn', LINE: second, MESSAGES: msg })).toEqual(notActive)
    expect(await app.call('imconnector.activate', { CONNECTOR: 'myconn', LINE: 999999, ACTIVE: 1 })).toEqual(notActive)
    expect(await app.call('imconnector.chat.name.set', { CONNECTOR: 'myconn', LINE: 999999, CHAT_ID: 'c', NAME: 'n', USER_ID: 'u' })).toEqual(notActive)
  })

  it('asks for line rights to change where a connector works', async () => {
    const user = await t.createUser({ name: 'Plain' })
    const token = await app.token(user.id)
    expect(await app.call('imconnector.activate', { CONNECTOR: 'myconn', LINE: lineId, ACTIVE: 1 }, token))
      .toEqual({ status: 400, body: { error: 'ACCESS_DENIED', error_description: "You don't have access to this action" } })
  })

  it('records OnImConnectorLineDelete (data: the line id) for the connector app when its line is deleted', async () => {
    const line = (await t.lines.add()).id
    await app.call('imconnector.activate', { CONNECTOR: 'myconn', LINE: line, ACTIVE: 1 })
    expect((await t.call('imopenlines.config.delete', { CONFIG_ID: line })).body.result).toBe(true)
    const rows = await outbox('ONIMCONNECTORLINEDELETE')
    expect(rows.map((r) => JSON.parse(r.data))).toEqual([line])
    expect(await t.deps.db.selectFrom('connector_lines').selectAll().where('line_id', '=', line).execute()).toEqual([])
  })

  it('unregisters only the app\'s own connector', async () => {
    expect((await other.call('imconnector.unregister', { ID: 'myconn' })).body)
      .toEqual({ result: { result: false, error: 'APPLICATION_UNREGISTRATION_ERROR', error_description: 'Error unregistering the application' }, time })
    await app.call('imconnector.register', register('gone'))
    expect((await app.call('imconnector.unregister', { ID: 'gone' })).body).toEqual({ result: { result: true }, time })
    expect(Object.keys((await app.call('imconnector.list')).body.result)).toEqual(['livechat', 'network', 'myconn'])
  })
})
