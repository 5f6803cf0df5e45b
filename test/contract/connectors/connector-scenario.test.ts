import http from 'node:http'
import { parse } from 'qs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiLines } from '../../helpers/api-lines.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { installApp, testEventsConfig } from '../apps/app-helpers.js'
import { listenInRange } from '../events/receiver.js'

/** The connector app's event handler on 127.0.0.1 (ports of this work: 18700-18799). */
async function startHandler(): Promise<{ url: string; bodies: Array<Record<string, unknown>>; close(): Promise<void> }> {
  const bodies: Array<Record<string, unknown>> = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      bodies.push(parse(Buffer.concat(chunks).toString('utf8'), { depth: 10 }) as Record<string, unknown>)
      res.end('ok')
    })
  })
  const port = await listenInRange(server, 18700, 18799)
  return { url: `http://127.0.0.1:${port}/events`, bodies, close: () => new Promise((r) => server.close(() => r())) }
}

describe('connector scenario: an app carries a messenger into a line', () => {
  let t: TestApp
  let handler: Awaited<ReturnType<typeof startHandler>>
  beforeAll(async () => {
    t = await buildTestApp({ config: { events: testEventsConfig() } })
    handler = await startHandler()
  })
  afterAll(async () => {
    await handler.close()
    await t.close()
  })

  it('registers, activates, sends a customer message in, gets the operator reply as an event, reports delivery and reading', async () => {
    const app = await installApp(t, { scopes: ['imopenlines', 'imconnector'] })
    const operator = await t.createUser({ name: 'Klaus' })
    await t.deps.db.updateTable('users').set({ is_online: true }).where('id', '=', operator.id).execute()
    const line = await new ApiLines((m, p) => t.call(m, p)).add({ queue: [operator.id] })

    const icon = { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%2F%3E' }
    expect((await app.call('imconnector.register', { ID: 'messenger', NAME: 'Messenger', ICON: icon, PLACEMENT_HANDLER: 'https://example.com/s' })).body.result).toEqual({ result: true })
    expect((await app.call('event.bind', { event: 'OnImConnectorMessageAdd', handler: handler.url })).body.result).toBe(true)
    expect((await app.call('imconnector.activate', { CONNECTOR: 'messenger', LINE: line.id, ACTIVE: 1 })).body.result).toBe(true)

    const sent = await app.call('imconnector.send.messages', { CONNECTOR: 'messenger', LINE: line.id, MESSAGES: [
      { user: { id: 'peer-1', name: 'Anna' }, message: { id: 'in-1', text: 'Is my order shipped?' }, chat: { id: 'dialog-1' } },
    ] })
    const chatId = Number(sent.body.result.DATA.RESULT[0].session.CHAT_ID)
    expect(sent.body.result.SUCCESS).toBe(true)

    const reply = await t.call('im.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: 'Yes, today.' }, operator.hook)
    const messageId = reply.body.result as number
    await t.deps.events.worker.drain()
    expect(handler.bodies).toHaveLength(1)
    const event = handler.bodies[0]
    expect(event).toMatchObject({
      event: 'ONIMCONNECTORMESSAGEADD',
      data: { CONNECTOR: 'messenger', LINE: String(line.id), MESSAGES: [{
        im: { chat_id: String(chatId), message_id: String(messageId) },
        message: { user_id: String(operator.id), text: '[b]Klaus:[/b] [br]Yes, today.' },
        chat: { id: 'dialog-1' },
      }] },
      auth: { application_token: app.app.application_token },
    })
    const auth = event.auth as Record<string, string>
    // The app answers with the token the event carried, as a connector app does.
    const status = (method: string) => t.app.inject({ method: 'POST', url: `/rest/${method}`, payload: {
      auth: auth.access_token, CONNECTOR: 'messenger', LINE: line.id,
      MESSAGES: [{ im: { chat_id: chatId, message_id: messageId }, message: { id: ['out-1'] }, chat: { id: 'dialog-1' } }],
    } })
    expect((await status('imconnector.send.status.delivery')).json().result).toEqual({ SUCCESS: true, DATA: [] })
    expect((await status('imconnector.send.status.reading')).json().result).toEqual({ SUCCESS: true, DATA: [] })
    const out = await t.deps.db.selectFrom('connector_outgoing').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow()
    expect(out).toMatchObject({ chat_id: chatId, external_ids: ['out-1'], delivered_at: expect.any(Date) })
  })
})
