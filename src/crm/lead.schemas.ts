import type { EntityDef } from './crm.types.js'
import {
  activityFields, addressFields, amountFields, auditFields, communicationFields, field, linkSet, notFoundTexts,
  originFields, personNameFields, primaryLink, readOnly, sourceFields, stageDirectory, stageMoveFields, status,
  utmFields,
} from './crm-fields.schemas.js'

const contacts = { owner: 'lead', target: 'contact', side: 'owner' } as const

/** Leads: crm/leads/*.md. Stages are the documented default lead statuses. */
export const leadDef: EntityDef = {
  type: 'lead',
  typeId: 1,
  table: 'crm_leads',
  apiName: 'lead',
  fields: [
    readOnly('ID', 'integer', 'ID'),
    field('TITLE', 'string', 'Lead Title'),
    ...personNameFields(),
    field('COMPANY_TITLE', 'string', 'Company Name'),
    field('COMPANY_ID', 'crm_company', 'Company', { parentEntityTypeId: 4 }),
    primaryLink('CONTACT_ID', 'crm_contact', 'Contact', contacts),
    readOnly('IS_RETURN_CUSTOMER', 'char', 'Returning Lead'),
    field('BIRTHDATE', 'date', 'Birthdate'),
    ...sourceFields(),
    status('STATUS_ID', 'Stage', 'STATUS', 'NEW'),
    field('STATUS_DESCRIPTION', 'string', 'Stage Description'),
    field('POST', 'string', 'Position'),
    field('COMMENTS', 'string', 'Comments'),
    ...amountFields(),
    ...auditFields(false),
    readOnly('DATE_CLOSED', 'datetime', 'Closing Date'),
    readOnly('STATUS_SEMANTIC_ID', 'string', 'Status Semantic'),
    field('OPENED', 'char', 'Available to All', { defaultValue: true }),
    ...originFields(false),
    ...stageMoveFields(),
    ...addressFields('ADDRESS'),
    ...utmFields(),
    ...activityFields(),
    linkSet('CONTACT_IDS', 'crm_contact', 'CONTACT_IDS', contacts),
    ...communicationFields(),
  ],
  stages: stageDirectory('STATUS_ID', 'STATUS_SEMANTIC_ID', { P: ['NEW', 'IN_PROCESS', 'PROCESSED'], S: ['CONVERTED'], F: ['JUNK'] }),
  notFound: notFoundTexts(),
}
