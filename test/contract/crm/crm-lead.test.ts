import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, bx, bxDay, expectError, expectOk, testClock, timeShape } from './crm-helpers.js'

const clock = testClock('2024-05-23T16:18:25Z')
let t: TestApp
beforeAll(async () => {
  t = await buildTestApp({ clock })
})
afterAll(() => t.close())

const created = bx('2024-05-23T16:18:25Z')

describe('crm.lead.add / crm.lead.get', () => {
  it('creates a lead and returns it in the documented shape', async () => {
    const res = await t.call('crm.lead.add', {
      fields: {
        TITLE: 'IP Titov', NAME: 'Gleb', SECOND_NAME: 'Egorovich', LAST_NAME: 'Titov', STATUS_ID: 'NEW', OPENED: 'Y',
        ASSIGNED_BY_ID: 1, CURRENCY_ID: 'EUR', OPPORTUNITY: 12500, SOURCE_ID: 'WEB', BIRTHDATE: '1989-07-14', POST: 'Director',
        COMMENTS: 'Call back', COMPANY_TITLE: 'Titov LLC', UTM_SOURCE: 'google', ADDRESS_CITY: 'Berlin', HONORIFIC: 'HNR_EN_1',
        PHONE: [{ VALUE: '555888', VALUE_TYPE: 'WORK' }], WEB: [{ VALUE: 'www.mysite.com', VALUE_TYPE: 'WORK' }],
        IM: [{ VALUE: 'imol|livechat|1|67|21', VALUE_TYPE: 'OPENLINE' }],
        NO_SUCH_FIELD: 'ignored', IS_RETURN_CUSTOMER: 'Y', DATE_CREATE: '2020-01-01',
      },
      params: { REGISTER_SONET_EVENT: 'Y' },
    })
    expect(res.body).toEqual({ result: expect.any(Number), time: timeShape })
    const id = res.body.result
    const got = await t.call('crm.lead.get', { id })
    expectOk(got, {
      ID: String(id), TITLE: 'IP Titov', HONORIFIC: 'HNR_EN_1', NAME: 'Gleb', SECOND_NAME: 'Egorovich', LAST_NAME: 'Titov',
      COMPANY_TITLE: 'Titov LLC', COMPANY_ID: null, CONTACT_ID: null, IS_RETURN_CUSTOMER: 'N', BIRTHDATE: bxDay('1989-07-14'),
      SOURCE_ID: 'WEB', SOURCE_DESCRIPTION: null, STATUS_ID: 'NEW', STATUS_DESCRIPTION: null, POST: 'Director', COMMENTS: 'Call back',
      CURRENCY_ID: 'EUR', OPPORTUNITY: '12500.00', IS_MANUAL_OPPORTUNITY: 'N', HAS_PHONE: 'Y', HAS_EMAIL: 'N', HAS_IMOL: 'Y',
      ASSIGNED_BY_ID: '1', CREATED_BY_ID: '1', MODIFY_BY_ID: '1', DATE_CREATE: created, DATE_MODIFY: created, DATE_CLOSED: '',
      STATUS_SEMANTIC_ID: 'P', OPENED: 'Y', ORIGINATOR_ID: null, ORIGIN_ID: null, MOVED_BY_ID: '1', MOVED_TIME: created,
      ADDRESS: null, ADDRESS_2: null, ADDRESS_CITY: 'Berlin', ADDRESS_POSTAL_CODE: null, ADDRESS_REGION: null, ADDRESS_PROVINCE: null,
      ADDRESS_COUNTRY: null, ADDRESS_COUNTRY_CODE: null, ADDRESS_LOC_ADDR_ID: null,
      UTM_SOURCE: 'google', UTM_MEDIUM: null, UTM_CAMPAIGN: null, UTM_CONTENT: null, UTM_TERM: null,
      LAST_ACTIVITY_BY: '1', LAST_ACTIVITY_TIME: created,
      PHONE: [{ ID: expect.stringMatching(/^\d+$/), VALUE_TYPE: 'WORK', VALUE: '555888', TYPE_ID: 'PHONE' }],
      WEB: [{ ID: expect.stringMatching(/^\d+$/), VALUE_TYPE: 'WORK', VALUE: 'www.mysite.com', TYPE_ID: 'WEB' }],
      IM: [{ ID: expect.stringMatching(/^\d+$/), VALUE_TYPE: 'OPENLINE', VALUE: 'imol|livechat|1|67|21', TYPE_ID: 'IM' }],
    })
  })

  it('fills the documented defaults: status NEW, the base currency, the caller as responsible', async () => {
    const u = await t.createUser()
    const id = await add(t, 'lead', {}, u.hook)
    const got = (await t.call('crm.lead.get', { ID: id })).body.result
    expect(got).toMatchObject({ TITLE: null, STATUS_ID: 'NEW', STATUS_SEMANTIC_ID: 'P', CURRENCY_ID: 'USD', OPPORTUNITY: '0.00', ASSIGNED_BY_ID: String(u.id), CREATED_BY_ID: String(u.id), OPENED: 'Y' })
    expect(got).not.toHaveProperty('PHONE')
  })

  it('reads form-encoded fields, PHP-style multi-value keys and upper-case parameter names', async () => {
    const body = 'FIELDS[TITLE]=Form&FIELDS[OPPORTUNITY]=99.5&FIELDS[OPENED]=N&FIELDS[PHONE][n0][VALUE]=%2B7 999&FIELDS[PHONE][n0][VALUE_TYPE]=MOBILE'
    const res = await t.app.inject({ method: 'POST', url: `${t.adminHook}crm.lead.add`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body })
    const id = res.json().result
    const got = (await t.call('crm.lead.get', { id: String(id) })).body.result
    expect(got).toMatchObject({ TITLE: 'Form', OPPORTUNITY: '99.50', OPENED: 'N', PHONE: [{ ID: expect.any(String), VALUE_TYPE: 'MOBILE', VALUE: '+7 999', TYPE_ID: 'PHONE' }] })
  })

  it('refuses a value of the wrong type and writes nothing', async () => {
    expectError(await t.call('crm.lead.add', { fields: { TITLE: 'x', OPPORTUNITY: 'lots' } }), 'Invalid value for the "Amount" field')
    expectError(await t.call('crm.lead.add', { fields: { TITLE: 'x', CURRENCY_ID: 'dollars' } }), 'Invalid value for the "Currency" field')
    expectError(await t.call('crm.lead.add', { fields: { TITLE: 'x', BIRTHDATE: '31.02.2000' } }), 'Invalid value for the "Birthdate" field')
    expectError(await t.call('crm.lead.add', { fields: { TITLE: 'x', EMAIL: [{ VALUE: 'not-an-address', VALUE_TYPE: 'WORK' }] } }), 'The field "Work e-mail" contains an invalid address', 'ERROR_CORE')
    const list = await t.call('crm.lead.list', { filter: { TITLE: 'x' } })
    expect(list.body.result).toEqual([])
  })
})

describe('crm.lead.update', () => {
  it('changes only the given fields, records who and when, and moves between statuses', async () => {
    const id = await add(t, 'lead', { TITLE: 'Before', NAME: 'Ann', STATUS_ID: 'NEW' })
    const u = await t.createUser({ isAdmin: true })
    clock.advance(60)
    expectOk(await t.call('crm.lead.update', { id, fields: { TITLE: 'After', STATUS_ID: 'CONVERTED', ID: 777, CREATED_BY_ID: 55 } }, u.hook), true)
    const got = (await t.call('crm.lead.get', { id })).body.result
    const later = bx('2024-05-23T16:19:25Z')
    expect(got).toMatchObject({
      ID: String(id), TITLE: 'After', NAME: 'Ann', STATUS_ID: 'CONVERTED', STATUS_SEMANTIC_ID: 'S', DATE_CLOSED: later,
      MOVED_BY_ID: String(u.id), MOVED_TIME: later, MODIFY_BY_ID: String(u.id), DATE_MODIFY: later, CREATED_BY_ID: '1',
    })
    expectOk(await t.call('crm.lead.update', { id, fields: { STATUS_ID: 'IN_PROCESS' } }), true)
    expect((await t.call('crm.lead.get', { id })).body.result).toMatchObject({ STATUS_ID: 'IN_PROCESS', STATUS_SEMANTIC_ID: 'P', DATE_CLOSED: '' })
  })

  it('ignores a status that is not in the directory', async () => {
    const id = await add(t, 'lead', { STATUS_ID: 'PROCESSED' })
    expectOk(await t.call('crm.lead.update', { id, fields: { STATUS_ID: 'NO_SUCH' } }), true)
    expect((await t.call('crm.lead.get', { id })).body.result.STATUS_ID).toBe('PROCESSED')
    const other = await add(t, 'lead', { STATUS_ID: 'NO_SUCH' })
    expect((await t.call('crm.lead.get', { id: other })).body.result.STATUS_ID).toBe('NEW')
  })

})

describe('crm.lead.delete', () => {
  it('deletes the lead with its multi-value fields', async () => {
    const id = await add(t, 'lead', { TITLE: 'Gone', PHONE: [{ VALUE: '+100200300' }] })
    expectOk(await t.call('crm.lead.delete', { id }), true)
    expectError(await t.call('crm.lead.get', { id }), 'Not found')
    expect((await t.call('crm.lead.list', { filter: { PHONE: '100200300' } })).body.result).toEqual([])
  })
})

describe('crm.lead.fields', () => {
  it('describes every standard field as crm_rest_field_description', async () => {
    const res = await t.call('crm.lead.fields')
    expect(res.status).toBe(200)
    const fields = res.body.result
    expect(fields.ID).toEqual({ type: 'integer', isRequired: false, isReadOnly: true, isImmutable: false, isMultiple: false, isDynamic: false, title: 'ID' })
    expect(fields.STATUS_ID).toEqual({ type: 'crm_status', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, statusType: 'STATUS', title: 'Stage' })
    expect(fields.COMPANY_ID).toEqual({ type: 'crm_company', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title: 'Company', settings: { parentEntityTypeId: 4 } })
    expect(fields.CONTACT_ID).toEqual({ type: 'crm_contact', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, isDeprecated: true, title: 'Contact' })
    expect(fields.CONTACT_IDS).toMatchObject({ type: 'crm_contact', isMultiple: true })
    expect(fields.PHONE).toEqual({ type: 'crm_multifield', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: true, isDynamic: false, title: 'Phone' })
    expect(Object.keys(fields)).toEqual(expect.arrayContaining([
      'TITLE', 'HONORIFIC', 'NAME', 'SECOND_NAME', 'LAST_NAME', 'BIRTHDATE', 'COMPANY_TITLE', 'SOURCE_ID', 'SOURCE_DESCRIPTION', 'STATUS_DESCRIPTION',
      'STATUS_SEMANTIC_ID', 'POST', 'ADDRESS', 'ADDRESS_2', 'ADDRESS_CITY', 'ADDRESS_POSTAL_CODE', 'ADDRESS_REGION', 'ADDRESS_PROVINCE', 'ADDRESS_COUNTRY',
      'ADDRESS_COUNTRY_CODE', 'ADDRESS_LOC_ADDR_ID', 'CURRENCY_ID', 'OPPORTUNITY', 'IS_MANUAL_OPPORTUNITY', 'OPENED', 'COMMENTS', 'HAS_PHONE', 'HAS_EMAIL',
      'HAS_IMOL', 'ASSIGNED_BY_ID', 'CREATED_BY_ID', 'MODIFY_BY_ID', 'MOVED_BY_ID', 'DATE_CREATE', 'DATE_MODIFY', 'MOVED_TIME', 'IS_RETURN_CUSTOMER',
      'DATE_CLOSED', 'ORIGINATOR_ID', 'ORIGIN_ID', 'UTM_SOURCE', 'UTM_MEDIUM', 'UTM_CAMPAIGN', 'UTM_CONTENT', 'UTM_TERM', 'LAST_ACTIVITY_TIME',
      'LAST_ACTIVITY_BY', 'EMAIL', 'WEB', 'IM', 'LINK',
    ]))
  })
})
