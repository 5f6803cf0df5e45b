import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'
import { installApp } from '../apps/app-helpers.js'

type Json = Record<string, any>

/** The first bytes of a 3x2 PNG: signature and IHDR, which is all the server reads. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.from([0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0]), Buffer.alloc(40, 7)])
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0x90)])
const webhookOf = (hook: string) => hook.replace(/^\/rest\//, '').replace(/\/$/, '')

describe('website widget: attachments', () => {
  let t: DialogueApp
  let op: { id: number; hook: string }
  let lineId: number
  beforeAll(async () => {
    t = await buildDialogueApp(undefined, { outbox: true })
    op = await t.operator({ name: 'Maria' })
    lineId = (await t.lines.add({ queue: [op.id] })).id
  })
  afterAll(() => t.close())

  const start = async () => (await t.app.inject({ method: 'POST', url: '/online/api/start', payload: { line: lineId } })).json().token as string
  const upload = async (token: string, name: string, body: Buffer) => {
    const res = await t.app.inject({
      method: 'POST', url: `/online/api/file?name=${encodeURIComponent(name)}`, payload: body,
      headers: { 'x-widget-token': token, 'content-type': 'application/octet-stream' },
    })
    return { status: res.statusCode, body: res.json() as Json }
  }
  const download = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })

  it('takes an image and a document from the visitor and shows them in the visitor\'s history', async () => {
    const token = await start()
    const img = await upload(token, 'photo.png', PNG)
    expect(img).toEqual({ status: 200, body: { chatId: expect.any(Number), id: expect.any(Number), file: { id: expect.any(Number), name: 'photo.png', size: PNG.length, image: true } } })
    const doc = await upload(token, 'C:\\Users\\me\\invoice.pdf', PDF)
    expect(doc.body.file).toEqual({ id: expect.any(Number), name: 'invoice.pdf', size: PDF.length, image: false })
    const history = (await download('/online/api/history', { 'x-widget-token': token })).json() as Json
    expect(history.messages.filter((m: Json) => m.files).map((m: Json) => [m.from, m.files])).toEqual([
      ['visitor', [img.body.file]], ['visitor', [doc.body.file]],
    ])
    const got = await download(`/online/file/${img.body.file.id}`, { 'x-widget-token': token })
    expect(got.statusCode).toBe(200)
    expect(got.headers['content-type']).toBe('image/png')
    expect(got.headers['x-content-type-options']).toBe('nosniff')
    expect(got.rawPayload.equals(PNG)).toBe(true)
    const pdf = await download(`/online/file/${doc.body.file.id}/invoice.pdf`, { 'x-widget-token': token })
    expect([pdf.headers['content-type'], pdf.headers['content-disposition']]).toEqual(['application/pdf', "attachment; filename*=UTF-8''invoice.pdf"])
    // Another visitor cannot read it, nor can anyone without credentials.
    const other = await start()
    expect((await download(`/online/file/${img.body.file.id}`, { 'x-widget-token': other })).json()).toEqual({ error: 'FILE_NOT_FOUND', error_description: 'File not found' })
    expect((await download(`/online/file/${img.body.file.id}`)).statusCode).toBe(401)
  })

  it('carries the file to operators as FILE_ID and files, served to those with rights on the chat', async () => {
    const token = await start()
    const sent = (await upload(token, 'scan.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF'), Buffer.alloc(64, 1)]))).body
    await t.call('imopenlines.operator.answer', { CHAT_ID: sent.chatId }, op.hook)
    const view = (await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${sent.chatId}` }, op.hook)).body.result
    const message = view.messages.find((m: Json) => m.id === sent.id)
    expect(message.params.FILE_ID).toHaveLength(1)
    const file = view.files.find((f: Json) => f.id === message.params.FILE_ID[0])
    expect(file).toMatchObject({ type: 'image', name: 'scan.jpg', extension: 'jpg', urlDownload: `http://openlines.test/online/file/${sent.file.id}/scan.jpg` })
    const path = new URL(file.urlDownload).pathname
    const asOperator = await download(`${path}?webhook=${webhookOf(op.hook)}`)
    expect([asOperator.statusCode, asOperator.headers['content-type']]).toEqual([200, 'image/jpeg'])
    const stranger = await t.operator({ name: 'Stranger' })
    expect((await download(`${path}?webhook=${webhookOf(stranger.hook)}`)).statusCode).toBe(404)
    expect((await download(`${path}?webhook=${webhookOf(op.hook).replace(/\/\w+$/, '/wrong')}`)).statusCode).toBe(401)
  })

  it('refuses files whose bytes are not what their name says, unknown kinds, empty and oversized files', async () => {
    const token = await start()
    const refused = { status: 415, body: { error: 'FILE_TYPE', error_description: expect.stringContaining('not accepted') } }
    expect(await upload(token, 'cat.png', EXE)).toEqual(refused)
    expect(await upload(token, 'setup.exe', EXE)).toEqual(refused)
    expect(await upload(token, 'photo.exe', PNG)).toEqual(refused)
    expect(await upload(token, 'notes.txt', Buffer.from([0x68, 0x69, 0x00, 0x01]))).toEqual(refused)
    expect((await upload(token, 'notes.txt', Buffer.from('plain words\n'))).status).toBe(200)
    expect((await upload(token, 'empty.pdf', Buffer.alloc(0))).body.error).toBe('FILE_EMPTY')
    const big = Buffer.concat([PDF, Buffer.alloc(t.deps.config.widgetFileMaxBytes)])
    expect(await upload(token, 'big.pdf', big)).toEqual({ status: 413, body: { error: 'FILE_TOO_LARGE', error_description: expect.stringContaining('larger than') } })
    expect((await upload('nope', 'photo.png', PNG)).status).toBe(401)
  })

  it('stores files a connector sends in as the message\'s files, shown as images by their type', async () => {
    const app = await installApp(t)
    await app.call('imconnector.register', { ID: 'files_tg', NAME: 'Files', ICON: { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%2F%3E' }, PLACEMENT_HANDLER: 'https://example.com/s' })
    await app.call('imconnector.activate', { CONNECTOR: 'files_tg', LINE: lineId, ACTIVE: 1 })
    const res = await app.call('imconnector.send.messages', { CONNECTOR: 'files_tg', LINE: lineId, MESSAGES: [{
      user: { id: 'u-9', name: 'Eva' }, chat: { id: 'c-9' },
      message: { id: 'f-1', files: [{ url: 'https://example.com/files/spec.pdf', name: 'spec.pdf' }, { url: 'https://example.com/p/photo.webp', name: 'photo.webp' }] },
    }] })
    const chatId = Number(res.body.result.DATA.RESULT[0].session.CHAT_ID)
    await t.call('imopenlines.operator.answer', { CHAT_ID: chatId }, op.hook)
    const view = (await t.call('im.dialog.messages.get', { DIALOG_ID: `chat${chatId}` }, op.hook)).body.result
    const message = view.messages.find((m: Json) => Array.isArray(m.params.FILE_ID))
    expect(message.params.FILE_ID).toHaveLength(2)
    expect(view.files.map((f: Json) => [f.name, f.type, f.urlDownload])).toEqual([
      ['spec.pdf', 'file', 'https://example.com/files/spec.pdf'], ['photo.webp', 'image', 'https://example.com/p/photo.webp'],
    ])
  })
})
