import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, createNonEmployee, expectError, expectOk } from './crm-helpers.js'

/**
 * Rights: the responsible user and administrators change or delete an object;
 * other employees read what the crm setting allows; non-employees have no CRM.
 */

let t: TestApp
let owner: { id: number; hook: string }
let colleague: { id: number; hook: string }
let admin: { id: number; hook: string }

beforeAll(async () => {
  t = await buildTestApp()
  owner = await t.createUser({ name: 'Owner' })
  colleague = await t.createUser({ name: 'Colleague' })
  admin = await t.createUser({ name: 'Admin', isAdmin: true })
})
afterAll(() => t.close())

describe.each(['lead', 'deal', 'contact', 'company'])('crm.%s.*', (type) => {
  const fields = type === 'contact' ? { NAME: 'Private' } : { TITLE: 'Private' }

  it('lets the responsible user and administrators change and delete, and no one else', async () => {
    const id = await add(t, type, { ...fields, ASSIGNED_BY_ID: owner.id })
    expectError(await t.call(`crm.${type}.update`, { id, fields: { COMMENTS: 'x' } }, colleague.hook), 'Access denied.')
    expectError(await t.call(`crm.${type}.delete`, { id }, colleague.hook), 'Access denied.')
    expectOk(await t.call(`crm.${type}.update`, { id, fields: { COMMENTS: 'by owner' } }, owner.hook), true)
    expectOk(await t.call(`crm.${type}.update`, { id, fields: { COMMENTS: 'by admin' } }, admin.hook), true)
    expect((await t.call(`crm.${type}.get`, { id }, colleague.hook)).body.result.COMMENTS).toBe('by admin')
    expectOk(await t.call(`crm.${type}.delete`, { id }, owner.hook), true)
  })

  it('lets the responsible user hand the object over, after which they may no longer change it', async () => {
    const id = await add(t, type, fields, owner.hook)
    expectOk(await t.call(`crm.${type}.update`, { id, fields: { ASSIGNED_BY_ID: colleague.id } }, owner.hook), true)
    expectError(await t.call(`crm.${type}.update`, { id, fields: { COMMENTS: 'x' } }, owner.hook), 'Access denied.')
    expectOk(await t.call(`crm.${type}.delete`, { id }, colleague.hook), true)
  })

  it('limits reading to own and opened objects when crm reading is not open to all', async () => {
    const closed = await add(t, type, { ...fields, OPENED: 'N' }, owner.hook)
    const opened = await add(t, type, { ...fields, OPENED: 'Y' }, owner.hook)
    await t.deps.crm.updateSettings(t.deps.db, { readAll: false })
    try {
      expectError(await t.call(`crm.${type}.get`, { id: closed }, colleague.hook), 'Access denied.')
      expect((await t.call(`crm.${type}.get`, { id: opened }, colleague.hook)).body.result.ID).toBe(String(opened))
      expect((await t.call(`crm.${type}.get`, { id: closed }, owner.hook)).body.result.ID).toBe(String(closed))
      expect((await t.call(`crm.${type}.get`, { id: closed }, admin.hook)).body.result.ID).toBe(String(closed))
      const listed = await t.call(`crm.${type}.list`, { filter: { '@ID': [closed, opened] }, select: ['ID'] }, colleague.hook)
      expect(listed.body.result).toEqual([{ ID: String(opened) }])
    } finally {
      await t.deps.crm.updateSettings(t.deps.db, { readAll: true })
    }
    expect((await t.call(`crm.${type}.get`, { id: closed }, colleague.hook)).body.result.ID).toBe(String(closed))
  })

  it('answers Access denied to users who are not employees, on every method', async () => {
    const guest = await createNonEmployee(t, 'extranet')
    const id = await add(t, type, fields)
    expectError(await t.call(`crm.${type}.add`, { fields }, guest.hook), 'Access denied.')
    expectError(await t.call(`crm.${type}.get`, { id }, guest.hook), 'Access denied.')
    expectError(await t.call(`crm.${type}.list`, {}, guest.hook), 'Access denied.')
    expectError(await t.call(`crm.${type}.update`, { id, fields }, guest.hook), 'Access denied.')
    expectError(await t.call(`crm.${type}.delete`, { id }, guest.hook), 'Access denied.')
    expectError(await t.call(`crm.${type}.fields`, {}, guest.hook), 'Access denied.')
  })
})

describe('links an employee cannot read', () => {
  it('are dropped when reading is restricted', async () => {
    const hidden = await add(t, 'company', { TITLE: 'Hidden', OPENED: 'N' }, owner.hook)
    const contact = await add(t, 'contact', { NAME: 'Hidden', OPENED: 'N' }, owner.hook)
    await t.deps.crm.updateSettings(t.deps.db, { readAll: false })
    try {
      const deal = await add(t, 'deal', { COMPANY_ID: hidden, CONTACT_IDS: [contact] }, colleague.hook)
      expect((await t.call('crm.deal.get', { id: deal }, colleague.hook)).body.result).toMatchObject({ COMPANY_ID: null, CONTACT_ID: null })
    } finally {
      await t.deps.crm.updateSettings(t.deps.db, { readAll: true })
    }
  })
})
