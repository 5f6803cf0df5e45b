import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { installApp } from '../apps/app-helpers.js'

type Json = Record<string, any>

/** The first bytes of a 3x2 PNG: signature and IHDR, which is all the server reads. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.from([0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0]), Buffer.alloc(40, 7)])
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0x90)])
const webhookOf = (hook: string) => hook.replace(/^\/rest\//, '').replace(/\/$/, '')

/** A multipart/form-data body with text fields and one file part. */
function multipart(fields: Record<string, string>, file: { field: string; name: string; content: Buffer }) {
  const boundary = '----olTestBoundary7'
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.content, Buffer.from('\r\n'))
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

describe('openlines.message.file.add: operators send files', () => {
  let t: DialogueApp
  let op: { id: number; hook: string }
  let boss: { id: number; hook: string }
  let lineId: number
  beforeAll(async () => {
    t = await buildDialogueApp(undefined, { outbox: true })
    op = await t.operator({ name: 'Maria' })
    boss = await t.operator({ name: 'Greta' })
    lineId = (await t.lines.add({ queue: [op.id] })).id
    await t.lines.grant(lineId, boss.id, 'supervisor')
  })
  afterAll(() => t.close())

  const widget = async (method: 'GET' | 'POST', url: string, token: string, payload?: Json) =>
    t.app.inject({ method, url, headers: { 'x-widget-token': token }, ...(payload ? { payload } : {}) })
  /** A widget visitor who wrote, and the operator who took the dialogue. */
  async function visitorDialogue() {
    const token = (await t.app.inject({ method: 'POST', url: '/online/api/start', payload: { line: lineId } })).json().token as string
    const { chatId } = (await widget('POST', '/online/api/message', token, { text: 'Can you send the price list?' })).json() as { chatId: number }
    await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, op.hook)
    return { token, chatId }
  }
  const fileAdd = (params: Json, hook = op.hook) => t.call('openlines.message.file.add', params, hook)
  const b64 = (b: Buffer) => b.toString('base64')

  it("sends a document as [name, base64]: the visitor sees it in the widget and downloads it; operators see it as the message's file", async () => {
    const { token, chatId } = await visitorDialogue()
    const res = await fileAdd({ DIALOG_ID: `chat${chatId}`, FILE: ['price list.pdf', b64(PDF)], MESSAGE: 'Here it is' })
    expect(res).toEqual({ status: 200, body: { result: { MESSAGE_ID: expect.any(Number), FILE_ID: expect.any(Number) }, time: expect.any(Object) } })
    const { MESSAGE_ID: messageId, FILE_ID: fileId } = res.body.result

    const history = (await widget('GET', '/online/api/history', token)).json() as Json
    const shown = history.messages.find((m: Json) => m.id === messageId)
    expect(shown).toMatchObject({ from: 'operator', name: 'Maria', text: 'Here it is', files: [{ id: expect.any(Number), name: 'price list.pdf', size: PDF.length, image: false }] })
    const got = await widget('GET', `/online/file/${shown.files[0].id}`, token)
    expect([got.statusCode, got.headers['content-type']]).toEqual([200, 'application/pdf'])
    expect(got.rawPayload.equals(PDF)).toBe(true)

    const view = (await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${chatId}` }, op.hook)).body.result
    const message = view.messages.find((m: Json) => m.id === messageId)
    expect(message).toMatchObject({ author_id: op.id, text: 'Here it is', params: { FILE_ID: [fileId] } })
    const file = view.files.find((f: Json) => f.id === fileId)
    expect(file).toMatchObject({ name: 'price list.pdf', type: 'file', extension: 'pdf', size: PDF.length, authorId: op.id,
      urlDownload: `http://openlines.test/online/file/${shown.files[0].id}/price%20list.pdf` })
    const path = new URL(file.urlDownload).pathname
    expect((await t.app.inject({ method: 'GET', url: `${path}?webhook=${webhookOf(op.hook)}` })).statusCode).toBe(200)
    // The operator's reply counts as one: the customer waits no more.
    const session = await t.deps.db.selectFrom('sessions').selectAll().where('chat_id', '=', chatId).executeTakeFirstOrThrow()
    expect(session).toMatchObject({ wait_answer: false, last_operator_at: expect.any(Date) })
  })

  it('takes a multipart file part, and an image without text', async () => {
    const { token, chatId } = await visitorDialogue()
    const body = multipart({ DIALOG_ID: `chat${chatId}` }, { field: 'FILE', name: 'chart.png', content: PNG })
    const res = await t.app.inject({ method: 'POST', url: `${op.hook}openlines.message.file.add`, ...body })
    expect(res.statusCode).toBe(200)
    const { MESSAGE_ID: messageId } = res.json().result
    const shown = ((await widget('GET', '/online/api/history', token)).json() as Json).messages.find((m: Json) => m.id === messageId)
    expect(shown).toMatchObject({ from: 'operator', text: '', files: [{ name: 'chart.png', size: PNG.length, image: true }] })
    const view = (await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${chatId}` }, op.hook)).body.result
    expect(view.files.find((f: Json) => f.name === 'chart.png')).toMatchObject({ type: 'image', image: { width: 3, height: 2 } })
  })

  it('documented errors: DIALOG_ID_EMPTY, FILE_EMPTY, FILE_TYPE, FILE_TOO_LARGE, ACCESS_ERROR for those not in the chat', async () => {
    const { chatId } = await visitorDialogue()
    const dialog = `chat${chatId}`
    const error = (status: number, code: string) => ({ status, body: { error: code, error_description: expect.any(String) } })
    expect(await fileAdd({ FILE: ['a.pdf', b64(PDF)] })).toEqual({ status: 400, body: { error: 'DIALOG_ID_EMPTY', error_description: "Dialog ID can't be empty" } })
    expect(await fileAdd({ DIALOG_ID: String(op.id), FILE: ['a.pdf', b64(PDF)] })).toEqual(error(400, 'DIALOG_ID_EMPTY'))
    expect(await fileAdd({ DIALOG_ID: dialog })).toEqual(error(400, 'FILE_EMPTY'))
    expect(await fileAdd({ DIALOG_ID: dialog, FILE: ['a.pdf', 'not base64 at all!'] })).toEqual(error(400, 'FILE_EMPTY'))
    expect(await fileAdd({ DIALOG_ID: dialog, FILE: ['a.pdf', ''] })).toEqual(error(400, 'FILE_EMPTY'))
    expect(await fileAdd({ DIALOG_ID: dialog, FILE: ['setup.exe', b64(EXE)] })).toEqual(error(415, 'FILE_TYPE'))
    expect(await fileAdd({ DIALOG_ID: dialog, FILE: ['photo.pdf', b64(PNG)] })).toEqual(error(415, 'FILE_TYPE'))
    const big = Buffer.concat([PDF, Buffer.alloc(t.deps.config.widgetFileMaxBytes)])
    expect(await fileAdd({ DIALOG_ID: dialog, FILE: ['big.pdf', b64(big)] })).toEqual(error(413, 'FILE_TOO_LARGE'))
    // A supervisor who has not joined, an employee without rights, a chat that does not exist: the same answer.
    const stranger = await t.operator({ name: 'Stranger' })
    expect(await fileAdd({ DIALOG_ID: dialog, FILE: ['a.pdf', b64(PDF)] }, boss.hook)).toEqual({ status: 400, body: { error: 'ACCESS_ERROR', error_description: 'Action unavailable' } })
    expect(await fileAdd({ DIALOG_ID: dialog, FILE: ['a.pdf', b64(PDF)] }, stranger.hook)).toEqual(error(400, 'ACCESS_ERROR'))
    expect(await fileAdd({ CHAT_ID: 999999, FILE: ['a.pdf', b64(PDF)] })).toEqual(error(400, 'ACCESS_ERROR'))
    // Nothing was stored by the refused calls.
    const stored = await t.deps.db.selectFrom('widget_files').select('id').where('author_id', 'is not', null).where('chat_id', 'is', null).execute()
    expect(stored).toEqual([])
  })

  it("a supervisor who joined silently sends a file only the operators see; the visitor cannot fetch it", async () => {
    const { token, chatId } = await visitorDialogue()
    await t.call('imopenlines.session.join', { CHAT_ID: chatId, SILENT: 'Y' }, boss.hook)
    const res = await fileAdd({ DIALOG_ID: `chat${chatId}`, FILE: ['draft.pdf', b64(PDF)] }, boss.hook)
    expect(res.status).toBe(200)
    const row = await t.deps.db.selectFrom('messages').selectAll().where('id', '=', res.body.result.MESSAGE_ID).executeTakeFirstOrThrow()
    expect(row.to_customer).toBe(false)
    const history = (await widget('GET', '/online/api/history', token)).json() as Json
    expect(history.messages.some((m: Json) => m.id === row.id)).toBe(false)
    const stored = await t.deps.db.selectFrom('widget_files').select('id').where('message_id', '=', row.id).executeTakeFirstOrThrow()
    expect((await widget('GET', `/online/file/${stored.id}`, token)).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url: `/online/file/${stored.id}?webhook=${webhookOf(op.hook)}` })).statusCode).toBe(200)
  })

  it("reaches a connector app as OnImConnectorMessageAdd files, with a link the app downloads with its own token", async () => {
    const app = await installApp(t, { scopes: ['imconnector'] })
    await app.call('imconnector.register', { ID: 'op_files', NAME: 'Files', ICON: { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%2F%3E' }, PLACEMENT_HANDLER: 'https://example.com/s' })
    await app.call('imconnector.activate', { CONNECTOR: 'op_files', LINE: lineId, ACTIVE: 1 })
    const sent = await app.call('imconnector.send.messages', { CONNECTOR: 'op_files', LINE: lineId, MESSAGES: [
      { user: { id: 'u-1', name: 'Ola' }, chat: { id: 'c-1' }, message: { id: 'm-1', text: 'Send me the invoice' } },
    ] })
    const chatId = Number(sent.body.result.DATA.RESULT[0].session.CHAT_ID)
    await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, op.hook)
    const res = await fileAdd({ CHAT_ID: chatId, FILE: ['invoice.pdf', b64(PDF)], MESSAGE: 'Attached' })
    const messageId = res.body.result.MESSAGE_ID
    const rows = await t.deps.db.selectFrom('events').select('data').where('event_name', '=', 'ONIMCONNECTORMESSAGEADD').where('chat_id', '=', chatId).execute()
    const data = rows.map((r) => JSON.parse(r.data) as Json).find((d) => d.MESSAGES[0].im.message_id === messageId)!
    expect(data).toMatchObject({ CONNECTOR: 'op_files', LINE: lineId, MESSAGES: [{
      im: { chat_id: chatId, message_id: messageId }, chat: { id: 'c-1' },
      message: { user_id: op.id, files: [{ id: res.body.result.FILE_ID, name: 'invoice.pdf', type: 'file', size: PDF.length, link: expect.stringMatching(/^http:\/\/openlines\.test\/online\/file\/\d+\/invoice\.pdf$/) }] },
    }] })
    const path = new URL(data.MESSAGES[0].message.files[0].link).pathname
    const got = await t.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${await app.token()}` } })
    expect([got.statusCode, got.headers['content-type']]).toEqual([200, 'application/pdf'])
    expect(got.rawPayload.equals(PDF)).toBe(true)
    // Another app without the chat's connector, or no credentials: no file.
    const other = await installApp(t, { scopes: ['imconnector'], title: 'Other' })
    expect((await t.app.inject({ method: 'GET', url: `${path}?auth=${await other.token()}` })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(401)
  })
})
