import type { EntityDef } from './crm.types.js'
import {
  activityFields, addressFields, auditFields, communicationFields, field, leadLink, linkSet, notFoundTexts,
  originFields, personNameFields, primaryLink, readOnly, sourceFields, status, utmFields,
} from './crm-fields.schemas.js'

const companies = { owner: 'contact', target: 'company', side: 'owner' } as const

/** Contacts: crm/contacts/*.md. A contact needs NAME or LAST_NAME (contacts/index.md). */
export const contactDef: EntityDef = {
  type: 'contact',
  typeId: 3,
  table: 'crm_contacts',
  apiName: 'contact',
  fields: [
    readOnly('ID', 'integer', 'ID'),
    field('POST', 'string', 'Position'),
    field('COMMENTS', 'string', 'Comment'),
    ...personNameFields(),
    leadLink(),
    status('TYPE_ID', 'Contact Type', 'CONTACT_TYPE', 'CLIENT'),
    ...sourceFields('CALL'),
    primaryLink('COMPANY_ID', 'crm_company', 'Company', companies),
    field('BIRTHDATE', 'date', 'Birthdate'),
    field('EXPORT', 'char', 'Participates in Contact Export', { defaultValue: true }),
    ...auditFields(true),
    field('OPENED', 'char', 'Available to All', { defaultValue: true }),
    ...originFields(true),
    ...addressFields('ADDRESS'),
    ...utmFields(),
    ...activityFields(),
    linkSet('COMPANY_IDS', 'crm_company', 'COMPANY_IDS', companies),
    ...communicationFields(),
  ],
  notFound: notFoundTexts('Contact is not found', { code: 'ERROR_CORE', text: 'Element not found' }),
}
