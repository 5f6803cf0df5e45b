import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { timeShape } from '../../helpers/envelope.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { installApp, testEventsConfig } from '../apps/app-helpers.js'
import { consoleCall, login, personWithPassword } from '../console/console-helpers.js'

/**
 * imbot.bot.list: "Who can execute the method: authorized application user" (imbot-bot-list.md),
 * and its examples call it through a webhook too. The console's signed-in users may list the
 * bots as well: the line editor offers the welcome and off-hours bots by name.
 */
describe('imbot.bot.list for console sessions', () => {
  let t: TestApp
  let botId: number
  beforeAll(async () => {
    t = await buildTestApp({ config: { events: testEventsConfig() } })
    const app = await installApp(t)
    botId = (await app.call('imbot.register', { CODE: 'greeter', TYPE: 'O', EVENT_HANDLER: 'https://bots.example.com/h', PROPERTIES: { NAME: 'Greeter' } })).body.result
  })
  afterAll(() => t.close())

  const expected = () => ({ [String(botId)]: { ID: botId, NAME: 'Greeter', CODE: 'greeter', OPENLINE: 'Y' } })

  it('answers an administrator and an operator signed in to the console, as it answers a webhook', async () => {
    await personWithPassword(t, 'ada@example.com', 'ada long password', { isAdmin: true })
    await personWithPassword(t, 'olga@example.com', 'olga long password')
    for (const [email, password] of [['ada@example.com', 'ada long password'], ['olga@example.com', 'olga long password']]) {
      const s = await login(t, email, password)
      expect(await consoleCall(t, 'imbot.bot.list', s.cookie, s.body.csrf)).toEqual({ status: 200, body: { result: expected(), time: timeShape } })
    }
    expect((await t.call('imbot.bot.list')).body.result).toEqual(expected())
  })

  it('still needs the imbot scope from a webhook, and a valid console session', async () => {
    const narrow = await t.createUser({ name: 'Narrow', scopes: ['user'] })
    expect(await t.call('imbot.bot.list', {}, narrow.hook)).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } })
    const s = await login(t, 'ada@example.com', 'ada long password')
    expect((await consoleCall(t, 'imbot.bot.list', s.cookie, 'wrong-csrf')).status).toBe(401)
  })
})
