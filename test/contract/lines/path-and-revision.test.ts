import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { timeShape } from './fixtures.js'

describe('imopenlines.config.path.get and imopenlines.revision.get', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ config: { publicUrl: 'https://support.example.com' } })
  })
  afterAll(() => t.close())

  it("answers this server's PUBLIC_URL and the public open-lines page path", async () => {
    const u = await t.createUser()
    const res = await t.call('imopenlines.config.path.get', {}, u.hook)
    expect(res).toEqual({ status: 200, body: { result: { SERVER_ADDRESS: 'https://support.example.com', PUBLIC_PATH: '/online/' }, time: timeShape } })
  })

  it('answers the API revisions', async () => {
    const res = await t.call('imopenlines.revision.get')
    expect(res).toEqual({ status: 200, body: { result: { rest: 2, web: 1, mobile: 1 }, time: timeShape } })
  })

  it('needs the imopenlines scope', async () => {
    const u = await t.createUser({ scopes: ['user'] })
    for (const m of ['imopenlines.config.path.get', 'imopenlines.revision.get']) {
      const res = await t.call(m, {}, u.hook)
      expect(res.status).toBe(403)
      expect(res.body.error).toBe('insufficient_scope')
    }
  })

  it('lists the line methods, and the extensions under openlines.*, in the method catalogue', async () => {
    const res = await t.call('methods', { scope: 'imopenlines' })
    expect(res.body.result).toEqual(
      expect.arrayContaining([
        'imopenlines.config.add',
        'imopenlines.config.delete',
        'imopenlines.config.get',
        'imopenlines.config.list.get',
        'imopenlines.config.path.get',
        'imopenlines.config.update',
        'imopenlines.message.quick.save',
        'imopenlines.revision.get',
        'openlines.config.access.list',
        'openlines.config.access.set',
        'openlines.quickanswers.list',
      ]),
    )
    expect((await t.call('method.get', { name: 'openlines.quickanswers.list' })).body.result).toEqual({ isExisting: true, isAvailable: true })
  })
})
