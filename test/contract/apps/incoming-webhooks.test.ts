import pino from 'pino'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webhookList } from '../../../src/cli/webhook-commands.js'
import { anyBitrixDate, timeShape } from '../../helpers/envelope.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { consoleCall, login, personWithPassword } from '../console/console-helpers.js'
import { installApp } from './app-helpers.js'

describe('incoming webhooks over REST (openlines.webhook.incoming.*)', () => {
  let t: TestApp
  const logLines: string[] = []
  beforeAll(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done() } })
    t = await buildTestApp({ overrides: { logger: pino({ level: 'trace' }, sink) } })
  })
  afterAll(() => t.close())

  const pathOf = (url: string) => new URL(url).pathname

  it('creates a webhook whose URL is answered once and works at once with its scopes only', async () => {
    const ann = await t.createUser({ name: 'Ann' })
    const added = await t.call('openlines.webhook.incoming.add', { USER_ID: ann.id, SCOPES: ['user', 'imopenlines'], TITLE: 'Reports' })
    expect(added).toEqual({
      status: 200,
      body: {
        result: {
          ID: expect.any(Number), USER_ID: ann.id, TITLE: 'Reports', SCOPES: ['user', 'imopenlines'], CODE_HINT: expect.stringMatching(/^[a-z0-9]{4}$/),
          ACTIVE: true, DATE_CREATE: anyBitrixDate, DATE_DELETE: null, URL: expect.stringMatching(new RegExp(`^http://openlines\\.test/rest/${ann.id}/[a-z0-9]{16}/$`)),
        },
        time: timeShape,
      },
    })
    const hook = added.body.result
    const code = /\/rest\/\d+\/([a-z0-9]+)\/$/.exec(hook.URL)![1]
    expect(code.startsWith(hook.CODE_HINT)).toBe(true)
    // The URL acts as Ann, within its scopes.
    expect((await t.call('user.current', {}, pathOf(hook.URL))).body.result).toMatchObject({ ID: String(ann.id) })
    expect(await t.call('crm.lead.list', {}, pathOf(hook.URL))).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } })

    // Never again: not in get, not in the list, not in the logs.
    const got = await t.call('openlines.webhook.incoming.get', { ID: hook.ID })
    const { URL: _url, ...shown } = hook
    expect(got.body.result).toEqual(shown)
    const list = await t.call('openlines.webhook.incoming.list')
    expect(list.body.result).toContainEqual(shown)
    expect(list.body.total).toBe(list.body.result.length)
    expect(JSON.stringify(list.body)).not.toContain(code)
    expect(logLines.length).toBeGreaterThan(0)
    expect(logLines.join('')).not.toContain(code)
    // The command line lists the same webhooks.
    const out: string[] = []
    await webhookList([], async () => t.deps, (line) => out.push(line))
    expect(out.join('\n')).toMatch(new RegExp(`${hook.ID}\\s+${ann.id}\\s+Reports\\s+${hook.CODE_HINT}…\\s+user,imopenlines`))
  })

  it('changes scopes (effective on the next call) and title, and deletes: the URL stops working', async () => {
    const added = (await t.call('openlines.webhook.incoming.add', { SCOPES: 'user', TITLE: 'Mine' })).body.result
    expect(added.USER_ID).toBe(1)
    const path = pathOf(added.URL)
    expect(await t.call('crm.lead.list', {}, path)).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } })
    const updated = await t.call('openlines.webhook.incoming.update', { ID: added.ID, FIELDS: { SCOPES: 'user,crm', TITLE: 'CRM sync' } })
    expect(updated.body.result).toMatchObject({ ID: added.ID, SCOPES: ['user', 'crm'], TITLE: 'CRM sync', ACTIVE: true })
    expect(updated.body.result.URL).toBeUndefined()
    expect((await t.call('crm.lead.list', {}, path)).status).toBe(200)

    expect(await t.call('openlines.webhook.incoming.delete', { ID: added.ID })).toMatchObject({ status: 200, body: { result: true } })
    expect(await t.call('user.current', {}, path)).toMatchObject({ status: 401, body: { error: 'NO_AUTH_FOUND' } })
    expect((await t.call('openlines.webhook.incoming.get', { ID: added.ID })).body.result).toMatchObject({ ACTIVE: false, DATE_DELETE: anyBitrixDate })
    expect(await t.call('openlines.webhook.incoming.delete', { ID: added.ID })).toMatchObject({
      status: 404, body: { error: 'ERROR_NOT_FOUND', error_description: `Incoming webhook ${added.ID} was deleted` },
    })
    expect(await t.call('openlines.webhook.incoming.update', { ID: added.ID, FIELDS: { TITLE: 'x' } })).toMatchObject({ status: 404, body: { error: 'ERROR_NOT_FOUND' } })
  })

  it('refuses bad input with ERROR_ARGUMENT and unknown webhooks with ERROR_NOT_FOUND', async () => {
    const guest = await t.deps.db.insertInto('users').values({ name: 'Guest', user_type: 'imconnector' }).returning('id').executeTakeFirstOrThrow()
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [{ SCOPES: 'user,teleport' }, expect.stringMatching(/^SCOPES: unknown scope\(s\): teleport;/)],
      [{ SCOPES: ' , ' }, 'SCOPES: name at least one scope'],
      [{ SCOPES: 'user', USER_ID: 99999 }, 'USER_ID: user 99999 does not exist'],
      [{ SCOPES: 'user', USER_ID: guest.id }, `USER_ID: user ${guest.id} is not an employee`],
    ]
    for (const [params, description] of cases) {
      expect(await t.call('openlines.webhook.incoming.add', params)).toMatchObject({ status: 400, body: { error: 'ERROR_ARGUMENT', error_description: description } })
    }
    expect((await t.call('openlines.webhook.incoming.add', { TITLE: 'no scopes' })).status).toBe(400)
    expect(await t.call('openlines.webhook.incoming.get', { ID: 99999 })).toMatchObject({ status: 404, body: { error: 'ERROR_NOT_FOUND' } })
    expect(await t.call('openlines.webhook.incoming.update', { ID: 99999, FIELDS: { TITLE: 'x' } })).toMatchObject({ status: 404, body: { error: 'ERROR_NOT_FOUND' } })
  })

  it('is for administrators only: not other users, not applications; the console of an administrator may', async () => {
    const bob = await t.createUser({ name: 'Bob' })
    for (const method of ['add', 'list', 'get', 'update', 'delete']) {
      const res = await t.call(`openlines.webhook.incoming.${method}`, { ID: 1, SCOPES: 'user', FIELDS: { TITLE: 'x' } }, bob.hook)
      expect(res).toMatchObject({ status: 403, body: { error: 'ACCESS_DENIED' } })
    }
    const app = await installApp(t, { scopes: ['user'] })
    expect(await app.call('openlines.webhook.incoming.list')).toMatchObject({ status: 403, body: { error: 'WRONG_AUTH_TYPE' } })
    expect(await app.call('openlines.webhook.incoming.add', { SCOPES: 'user' })).toMatchObject({ status: 403, body: { error: 'WRONG_AUTH_TYPE' } })

    await personWithPassword(t, 'ada@example.com', 'ada long password', { isAdmin: true })
    const session = await login(t, 'ada@example.com', 'ada long password')
    const made = await consoleCall(t, 'openlines.webhook.incoming.add', session.cookie, session.body.csrf, { SCOPES: ['imopenlines'] })
    expect(made).toMatchObject({ status: 200, body: { result: { ACTIVE: true, SCOPES: ['imopenlines'], URL: expect.any(String) } } })
  })
})
