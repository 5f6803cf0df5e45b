import type { EntityDef } from './crm.types.js'
import {
  activityFields, amountFields, auditFields, field, leadLink, linkSet, originFields, primaryLink, readOnly,
  sourceFields, stageMoveFields, status, utmFields,
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
  stages: {
    field: 'STAGE_ID',
    semanticField: 'STAGE_SEMANTIC_ID',
    list: [
      { id: 'NEW', name: 'New', semantic: 'P' },
      { id: 'PREPARATION', name: 'Preparing documents', semantic: 'P' },
      { id: 'PREPAYMENT_INVOICE', name: 'Prepayment invoice', semantic: 'P' },
      { id: 'EXECUTING', name: 'In progress', semantic: 'P' },
      { id: 'FINAL_INVOICE', name: 'Final invoice', semantic: 'P' },
      { id: 'WON', name: 'Deal won', semantic: 'S' },
      { id: 'LOSE', name: 'Deal lost', semantic: 'F' },
      { id: 'APOLOGY', name: 'Analyze failure', semantic: 'F' },
    ],
  },
  notFound: {
    get: { code: '', text: 'Not found' },
    update: { code: '', text: 'Not found' },
    delete: { code: '', text: 'Not found' },
  },
  titleTemplate: 'Deal #',
}
