import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { installApp, testEventsConfig, type InstalledApp } from '../apps/app-helpers.js'

const H = 'https://bots.example.com/handler'
const reg = (code: string, extra: Record<string, unknown> = {}) => ({ CODE: code, TYPE: 'O', EVENT_HANDLER: H, PROPERTIES: { NAME: `Bot ${code}` }, ...extra })
const err = (error: string, error_description: string) => ({ error, error_description })

describe('imbot.register / update / unregister / bot.list', () => {
  let t: TestApp
  let app: InstalledApp
  beforeAll(async () => {
    t = await buildTestApp({ config: { events: testEventsConfig() } })
    app = await installApp(t)
  })
  afterAll(() => t.close())

  async function handlers(botId: number) {
    const rows = await t.deps.db.selectFrom('event_handlers').select(['event_name', 'handler']).where('owner', '=', `bot:${botId}`).orderBy('event_name').execute()
    return rows.map((r) => `${r.event_name} ${r.handler}`)
  }

  it('registers an open-line bot as a user of type bot and binds its five handlers', async () => {
    const res = await app.call('imbot.register', reg('faq', { PROPERTIES: { NAME: 'Faq', LAST_NAME: 'Bot', WORK_POSITION: 'Helper', COLOR: 'MINT' } }))
    expect(res.status).toBe(200)
    const id = res.body.result as number
    expect(id).toBeGreaterThan(0)
    const user = await t.deps.db.selectFrom('users').select(['user_type', 'name', 'last_name', 'work_position']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(user).toEqual({ user_type: 'bot', name: 'Faq', last_name: 'Bot', work_position: 'Helper' })
    expect(await handlers(id)).toEqual(['ONIMBOTDELETE', 'ONIMBOTJOINCHAT', 'ONIMBOTMESSAGEADD', 'ONIMBOTMESSAGEDELETE', 'ONIMBOTMESSAGEUPDATE'].map((e) => `${e} ${H}`))
    const list = await app.call('imbot.bot.list')
    expect(list.body.result[String(id)]).toEqual({ ID: id, NAME: 'Faq Bot', CODE: 'faq', OPENLINE: 'Y' })
    // The same code again from its own app answers the bot it already has.
    expect((await app.call('imbot.register', reg('faq'))).body.result).toBe(id)
    // The line accepts it as WELCOME_BOT_ID.
    const line = await t.call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'With bot', WELCOME_BOT_ENABLE: 'Y', WELCOME_BOT_ID: id } })
    expect(typeof line.body.result).toBe('number')
  })

  it('answers every documented registration error', async () => {
    expect((await app.call('imbot.register', { ...reg('x'), CODE: '' })).body).toEqual(err('CODE_ERROR', "Bot code isn't specified"))
    expect((await app.call('imbot.register', { CODE: 'x', PROPERTIES: { NAME: 'X' } })).body).toEqual(err('EVENT_MESSAGE_ADD_ERROR', 'Handler for "Message add" event isn\'t specified'))
    expect((await app.call('imbot.register', { CODE: 'x', EVENT_MESSAGE_ADD: H, EVENT_BOT_DELETE: H, PROPERTIES: { NAME: 'X' } })).body)
      .toEqual(err('EVENT_WELCOME_MESSAGE_ERROR', 'Handler for "Welcome message" event isn\'t specified'))
    expect((await app.call('imbot.register', { CODE: 'x', EVENT_MESSAGE_ADD: H, EVENT_WELCOME_MESSAGE: H, PROPERTIES: { NAME: 'X' } })).body)
      .toEqual(err('EVENT_BOT_DELETE_ERROR', 'Handler for "Bot delete" event isn\'t specified'))
    expect((await app.call('imbot.register', reg('x', { EVENT_HANDLER: 'ftp://nowhere' }))).body).toEqual(err('EVENT_MESSAGE_ADD_ERROR', 'Wrong handler URL'))
    expect((await app.call('imbot.register', reg('x', { EVENT_HANDLER: undefined, EVENT_MESSAGE_ADD: H, EVENT_WELCOME_MESSAGE: H, EVENT_BOT_DELETE: H, EVENT_MESSAGE_UPDATE: 'nope' }))).body)
      .toEqual(err('EVENT_MESSAGE_UPDATE_ERROR', 'Wrong handler URL'))
    expect((await app.call('imbot.register', reg('x', { PROPERTIES: { COLOR: 'RED' } }))).body).toEqual(err('NAME_ERROR', "Bot name isn't specified"))
    const other = await app.call('imbot.register', reg('x', { EVENT_HANDLER: 'https://elsewhere.example.com/h' }))
    expect(other.body.error).toBe('EVENT_MESSAGE_ADD_ERROR')
    // A webhook must name its CLIENT_ID.
    const hook = await t.call('imbot.register', reg('viahook'))
    expect(hook).toEqual({ status: 403, body: err('ACCESS_DENIED', 'Access denied! Client ID not specified') })
  })

  it('refuses a sixth bot of one application', async () => {
    const own = await installApp(t)
    for (let i = 1; i <= 5; i++) expect((await own.call('imbot.register', reg(`limit${i}`))).status).toBe(200)
    expect((await own.call('imbot.register', reg('limit6'))).body).toEqual(err('MAX_COUNT_ERROR', 'Has reached the maximum number of bots for application (max: 5)'))
  })

  it('webhook bots live under their CLIENT_ID, which stays with the webhook user that first used it', async () => {
    const id = (await t.call('imbot.register', reg('hookbot', { CLIENT_ID: 'my-client' }))).body.result as number
    expect(id).toBeGreaterThan(0)
    expect((await t.call('imbot.update', { BOT_ID: id, FIELDS: { PROPERTIES: { NAME: 'Renamed' } } })).body).toEqual(err('ACCESS_DENIED', 'Access denied! Client ID not specified'))
    expect((await t.call('imbot.update', { BOT_ID: id, CLIENT_ID: 'my-client', FIELDS: { PROPERTIES: { NAME: 'Renamed' } } })).body.result).toBe(true)
    const stranger = await t.createUser()
    expect((await t.call('imbot.unregister', { BOT_ID: id, CLIENT_ID: 'my-client' }, stranger.hook)).status).toBe(403)
    expect((await t.call('imbot.unregister', { BOT_ID: id, CLIENT_ID: 'other-client' })).body).toEqual(err('APP_ID_ERROR', 'Bot was installed by another REST application'))
    // Its events are addressed to the app that stands for the CLIENT_ID.
    expect(await handlers(id)).toHaveLength(5)
    expect((await t.call('imbot.unregister', { BOT_ID: id, CLIENT_ID: 'my-client' })).body.result).toBe(true)
  })

  it('imbot.update changes the code, the handlers and the profile; refuses what the page refuses', async () => {
    const id = (await app.call('imbot.register', reg('upd'))).body.result as number
    expect((await app.call('imbot.update', { BOT_ID: id, FIELDS: {} })).body).toEqual(err('WRONG_REQUEST', "Update fields can't be empty"))
    expect((await app.call('imbot.update', { BOT_ID: id, FIELDS: { PROPERTIES: { NAME: '', LAST_NAME: '' } } })).body).toEqual(err('NAME_ERROR', "Bot name isn't specified"))
    expect((await app.call('imbot.update', { BOT_ID: id, FIELDS: { EVENT_MESSAGE_ADD: 'bad' } })).body).toEqual(err('EVENT_MESSAGE_ADD_ERROR', 'Wrong handler URL'))
    expect((await app.call('imbot.update', { BOT_ID: 999999, FIELDS: { CODE: 'y' } })).body).toEqual(err('BOT_ID_ERROR', 'Bot not found'))
    const H2 = 'https://bots.example.com/other'
    expect((await app.call('imbot.update', { BOT_ID: id, FIELDS: { CODE: 'upd2', EVENT_MESSAGE_ADD: H2, PROPERTIES: { NAME: 'New name' } } })).body.result).toBe(true)
    expect((await handlers(id))).toContain(`ONIMBOTMESSAGEADD ${H2}`)
    expect((await app.call('imbot.bot.list')).body.result[String(id)]).toEqual({ ID: id, NAME: 'New name', CODE: 'upd2', OPENLINE: 'Y' })
    const another = await installApp(t)
    expect((await another.call('imbot.update', { BOT_ID: id, FIELDS: { CODE: 'z' } })).body).toEqual(err('APP_ID_ERROR', 'Bot was installed by another REST application'))
  })

  it('imbot.unregister raises ONIMBOTDELETE to the bot and dismisses its user', async () => {
    const id = (await app.call('imbot.register', reg('gone'))).body.result as number
    expect((await app.call('imbot.unregister', { BOT_ID: id })).body.result).toBe(true)
    const ev = await t.deps.db.selectFrom('events').select(['event_name', 'data']).where('event_name', '=', 'ONIMBOTDELETE').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(JSON.parse(ev.data)).toEqual({ BOT_ID: String(id), BOT_CODE: 'gone' })
    const queued = await t.deps.db.selectFrom('event_deliveries').select('url').where('event_id', '=', Number((await t.deps.db.selectFrom('events').select('id').where('event_name', '=', 'ONIMBOTDELETE').orderBy('id', 'desc').executeTakeFirstOrThrow()).id)).execute()
    expect(queued).toEqual([{ url: H }])
    expect(await handlers(id)).toEqual([])
    expect((await app.call('imbot.bot.list')).body.result[String(id)]).toBeUndefined()
    expect((await app.call('imbot.unregister', { BOT_ID: id })).body).toEqual(err('BOT_ID_ERROR', 'Bot not found'))
  })
})
