import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, bx, bxDay, expectError, expectOk, testClock } from './crm-helpers.js'

const clock = testClock('2024-08-15T08:38:21Z')
let t: TestApp
beforeAll(async () => {
  t = await buildTestApp({ clock })
})
afterAll(() => t.close())

const created = bx('2024-08-15T08:38:21Z')

describe('crm.contact.*', () => {
  it('creates a contact with companies, phones and e-mails and returns the documented shape', async () => {
    const [c12, c13] = [await add(t, 'company', { TITLE: 'Twelve' }), await add(t, 'company', { TITLE: 'Thirteen' })]
    const id = await add(t, 'contact', {
      HONORIFIC: 'HNR_RU_1', NAME: 'John', SECOND_NAME: 'Doe', LAST_NAME: 'Smith', BIRTHDATE: '11.11.2001', TYPE_ID: 'PARTNER',
      SOURCE_ID: 'WEB', SOURCE_DESCRIPTION: '*Additional*', POST: 'Administrator', COMMENTS: 'Note', OPENED: 'Y', EXPORT: 'N',
      ASSIGNED_BY_ID: 1, COMPANY_ID: c12, COMPANY_IDS: [c12, c13], UTM_SOURCE: 'google',
      PHONE: [{ VALUE: '+13333333555', VALUE_TYPE: 'WORK' }, { VALUE: '+15599888666', VALUE_TYPE: 'HOME' }],
      EMAIL: [{ VALUE: 'john.smith@example.mailing', VALUE_TYPE: 'MAILING' }],
    })
    expectOk(await t.call('crm.contact.get', { id }), {
      ID: String(id), POST: 'Administrator', COMMENTS: 'Note', HONORIFIC: 'HNR_RU_1', NAME: 'John', SECOND_NAME: 'Doe', LAST_NAME: 'Smith',
      LEAD_ID: null, TYPE_ID: 'PARTNER', SOURCE_ID: 'WEB', SOURCE_DESCRIPTION: '*Additional*', COMPANY_ID: String(c12),
      BIRTHDATE: bxDay('2001-11-11'), EXPORT: 'N', HAS_PHONE: 'Y', HAS_EMAIL: 'Y', HAS_IMOL: 'N', DATE_CREATE: created, DATE_MODIFY: created,
      ASSIGNED_BY_ID: '1', CREATED_BY_ID: '1', MODIFY_BY_ID: '1', OPENED: 'Y', ORIGINATOR_ID: null, ORIGIN_ID: null, ORIGIN_VERSION: null,
      LAST_ACTIVITY_TIME: created, ADDRESS: null, ADDRESS_2: null, ADDRESS_CITY: null, ADDRESS_POSTAL_CODE: null, ADDRESS_REGION: null,
      ADDRESS_PROVINCE: null, ADDRESS_COUNTRY: null, ADDRESS_COUNTRY_CODE: null, ADDRESS_LOC_ADDR_ID: null, UTM_SOURCE: 'google',
      UTM_MEDIUM: null, UTM_CAMPAIGN: null, UTM_CONTENT: null, UTM_TERM: null, LAST_ACTIVITY_BY: '1',
      PHONE: [
        { ID: expect.any(String), VALUE_TYPE: 'WORK', VALUE: '+13333333555', TYPE_ID: 'PHONE' },
        { ID: expect.any(String), VALUE_TYPE: 'HOME', VALUE: '+15599888666', TYPE_ID: 'PHONE' },
      ],
      EMAIL: [{ ID: expect.any(String), VALUE_TYPE: 'MAILING', VALUE: 'john.smith@example.mailing', TYPE_ID: 'EMAIL' }],
    })
    const ofCompany = await t.call('crm.contact.list', { filter: { COMPANY_ID: c13 }, select: ['ID'] })
    expect(ofCompany.body.result).toEqual([{ ID: String(id) }])
  })

  it('needs a first or a last name (contacts/index.md)', async () => {
    expectError(await t.call('crm.contact.add', { fields: { POST: 'Nobody' } }), 'The field "First Name" is required.', 'ERROR_CORE')
    const id = await add(t, 'contact', { LAST_NAME: 'Only' })
    expectError(await t.call('crm.contact.update', { id, fields: { LAST_NAME: '' } }), 'The field "First Name" is required.', 'ERROR_CORE')
    expectOk(await t.call('crm.contact.update', { id, fields: { NAME: 'Now', LAST_NAME: '' } }), true)
  })

  it('sets creation fields only in import mode', async () => {
    const imported = await add(t, 'contact', { NAME: 'Old', DATE_CREATE: '2020-01-02T03:04:05+00:00', CREATED_BY_ID: 7 })
    expect((await t.call('crm.contact.get', { id: imported })).body.result).toMatchObject({ DATE_CREATE: created, CREATED_BY_ID: '1' })
    const res = await t.call('crm.contact.add', { fields: { NAME: 'Old', DATE_CREATE: '2020-01-02T03:04:05+00:00', CREATED_BY_ID: 7 }, params: { IMPORT: 'Y' } })
    expect((await t.call('crm.contact.get', { id: res.body.result })).body.result).toMatchObject({
      DATE_CREATE: bx('2020-01-02T03:04:05Z'), CREATED_BY_ID: '7', MODIFY_BY_ID: '7',
    })
  })

  it('makes COMPANY_ID the main company and keeps the others of COMPANY_IDS', async () => {
    const [a, b] = [await add(t, 'company', { TITLE: 'A' }), await add(t, 'company', { TITLE: 'B' })]
    const id = await add(t, 'contact', { NAME: 'Multi', COMPANY_IDS: [a] })
    expectOk(await t.call('crm.contact.update', { id, fields: { COMPANY_ID: b, COMPANY_IDS: [a] } }), true)
    expect((await t.call('crm.contact.get', { id })).body.result.COMPANY_ID).toBe(String(b))
    expect((await t.call('crm.contact.list', { filter: { COMPANY_ID: a }, select: ['ID'] })).body.result).toEqual([{ ID: String(id) }])
  })
})

describe('crm.company.*', () => {
  it('creates a company and returns the documented shape', async () => {
    const id = await add(t, 'company', {
      TITLE: 'John Doe LLC', COMPANY_TYPE: 'CUSTOMER', INDUSTRY: 'MANUFACTURING', EMPLOYEES: 'EMPLOYEES_2', CURRENCY_ID: 'USD',
      REVENUE: 3000000, OPENED: 'Y', ASSIGNED_BY_ID: 1, PHONE: [{ VALUE: '555888', VALUE_TYPE: 'WORK' }], BANKING_DETAILS: '7736050003',
      REG_ADDRESS_CITY: 'Riga', IS_MY_COMPANY: 'N',
    })
    expectOk(await t.call('crm.company.get', { id }), {
      ID: String(id), COMPANY_TYPE: 'CUSTOMER', TITLE: 'John Doe LLC', LEAD_ID: null, HAS_PHONE: 'Y', HAS_EMAIL: 'N', HAS_IMOL: 'N',
      ASSIGNED_BY_ID: '1', CREATED_BY_ID: '1', MODIFY_BY_ID: '1', BANKING_DETAILS: '7736050003', INDUSTRY: 'MANUFACTURING',
      REVENUE: '3000000', CURRENCY_ID: 'USD', EMPLOYEES: 'EMPLOYEES_2', COMMENTS: null, DATE_CREATE: created, DATE_MODIFY: created,
      OPENED: 'Y', IS_MY_COMPANY: 'N', ORIGINATOR_ID: null, ORIGIN_ID: null, ORIGIN_VERSION: null, ADDRESS: null, ADDRESS_2: null,
      ADDRESS_CITY: null, ADDRESS_POSTAL_CODE: null, ADDRESS_REGION: null, ADDRESS_PROVINCE: null, ADDRESS_COUNTRY: null,
      ADDRESS_COUNTRY_CODE: null, ADDRESS_LOC_ADDR_ID: null, ADDRESS_LEGAL: null, REG_ADDRESS: null, REG_ADDRESS_2: null,
      REG_ADDRESS_CITY: 'Riga', REG_ADDRESS_POSTAL_CODE: null, REG_ADDRESS_REGION: null, REG_ADDRESS_PROVINCE: null,
      REG_ADDRESS_COUNTRY: null, REG_ADDRESS_COUNTRY_CODE: null, REG_ADDRESS_LOC_ADDR_ID: null, UTM_SOURCE: null, UTM_MEDIUM: null,
      UTM_CAMPAIGN: null, UTM_CONTENT: null, UTM_TERM: null, LAST_ACTIVITY_BY: '1', LAST_ACTIVITY_TIME: created,
      PHONE: [{ ID: expect.any(String), VALUE_TYPE: 'WORK', VALUE: '555888', TYPE_ID: 'PHONE' }],
    })
  })

  it('needs a TITLE (crm.company.fields marks it required)', async () => {
    expectError(await t.call('crm.company.add', { fields: { COMPANY_TYPE: 'PARTNER' } }), 'The field "Company Name" is required.', 'ERROR_CORE')
    const id = await add(t, 'company', { TITLE: 'Named' })
    expectError(await t.call('crm.company.update', { id, fields: { TITLE: '  ' } }), 'The field "Company Name" is required.', 'ERROR_CORE')
    const fields = (await t.call('crm.company.fields')).body.result
    expect(fields.TITLE).toEqual({ type: 'string', isRequired: true, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title: 'Company Name' })
    expect(fields.CONTACT_ID).toEqual({ type: 'crm_contact', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: true, isDynamic: false, title: 'Contact' })
    expect(fields.LEAD_ID).toEqual({ type: 'crm_lead', isRequired: false, isReadOnly: true, isImmutable: false, isMultiple: false, isDynamic: false, title: 'Lead', settings: { parentEntityTypeId: 1 } })
  })

  it('links contacts through its CONTACT_ID, which the contacts then show as their company', async () => {
    const [a, b] = [await add(t, 'contact', { NAME: 'A' }), await add(t, 'contact', { NAME: 'B' })]
    const id = await add(t, 'company', { TITLE: 'Holding', CONTACT_ID: [a, b] })
    expect((await t.call('crm.contact.get', { id: a })).body.result.COMPANY_ID).toBe(String(id))
    expect((await t.call('crm.company.list', { filter: { CONTACT_ID: b }, select: ['ID'] })).body.result).toEqual([{ ID: String(id) }])
    expectOk(await t.call('crm.company.update', { id, fields: { CONTACT_ID: [b] } }), true)
    expect((await t.call('crm.contact.get', { id: a })).body.result.COMPANY_ID).toBeNull()
    expectOk(await t.call('crm.company.delete', { id }), true)
    expect((await t.call('crm.contact.get', { id: b })).body.result.COMPANY_ID).toBeNull()
  })
})

describe('repeat leads', () => {
  it('marks a lead with a company or a contact as a returning customer (leads/index.md)', async () => {
    const contact = await add(t, 'contact', { NAME: 'Known' })
    const lead = await add(t, 'lead', { TITLE: 'Again', CONTACT_ID: contact })
    expect((await t.call('crm.lead.get', { id: lead })).body.result).toMatchObject({ IS_RETURN_CUSTOMER: 'Y', CONTACT_ID: String(contact) })
    expectOk(await t.call('crm.lead.update', { id: lead, fields: { CONTACT_IDS: [] } }), true)
    expect((await t.call('crm.lead.get', { id: lead })).body.result).toMatchObject({ IS_RETURN_CUSTOMER: 'N', CONTACT_ID: null })
    const company = await add(t, 'company', { TITLE: 'Known Co' })
    expectOk(await t.call('crm.lead.update', { id: lead, fields: { COMPANY_ID: company } }), true)
    expect((await t.call('crm.lead.get', { id: lead })).body.result).toMatchObject({ IS_RETURN_CUSTOMER: 'Y', COMPANY_ID: String(company) })
  })
})
