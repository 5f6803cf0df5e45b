import type { EntityDef } from './crm.types.js'
import {
  activityFields, addressFields, auditFields, communicationFields, field, leadLink, linkSet, notFoundTexts,
  originFields, readOnly, status, utmFields,
} from './crm-fields.schemas.js'

/** Companies: crm/companies/*.md. Their contacts are the contacts' COMPANY_IDS links, seen from this side. */
export const companyDef: EntityDef = {
  type: 'company',
  typeId: 4,
  table: 'crm_companies',
  apiName: 'company',
  fields: [
    readOnly('ID', 'integer', 'ID'),
    status('COMPANY_TYPE', 'Company Type', 'COMPANY_TYPE', 'CUSTOMER'),
    field('TITLE', 'string', 'Company Name', { required: true }),
    leadLink(),
    ...auditFields(true),
    field('BANKING_DETAILS', 'string', 'Banking Details'),
    status('INDUSTRY', 'Industry', 'INDUSTRY', 'IT'),
    field('REVENUE', 'double', 'Annual Revenue'),
    field('CURRENCY_ID', 'crm_currency', 'Currency'),
    status('EMPLOYEES', 'Number of Employees', 'EMPLOYEES', 'EMPLOYEES_1'),
    field('COMMENTS', 'string', 'Comment'),
    field('OPENED', 'char', 'Available to Everyone', { defaultValue: true }),
    field('IS_MY_COMPANY', 'char', 'My Company'),
    ...originFields(true),
    ...addressFields('ADDRESS'),
    field('ADDRESS_LEGAL', 'string', 'Legal Address'),
    ...addressFields('REG_ADDRESS', 'Legal Address'),
    ...utmFields(),
    ...activityFields(),
    linkSet('CONTACT_ID', 'crm_contact', 'Contact', { owner: 'contact', target: 'company', side: 'target' }),
    ...communicationFields(),
  ],
  notFound: notFoundTexts('Company is not found'),
}
