import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CrmService } from '../../../src/crm/index.js'
import type { Db } from '../../../src/storage/db.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, expectError, expectOk } from './crm-helpers.js'

/** src/crm/index.ts: what the chat side will use (lookups by communication, creating objects, deletion hooks). */

let t: TestApp
let crm: CrmService
let db: Db
beforeAll(async () => {
  t = await buildTestApp()
  crm = t.deps.crm
  db = t.deps.db
})
afterAll(() => t.close())

describe('findByCommunication', () => {
  it('finds contacts, companies and leads by phone digits, e-mail in any case and open-line identity', async () => {
    const contact = await add(t, 'contact', { NAME: 'Known', PHONE: [{ VALUE: '+1 (202) 555-0119' }], EMAIL: [{ VALUE: 'Known@Example.com' }] })
    const company = await add(t, 'company', { TITLE: 'Known Co', PHONE: [{ VALUE: '12025550119' }] })
    const lead = await add(t, 'lead', { TITLE: 'Chat', IM: [{ VALUE: 'imol|livechat|1|67|21', VALUE_TYPE: 'IMOL' }] })
    const byPhone = await crm.findByCommunication(db, { phone: '+12025550119' })
    expect(byPhone.contacts.map((e) => e.id)).toEqual([contact])
    expect(byPhone.companies.map((e) => [e.id, e.title, e.assignedById])).toEqual([[company, 'Known Co', 1]])
    expect(byPhone.leads).toEqual([])
    const byMail = await crm.findByCommunication(db, { email: ' known@EXAMPLE.com ' })
    expect(byMail.contacts[0]).toMatchObject({ type: 'contact', id: contact, title: 'Known', assignedById: 1 })
    const byIm = await crm.findByCommunication(db, { imCode: 'imol|livechat|1|67|21' })
    expect(byIm.leads.map((e) => e.id)).toEqual([lead])
    expect(await crm.findByCommunication(db, { phone: '', email: undefined })).toEqual({ contacts: [], companies: [], leads: [] })
  })
})

describe('create and getEntity', () => {
  it('creates objects as a user, with domain field names, without rights checks', async () => {
    const guest = await t.createUser({ name: 'Line bot' })
    const id = await db.transaction().execute((tx) => crm.createLead(tx, {
      title: 'Widget customer', sourceId: 'WEB', name: 'Eve',
      phone: [{ value: '+44 20 7946 0018', valueType: 'MOBILE' }], im: [{ value: 'imol|livechat|3|9|4', valueType: 'IMOL' }],
      UF_CRM_CHANNEL: 'livechat',
    }, guest.id))
    const lead = await crm.getEntity(db, 'lead', id)
    expect(lead).toMatchObject({
      type: 'lead', id, title: 'Widget customer', assignedById: guest.id,
      values: { title: 'Widget customer', sourceId: 'WEB', name: 'Eve', statusId: 'NEW', createdById: guest.id, hasPhone: true, hasImol: true, opened: true },
      comms: { PHONE: [{ type: 'PHONE', valueType: 'MOBILE', value: '+44 20 7946 0018' }], IM: [{ value: 'imol|livechat|3|9|4' }], EMAIL: [] },
      links: { contactId: [], contactIds: [] },
      userFields: { UF_CRM_CHANNEL: 'livechat' },
    })
    expect(lead?.values.dateCreate).toBeInstanceOf(Date)
    const contact = await crm.createContact(db, { name: 'Eve', lastName: 'Adams', leadId: id }, guest.id)
    expect(await crm.getEntity(db, 'contact', contact)).toMatchObject({ title: 'Eve Adams', values: { leadId: id } })
    const company = await crm.createCompany(db, { title: 'Eve Inc', contactId: [contact] }, guest.id)
    const deal = await crm.createDeal(db, { companyId: company, contactIds: [contact] }, guest.id)
    expect(await crm.getEntity(db, 'deal', deal)).toMatchObject({ title: `Deal #${deal}`, values: { companyId: company }, links: { contactId: [contact], contactIds: [contact] } })
    expect(await crm.getEntity(db, 'deal', 999999)).toBeNull()
  })

  it('validates what other domains pass as the REST methods do', async () => {
    await expect(crm.create(db, 'company', { title: '' }, 1)).rejects.toMatchObject({ code: 'ERROR_CORE' })
    await expect(crm.create(db, 'lead', { opportunity: 'much' }, 1)).rejects.toMatchObject({ description: 'Invalid value for the "Amount" field' })
  })
})

describe('onEntityDeleted', () => {
  it('calls listeners in the deleting transaction; deletion works without any', async () => {
    const id = await add(t, 'contact', { NAME: 'Bye' })
    const seen: Array<{ type: string; id: number; stillThere: boolean }> = []
    const off = crm.onEntityDeleted(async (tx, e) => {
      seen.push({ ...e, stillThere: (await crm.getEntity(tx, e.type, e.id)) !== null })
    })
    expectOk(await t.call('crm.contact.delete', { id }), true)
    off()
    expect(seen).toEqual([{ type: 'contact', id, stillThere: false }])
    const other = await add(t, 'lead', { TITLE: 'No listener' })
    expectOk(await t.call('crm.lead.delete', { id: other }), true)
    expect(seen).toHaveLength(1)
  })

  it('rolls the deletion back when a listener fails', async () => {
    const id = await add(t, 'company', { TITLE: 'Stays' })
    const off = crm.onEntityDeleted(async () => {
      throw new Error('chat side failed')
    })
    const res = await t.call('crm.company.delete', { id })
    off()
    expect(res.status).toBe(500)
    expect(res.body.error).toBe('INTERNAL_SERVER_ERROR')
    expect((await t.call('crm.company.get', { id })).body.result.TITLE).toBe('Stays')
    expectError(await t.call('crm.company.delete', { id: id + 1000 }), 'Company is not found')
  })
})
