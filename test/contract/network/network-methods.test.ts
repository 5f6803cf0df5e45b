import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anyBitrixDate, timeShape } from '../../helpers/envelope.js'
import { buildPair, KEY, settle, type Side } from './network-pair.js'

const err = (status: number, error: string, error_description: string) => ({ status, body: { error, error_description } })

describe('network methods', () => {
  let a: Side
  let b: Side
  let lineId: number
  let code: string
  let operator: { id: number; hook: string }

  beforeAll(async () => {
    ;({ a, b } = await buildPair())
    operator = await a.createUser({ name: 'Olga' })
    await a.deps.db.updateTable('users').set({ is_online: true }).where('id', '=', operator.id).execute()
    lineId = (await a.lines.add({ lineName: 'Sales', queue: [operator.id] })).id
  }, 180_000)
  afterAll(async () => {
    await b?.close()
    await a?.close()
  })

  describe('administration', () => {
    it('publishes a line under a 32-character code, the same code again, lists and unpublishes', async () => {
      const published = await a.call('openlines.network.line.publish', { CONFIG_ID: lineId })
      expect(published).toEqual({ status: 200, body: { result: { CONFIG_ID: lineId, CODE: expect.stringMatching(/^[0-9a-f]{32}$/) }, time: timeShape } })
      code = published.body.result.CODE
      expect((await a.call('openlines.network.line.publish', { CONFIG_ID: lineId })).body.result.CODE).toBe(code)
      expect((await a.call('openlines.network.line.list')).body.result).toEqual([{ CONFIG_ID: lineId, CODE: code, LINE_NAME: 'Sales', DATE_CREATE: anyBitrixDate }])
      expect(await a.call('openlines.network.line.publish', { CONFIG_ID: 999 })).toEqual(err(404, 'ERROR_NOT_FOUND', 'Open line 999 not found'))

      const other = (await a.lines.add({ lineName: 'Other' })).id
      await a.call('openlines.network.line.publish', { CONFIG_ID: other })
      expect((await a.call('openlines.network.line.unpublish', { CONFIG_ID: other })).body.result).toBe(true)
      expect(await a.call('openlines.network.line.unpublish', { CONFIG_ID: other })).toEqual(err(404, 'ERROR_NOT_FOUND', `Open line ${other} not found`))
      expect((await a.call('openlines.network.line.list')).body.result).toHaveLength(1)
    })

    it('keeps peers with their keys hidden, checks URL and key, removes them', async () => {
      expect((await a.call('openlines.network.peer.list')).body.result).toEqual([{ ID: 'server-b', URL: b.url, DATE_CREATE: anyBitrixDate, DATE_UPDATE: anyBitrixDate }])
      expect(await a.call('openlines.network.peer.set', { ID: 'far', URL: 'http://peer.example.com', KEY })).toEqual(
        err(400, 'ERROR_ARGUMENT', 'URL: plain http to a non-loopback peer is refused (set NETWORK_ALLOW_HTTP=on to allow it)'))
      expect(await a.call('openlines.network.peer.set', { ID: 'far', URL: 'https://peer.example.com', KEY: 'short' })).toEqual(
        err(400, 'ERROR_ARGUMENT', 'KEY: at least 32 characters'))
      expect(await a.call('openlines.network.peer.set', { ID: 'bad|id', URL: 'https://peer.example.com', KEY })).toEqual(
        err(400, 'ERROR_ARGUMENT', 'ID: 1 to 128 letters, digits, "_", "." or "-"'))
      expect((await a.call('openlines.network.peer.set', { ID: 'far', URL: 'https://peer.example.com/', KEY })).body.result).toBe(true)
      expect((await a.call('openlines.network.peer.list')).body.result.map((p: { URL: string }) => p.URL)).toEqual(['https://peer.example.com', b.url])
      expect((await a.call('openlines.network.peer.delete', { ID: 'far' })).body.result).toBe(true)
      expect(await a.call('openlines.network.peer.delete', { ID: 'far' })).toEqual(err(404, 'ERROR_NOT_FOUND', 'Peer far not found'))
    })

    it('is for administrators only', async () => {
      for (const [method, params] of [
        ['openlines.network.line.publish', { CONFIG_ID: lineId }], ['openlines.network.line.list', {}], ['openlines.network.peer.set', { ID: 'x', URL: b.url, KEY }],
        ['openlines.network.peer.list', {}], ['openlines.network.peer.delete', { ID: 'server-b' }], ['openlines.network.outbox.status', {}],
      ] as const) {
        const res = await a.call(method, params, operator.hook)
        expect(res.status, method).toBe(403)
        expect(res.body.error, method).toBe('ACCESS_DENIED')
      }
    })
  })

  describe('imopenlines.network.join', () => {
    it('answers CODE for a code that is not 32 characters', async () => {
      for (const CODE of [undefined, '', 'abc', `${'a'.repeat(31)}-`, 'a'.repeat(33)]) {
        expect(await b.call('imopenlines.network.join', { CODE })).toEqual(err(400, 'CODE', 'You entered an invalid code'))
      }
    })

    it('answers NOT_FOUND for a code no peer publishes', async () => {
      expect(await b.call('imopenlines.network.join', { CODE: 'f'.repeat(32) })).toEqual(err(400, 'NOT_FOUND', 'Line not found'))
    })

    it('answers INACTIVE for a published line that is switched off', async () => {
      const off = (await a.lines.add({ lineName: 'Closed', active: false })).id
      const offCode = (await a.call('openlines.network.line.publish', { CONFIG_ID: off })).body.result.CODE
      expect(await b.call('imopenlines.network.join', { CODE: offCode })).toEqual(err(400, 'INACTIVE', 'Openline is inactive'))
    })

    it('any user may join; the result is the network bot', async () => {
      const user = await b.createUser({ name: 'Ben', scopes: ['imopenlines'] })
      const res = await b.call('imopenlines.network.join', { CODE: code }, user.hook)
      expect(res).toEqual({ status: 200, body: { result: expect.any(Number), time: timeShape } })
      expect((await b.call('imopenlines.network.join', { CODE: code })).body.result).toBe(res.body.result)
    })
  })

  describe('imopenlines.network.message.add', () => {
    let customerId: number
    let botId: number
    let writer: { id: number; hook: string }

    beforeAll(async () => {
      botId = (await b.call('imopenlines.network.join', { CODE: code })).body.result
      writer = await b.createUser({ name: 'Nina', scopes: ['im'] })
      await b.call('im.message.add', { DIALOG_ID: botId, MESSAGE: 'I have a question' }, writer.hook)
      await settle(b, a)
      const guest = await a.deps.db.selectFrom('users').select('id').where('name', '=', 'Nina').where('user_type', '=', 'imconnector').executeTakeFirstOrThrow()
      customerId = guest.id
    })

    const send = (params: Record<string, unknown>, hook?: string) => a.call('imopenlines.network.message.add', { CODE: code, USER_ID: customerId, MESSAGE: 'News', ...params }, hook)

    it('answers the documented errors', async () => {
      expect(await send({ CODE: 'short' })).toEqual(err(400, 'CODE', 'You entered an invalid code'))
      expect(await send({ CODE: 'e'.repeat(32) })).toEqual(err(400, 'NOT_FOUND', 'Line not found'))
      expect(await send({ USER_ID: undefined })).toEqual(err(400, 'USER_ID_EMPTY', "User ID can't be empty"))
      expect(await send({ USER_ID: 0 })).toEqual(err(400, 'USER_ID_EMPTY', "User ID can't be empty"))
      expect(await send({ MESSAGE: '  ' })).toEqual(err(400, 'MESSAGE_EMPTY', "Message can't be empty"))
      expect(await send({ ATTACH: '{not json' })).toEqual(err(400, 'ATTACH_ERROR', 'Incorrect attach params'))
      expect(await send({ ATTACH: { BLOCKS: [{ MESSAGE: 'x'.repeat(31_000) }] } })).toEqual(
        err(400, 'ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach'))
      expect(await send({ KEYBOARD: { BUTTONS: [{ TEXT: 'Run', COMMAND: 'run' }] } })).toEqual(err(400, 'KEYBOARD_ERROR', 'Incorrect keyboard params'))
      expect(await send({ USER_ID: operator.id })).toEqual(err(400, 'WRONG_REQUEST', "Message isn't added"))
      const stranger = await a.createUser({ name: 'Stranger', scopes: ['imopenlines'] })
      expect((await send({}, stranger.hook)).body.error).toBe('ACCESS_DENIED')
    })

    it('sends text, ATTACH, KEYBOARD and URL_PREVIEW to the user on the other server, once a week', async () => {
      const attach = { ID: 1, COLOR_TOKEN: 'primary', BLOCKS: [{ MESSAGE: 'See the checklist' }] }
      const keyboard = { BUTTONS: [{ TEXT: 'Open instructions', LINK: 'https://help.example.com/setup', DISPLAY: 'LINE' }] }
      const res = await send({ MESSAGE: 'We have prepared materials', ATTACH: attach, KEYBOARD: keyboard, URL_PREVIEW: 'N' }, operator.hook)
      expect(res).toEqual({ status: 200, body: { result: true, time: timeShape } })
      expect(await send({ MESSAGE: 'Again' }, operator.hook)).toEqual(err(400, 'USER_MESSAGE_LIMIT', "You can't send more than one message per week to each user"))
      await settle(a, b)

      const onB = await b.call('im.dialog.messages.get', { DIALOG_ID: botId }, writer.hook)
      const last = onB.body.result.messages[0]
      expect(last).toMatchObject({ author_id: botId, text: '[b]Olga:[/b] [br]We have prepared materials', params: { ATTACH: attach, KEYBOARD: keyboard, URL_PREVIEW: 'N' } })
    })

    it('is refused to session authorization', async () => {
      const { networkMessageAdd } = await import('../../../src/network/network.methods.js')
      const actor = { kind: 'session' as const, userId: 1, isAdmin: true, scopes: 'all' as const, credentialKey: 's', webhookId: null, appId: null, clientId: null }
      await expect(a.deps.db.transaction().execute((tx) => networkMessageAdd.handler({ input: { CODE: code }, actor, deps: a.deps, tx, start: 0, dispatch: a.dispatch })))
        .rejects.toMatchObject({ code: 'WRONG_AUTH_TYPE', status: 403 })
    })
  })
})
