import type { EntityDef } from './crm.types.js'
import {
  activityFields, amountFields, auditFields, field, leadLink, linkSet, notFoundTexts, originFields, primaryLink,
  readOnly, sourceFields, stageDirectory, stageMoveFields, status, utmFields,
} from './crm-fields.schemas.js'

const contacts = { owner: 'deal', target: 'contact', side: 'owner' } as const

/**
 * Deals: crm/deals/*.md. Only the default funnel (CATEGORY_ID 0) exists here,
 * since funnels are managed by crm.category.*, which this server does not have.
 */
export const dealDef: EntityDef = {
  type: 'deal',
  typeId: 2,
  table: 'crm_deals',
  apiName: 'deal',
  fields: [
    readOnly('ID', 'integer', 'ID'),
    field('TITLE', 'string', 'Title'),
    status('TYPE_ID', 'Type', 'DEAL_TYPE', 'SALE'),
    status('STAGE_ID', 'Deal Stage', 'DEAL_STAGE', 'NEW'),
    field('PROBABILITY', 'integer', 'Probability'),
    ...amountFields(),
    field('TAX_VALUE', 'double', 'Tax Rate'),
    leadLink(),
    field('COMPANY_ID', 'crm_company', 'Company', { parentEntityTypeId: 4 }),
    primaryLink('CONTACT_ID', 'crm_contact', 'Contact', contacts),
    field('BEGINDATE', 'date', 'Start Date'),
    field('CLOSEDATE', 'date', 'Close Date'),
    ...auditFields(false),
    field('OPENED', 'char', 'Available to All', { defaultValue: true }),
    field('CLOSED', 'char', 'Closed'),
    field('COMMENTS', 'string', 'Comment'),
    field('ADDITIONAL_INFO', 'string', 'Additional Information'),
    field('LOCATION_ID', 'location', 'Location'),
    field('CATEGORY_ID', 'crm_category', 'Sales Funnel', { immutable: true }),
    readOnly('STAGE_SEMANTIC_ID', 'string', 'Stage Group'),
    readOnly('IS_NEW', 'char', 'New Deal'),
    field('IS_RECURRING', 'char', 'Recurring Deal'),
    field('IS_RETURN_CUSTOMER', 'char', 'Repeat Deal'),
    field('IS_REPEATED_APPROACH', 'char', 'Repeated Approach'),
    ...sourceFields('CALL'),
    ...originFields(false),
    ...stageMoveFields(),
    ...activityFields(),
    ...utmFields(),
    linkSet('CONTACT_IDS', 'crm_contact', 'Contacts', contacts),
  ],
  stages: stageDirectory('STAGE_ID', 'STAGE_SEMANTIC_ID', {
    P: ['NEW', 'PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE'],
    S: ['WON'],
    F: ['LOSE', 'APOLOGY'],
  }),
  notFound: notFoundTexts(),
  titleTemplate: 'Deal #',
}
