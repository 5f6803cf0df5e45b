import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, expectError, expectOk } from './crm-helpers.js'

/** PHONE, EMAIL, WEB, IM: the update rules of crm-contact-update.md, lookups and the HAS_* flags. */

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

type Entry = { ID: string; VALUE_TYPE: string; VALUE: string; TYPE_ID: string }

async function phones(type: string, id: number): Promise<Entry[]> {
  return (await t.call(`crm.${type}.get`, { id })).body.result.PHONE ?? []
}

describe('updating a multi-value field', () => {
  it('changes a value by ID, deletes by DELETE=Y, by an empty VALUE or by an ID alone, and adds values without ID', async () => {
    const id = await add(t, 'contact', { NAME: 'Multi', PHONE: ['111111', '222222', '333333', '44444'].map((VALUE) => ({ VALUE, VALUE_TYPE: 'WORK' })) })
    const [p1, p2, p3, p4] = await phones('contact', id)
    expectOk(await t.call('crm.contact.update', { id, fields: { PHONE: [{ ID: p1.ID, VALUE: '444444', VALUE_TYPE: 'MOBILE' }] } }), true)
    expect(await phones('contact', id)).toEqual([{ ...p1, VALUE: '444444', VALUE_TYPE: 'MOBILE' }, p2, p3, p4])
    expectOk(await t.call('crm.contact.update', { id, fields: { PHONE: [{ ID: p1.ID, DELETE: 'Y' }, { ID: p2.ID, VALUE: '' }, { ID: p3.ID }] } }), true)
    expect(await phones('contact', id)).toEqual([p4])
    expectOk(await t.call('crm.contact.update', { id, fields: { PHONE: [{ VALUE: '55555', VALUE_TYPE: 'WORK' }] } }), true)
    expect(await phones('contact', id)).toEqual([p4, { ID: expect.any(String), VALUE_TYPE: 'WORK', VALUE: '55555', TYPE_ID: 'PHONE' }])
  })

  it('keeps the value type when a change gives none, and defaults WORK for new values', async () => {
    const id = await add(t, 'lead', { PHONE: [{ VALUE: '1', VALUE_TYPE: 'HOME' }, { VALUE: '2' }] })
    const [a, b] = await phones('lead', id)
    expect(b.VALUE_TYPE).toBe('WORK')
    expectOk(await t.call('crm.lead.update', { id, fields: { PHONE: [{ ID: a.ID, VALUE: '3' }] } }), true)
    expect((await phones('lead', id))[0]).toEqual({ ...a, VALUE: '3' })
  })

  it('does not touch another object\'s value given by ID', async () => {
    const owner = await add(t, 'lead', { PHONE: [{ VALUE: '777' }] })
    const [theirs] = await phones('lead', owner)
    const other = await add(t, 'lead', { TITLE: 'other' })
    expectOk(await t.call('crm.lead.update', { id: other, fields: { PHONE: [{ ID: theirs.ID, DELETE: 'Y' }, { ID: theirs.ID, VALUE: '9' }] } }), true)
    expect(await phones('lead', owner)).toEqual([theirs])
    expect(await phones('lead', other)).toEqual([])
  })

  it('keeps HAS_PHONE, HAS_EMAIL and HAS_IMOL in step with the values', async () => {
    const id = await add(t, 'contact', { NAME: 'Flags', EMAIL: [{ VALUE: 'Flags@Example.com' }], IM: [{ VALUE: 'imol|telegrambot|2|55|9', VALUE_TYPE: 'IMOL' }] })
    const first = (await t.call('crm.contact.get', { id })).body.result
    expect(first).toMatchObject({ HAS_PHONE: 'N', HAS_EMAIL: 'Y', HAS_IMOL: 'Y' })
    expectOk(await t.call('crm.contact.update', { id, fields: { EMAIL: [{ ID: first.EMAIL[0].ID, DELETE: 'Y' }], PHONE: [{ VALUE: '+49 30 1234' }] } }), true)
    expect((await t.call('crm.contact.get', { id })).body.result).toMatchObject({ HAS_PHONE: 'Y', HAS_EMAIL: 'N', HAS_IMOL: 'Y' })
  })

  it('refuses an invalid e-mail and entries that are not objects', async () => {
    const id = await add(t, 'company', { TITLE: 'Mail' })
    expectError(await t.call('crm.company.update', { id, fields: { EMAIL: [{ VALUE: 'broken@', VALUE_TYPE: 'HOME' }] } }), 'The field "Personal e-mail" contains an invalid address', 'ERROR_CORE')
    expectError(await t.call('crm.company.update', { id, fields: { PHONE: ['555'] } }), 'Invalid value for the "Phone" field')
    expectError(await t.call('crm.company.update', { id, fields: { PHONE: 'x' } }), 'Invalid value for the "Phone" field')
  })
})

describe('filtering by a multi-value field', () => {
  it('matches phones by their digits and e-mails regardless of case, exactly', async () => {
    const id = await add(t, 'contact', { NAME: 'Find me', PHONE: [{ VALUE: '+7 (495) 123-45-67' }], EMAIL: [{ VALUE: 'Find.Me@Example.com' }], WEB: [{ VALUE: 'example.com' }] })
    const ids = async (filter: Record<string, unknown>) => (await t.call('crm.contact.list', { filter, select: ['ID'] })).body.result.map((r: { ID: string }) => Number(r.ID))
    expect(await ids({ PHONE: '74951234567' })).toEqual([id])
    expect(await ids({ PHONE: '+7 495 1234567' })).toEqual([id])
    expect(await ids({ PHONE: '4951234567' })).toEqual([])
    expect(await ids({ EMAIL: 'find.me@example.COM' })).toEqual([id])
    expect(await ids({ WEB: 'example.com', NAME: 'Find me' })).toEqual([id])
    expect(await ids({ '!EMAIL': 'find.me@example.com', NAME: 'Find me' })).toEqual([])
  })

  it('searches them by substring (%) and pattern (=%), and excludes with !%', async () => {
    const id = await add(t, 'contact', { NAME: 'Like me', PHONE: [{ VALUE: '+1 (212) 555-0142' }], EMAIL: [{ VALUE: 'Like.Me@Mail.example' }] })
    const ids = async (filter: Record<string, unknown>) => (await t.call('crm.contact.list', { filter: { NAME: 'Like me', ...filter }, select: ['ID'] })).body.result.map((r: { ID: string }) => Number(r.ID))
    expect(await ids({ '%PHONE': '555-01' })).toEqual([id])
    expect(await ids({ '=%PHONE': '1212%' })).toEqual([id])
    expect(await ids({ '=%PHONE': '212%' })).toEqual([])
    expect(await ids({ '%EMAIL': 'MAIL.example' })).toEqual([id])
    expect(await ids({ '=%EMAIL': '%@mail.example' })).toEqual([id])
    expect(await ids({ '!%EMAIL': 'like.me' })).toEqual([])
  })
})
