import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, expectError, expectOk } from './crm-helpers.js'

/** What the four types share: the errors each page lists, delete, and the method catalogue. */

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const minimal: Record<string, Record<string, unknown>> = {
  lead: { TITLE: 'A lead' },
  deal: { TITLE: 'A deal' },
  contact: { NAME: 'Ann' },
  company: { TITLE: 'Acme' },
}

// The not-found texts differ by page: crm-contact-update, crm-contact-delete (ERROR_CORE), crm-company-update/-delete.
const notFound: Record<string, Record<'get' | 'update' | 'delete', [string, string]>> = {
  lead: { get: ['', 'Not found'], update: ['', 'Not found'], delete: ['', 'Not found'] },
  deal: { get: ['', 'Not found'], update: ['', 'Not found'], delete: ['', 'Not found'] },
  contact: { get: ['', 'Not found'], update: ['', 'Contact is not found'], delete: ['ERROR_CORE', 'Element not found'] },
  company: { get: ['', 'Not found'], update: ['', 'Company is not found'], delete: ['', 'Company is not found'] },
}

describe.each(['lead', 'deal', 'contact', 'company'])('crm.%s.*', (type) => {
  it('refuses an id that is missing, zero, negative or not an integer', async () => {
    for (const params of [{}, { id: 0 }, { id: -3 }, { id: 'x1' }, { id: 2.5 }]) {
      for (const op of ['get', 'update', 'delete']) {
        expectError(await t.call(`crm.${type}.${op}`, { ...params, fields: { TITLE: 'x' } }), 'ID is not defined or invalid.')
      }
    }
  })

  it('answers the page\'s not-found error for get, update and delete', async () => {
    const [getCode, getText] = notFound[type].get
    const [updCode, updText] = notFound[type].update
    const [delCode, delText] = notFound[type].delete
    expectError(await t.call(`crm.${type}.get`, { id: 424242 }), getText, getCode)
    expectError(await t.call(`crm.${type}.update`, { id: 424242, fields: { TITLE: 'x' } }), updText, updCode)
    expectError(await t.call(`crm.${type}.delete`, { id: 424242 }), delText, delCode)
  })

  it('refuses fields and params that are not objects', async () => {
    expectError(await t.call(`crm.${type}.add`, {}), "Parameter 'fields' must be array.")
    expectError(await t.call(`crm.${type}.add`, { fields: 7 }), "Parameter 'fields' must be array.")
    expectError(await t.call(`crm.${type}.add`, { fields: minimal[type], params: 'x' }), "Parameter 'params' must be array.")
    const id = await add(t, type, minimal[type])
    expectError(await t.call(`crm.${type}.update`, { id }), "Parameter 'fields' must be array.")
    expectError(await t.call(`crm.${type}.update`, { id, fields: 'x' }), "Parameter 'fields' must be array.")
    expectError(await t.call(`crm.${type}.update`, { id, fields: {}, params: 'x' }), "Parameter 'params' must be array.")
  })

  it('refuses filter and order that are not objects', async () => {
    expectError(await t.call(`crm.${type}.list`, { filter: 'ID=1' }), "Parameter 'filter' must be array.")
    expectError(await t.call(`crm.${type}.list`, { order: 'ID' }), "Parameter 'order' must be array.")
  })

  it('deletes an object, after which it is gone from get and list', async () => {
    const id = await add(t, type, minimal[type])
    expectOk(await t.call(`crm.${type}.delete`, { ID: id }), true)
    const [code, text] = notFound[type].get
    expectError(await t.call(`crm.${type}.get`, { id }), text, code)
    expect((await t.call(`crm.${type}.list`, { filter: { ID: id } })).body.result).toEqual([])
  })

  it('accepts a JSON array as an empty filter, order and select', async () => {
    await add(t, type, minimal[type])
    const res = await t.call(`crm.${type}.list`, { filter: [], order: [], select: [] })
    expect(res.status).toBe(200)
    expect(res.body.result.length).toBeGreaterThan(0)
  })

  it('lists the six methods in the crm scope', async () => {
    const res = await t.call('methods', { scope: 'crm' })
    expect(res.body.result).toEqual(expect.arrayContaining(['add', 'get', 'list', 'update', 'delete', 'fields'].map((op) => `crm.${type}.${op}`)))
  })
})

describe('scope', () => {
  it('answers 403 insufficient_scope to a webhook without crm', async () => {
    const u = await t.createUser({ scopes: ['user'] })
    const res = await t.call('crm.lead.list', {}, u.hook)
    expect(res.status).toBe(403)
    expect(res.body.error).toBe('insufficient_scope')
  })
})
