import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { add, bx, bxDay, expectError, expectOk, testClock } from './crm-helpers.js'

const clock = testClock('2024-08-30T12:29:00Z')
let t: TestApp
beforeAll(async () => {
  t = await buildTestApp({ clock })
})
afterAll(() => t.close())

const created = bx('2024-08-30T12:29:00Z')

describe('crm.deal.add / crm.deal.get', () => {
  it('creates a deal linked to a company and contacts and returns the documented shape', async () => {
    const company = await add(t, 'company', { TITLE: 'Acme' })
    const c1 = await add(t, 'contact', { NAME: 'One' })
    const c2 = await add(t, 'contact', { NAME: 'Two' })
    const id = await add(t, 'deal', {
      TITLE: 'New Deal #1', TYPE_ID: 'COMPLEX', STAGE_ID: 'PREPARATION', PROBABILITY: '99', CURRENCY_ID: 'EUR', OPPORTUNITY: 1000000,
      IS_MANUAL_OPPORTUNITY: 'Y', COMPANY_ID: company, CONTACT_IDS: [c2, c1], BEGINDATE: '2024-08-30', CLOSEDATE: '09.09.2024',
      COMMENTS: '[B]Example comment[/B]', ADDITIONAL_INFO: 'Additional information', SOURCE_ID: 'CALLBACK',
      SOURCE_DESCRIPTION: 'Additional source information', UTM_SOURCE: 'google', UTM_MEDIUM: 'CPC', IS_RECURRING: 'N',
    })
    expectOk(await t.call('crm.deal.get', { id }), {
      ID: String(id), TITLE: 'New Deal #1', TYPE_ID: 'COMPLEX', STAGE_ID: 'PREPARATION', PROBABILITY: '99', CURRENCY_ID: 'EUR',
      OPPORTUNITY: '1000000.00', IS_MANUAL_OPPORTUNITY: 'Y', TAX_VALUE: '0.00', LEAD_ID: null, COMPANY_ID: String(company),
      CONTACT_ID: String(c2), BEGINDATE: bxDay('2024-08-30'), CLOSEDATE: bxDay('2024-09-09'), ASSIGNED_BY_ID: '1', CREATED_BY_ID: '1',
      MODIFY_BY_ID: '1', DATE_CREATE: created, DATE_MODIFY: created, OPENED: 'Y', CLOSED: 'N', COMMENTS: '[B]Example comment[/B]',
      ADDITIONAL_INFO: 'Additional information', LOCATION_ID: null, CATEGORY_ID: '0', STAGE_SEMANTIC_ID: 'P', IS_NEW: 'N',
      IS_RECURRING: 'N', IS_RETURN_CUSTOMER: 'N', IS_REPEATED_APPROACH: 'N', SOURCE_ID: 'CALLBACK',
      SOURCE_DESCRIPTION: 'Additional source information', ORIGINATOR_ID: null, ORIGIN_ID: null, MOVED_BY_ID: '1', MOVED_TIME: created,
      LAST_ACTIVITY_TIME: created, UTM_SOURCE: 'google', UTM_MEDIUM: 'CPC', UTM_CAMPAIGN: null, UTM_CONTENT: null, UTM_TERM: null,
      LAST_ACTIVITY_BY: '1',
    })
  })

  it('fills the documented defaults: "Deal #id", first type and stage, today and a week later, the default funnel', async () => {
    const id = await add(t, 'deal', { CATEGORY_ID: 5 })
    expect((await t.call('crm.deal.get', { id })).body.result).toMatchObject({
      TITLE: `Deal #${id}`, TYPE_ID: 'SALE', STAGE_ID: 'NEW', STAGE_SEMANTIC_ID: 'P', IS_NEW: 'Y', CLOSED: 'N', CATEGORY_ID: '0',
      SOURCE_ID: 'CALL', OPPORTUNITY: '0.00', BEGINDATE: bxDay('2024-08-30'), CLOSEDATE: bxDay('2024-09-06'), CURRENCY_ID: 'USD',
    })
  })

  it('refuses an invalid currency with the page\'s message', async () => {
    expectError(await t.call('crm.deal.add', { fields: { CURRENCY_ID: 'euro' } }), 'Invalid value for the "Currency" field')
  })
})

describe('crm.deal.update', () => {
  it('closes the deal on a won or lost stage and reopens it on a working one', async () => {
    const id = await add(t, 'deal', { TITLE: 'Stages' })
    clock.advance(10)
    expectOk(await t.call('crm.deal.update', { id, fields: { STAGE_ID: 'WON' } }), true)
    expect((await t.call('crm.deal.get', { id })).body.result).toMatchObject({ STAGE_ID: 'WON', STAGE_SEMANTIC_ID: 'S', CLOSED: 'Y', IS_NEW: 'N', MOVED_TIME: bx('2024-08-30T12:29:10Z') })
    expectOk(await t.call('crm.deal.update', { id, fields: { STAGE_ID: 'APOLOGY' } }), true)
    expect((await t.call('crm.deal.get', { id })).body.result).toMatchObject({ STAGE_SEMANTIC_ID: 'F', CLOSED: 'Y' })
    expectOk(await t.call('crm.deal.update', { id, fields: { STAGE_ID: 'NEW' } }), true)
    expect((await t.call('crm.deal.get', { id })).body.result).toMatchObject({ STAGE_SEMANTIC_ID: 'P', CLOSED: 'N', IS_NEW: 'Y' })
  })

  it('leaves the stage when given one of another funnel, and never changes the funnel', async () => {
    const id = await add(t, 'deal', { STAGE_ID: 'EXECUTING' })
    expectOk(await t.call('crm.deal.update', { id, fields: { STAGE_ID: 'C1:NEW', CATEGORY_ID: 1 } }), true)
    expect((await t.call('crm.deal.get', { id })).body.result).toMatchObject({ STAGE_ID: 'EXECUTING', CATEGORY_ID: '0' })
  })

  it('replaces the contacts with CONTACT_IDS, or with the one CONTACT_ID, and clears COMPANY_ID with 0', async () => {
    const company = await add(t, 'company', { TITLE: 'Linked' })
    const [a, b, c] = [await add(t, 'contact', { NAME: 'A' }), await add(t, 'contact', { NAME: 'B' }), await add(t, 'contact', { NAME: 'C' })]
    const id = await add(t, 'deal', { CONTACT_IDS: [a, b], COMPANY_ID: company })
    expectOk(await t.call('crm.deal.update', { id, fields: { CONTACT_IDS: [c, a] } }), true)
    expect((await t.call('crm.deal.get', { id })).body.result.CONTACT_ID).toBe(String(c))
    expect((await t.call('crm.deal.list', { filter: { CONTACT_ID: b }, select: ['ID'] })).body.result).toEqual([])
    expectOk(await t.call('crm.deal.update', { id, fields: { CONTACT_ID: b, COMPANY_ID: 0 } }), true)
    expect((await t.call('crm.deal.get', { id })).body.result).toMatchObject({ CONTACT_ID: String(b), COMPANY_ID: null })
    expect((await t.call('crm.deal.list', { filter: { CONTACT_ID: a }, select: ['ID'] })).body.result).toEqual([])
  })
})

describe('links to deleted objects', () => {
  it('drops the company and the contact from a deal when they are deleted', async () => {
    const company = await add(t, 'company', { TITLE: 'Short-lived' })
    const contact = await add(t, 'contact', { NAME: 'Short-lived' })
    const id = await add(t, 'deal', { COMPANY_ID: company, CONTACT_ID: contact })
    await t.call('crm.company.delete', { id: company })
    await t.call('crm.contact.delete', { id: contact })
    expect((await t.call('crm.deal.get', { id })).body.result).toMatchObject({ COMPANY_ID: null, CONTACT_ID: null })
  })

  it('ignores links to objects that do not exist', async () => {
    const id = await add(t, 'deal', { COMPANY_ID: 987654, CONTACT_IDS: [987654] })
    expect((await t.call('crm.deal.get', { id })).body.result).toMatchObject({ COMPANY_ID: null, CONTACT_ID: null })
  })

  it('refuses a link id that is not a number', async () => {
    expectError(await t.call('crm.deal.add', { fields: { CONTACT_IDS: ['abc'] } }), 'Invalid value for the "Contacts" field')
  })
})
