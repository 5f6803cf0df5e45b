import type { CommType, EntityDef, FieldDef, FieldType, LinkSpec, NotFoundText, StatusDef } from './crm.types.js'

/**
 * Builders for field definitions and the groups of fields that leads,
 * deals, contacts and companies share (crm.*.fields pages). Each entity's
 * schema file lists its own fields and splices these groups in.
 */

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'type' | 'title'>>

export function field(name: string, type: FieldType, title: string, opts: FieldOptions = {}): FieldDef {
  return {
    name,
    type,
    title,
    storage: { kind: 'column' },
    readOnly: false,
    required: false,
    immutable: false,
    multiple: false,
    deprecated: false,
    inStar: true,
    importOnly: false,
    internalWritable: false,
    ...opts,
  }
}

export const readOnly = (name: string, type: FieldType, title: string, opts: FieldOptions = {}) =>
  field(name, type, title, { readOnly: true, ...opts })

export const status = (name: string, title: string, statusType: string, defaultValue?: string) =>
  field(name, 'crm_status', title, { statusType, ...(defaultValue ? { defaultValue } : {}) })

/** A set of links (CONTACT_IDS, COMPANY_IDS, a company's CONTACT_ID): written, filtered, not part of `*`. */
export function linkSet(name: string, type: FieldType, title: string, link: LinkSpec, deprecated = false): FieldDef {
  return field(name, type, title, { storage: { kind: 'link', link }, multiple: true, inStar: false, deprecated })
}

/** The primary link of a set, shown as a single id (deprecated CONTACT_ID, a contact's COMPANY_ID). */
export function primaryLink(name: string, type: FieldType, title: string, link: Omit<LinkSpec, 'primary'>): FieldDef {
  return field(name, type, title, { storage: { kind: 'link', link: { ...link, primary: true } }, deprecated: true })
}

/** The LEAD_ID an object was converted from: read-only in REST; other domains may set it. */
export const leadLink = () =>
  readOnly('LEAD_ID', 'crm_lead', 'Lead', { parentEntityTypeId: 1, internalWritable: true })

export function addressFields(prefix: 'ADDRESS' | 'REG_ADDRESS', titlePrefix = ''): FieldDef[] {
  const t = (s: string) => (titlePrefix ? `${titlePrefix} ${s}`.trim() : s)
  return [
    field(prefix, 'string', titlePrefix || 'Address'),
    field(`${prefix}_2`, 'string', `${titlePrefix || 'Address'} (Line 2)`),
    field(`${prefix}_CITY`, 'string', t('City')),
    field(`${prefix}_POSTAL_CODE`, 'string', t('Postal Code')),
    field(`${prefix}_REGION`, 'string', t('Region')),
    field(`${prefix}_PROVINCE`, 'string', t('Province')),
    field(`${prefix}_COUNTRY`, 'string', t('Country')),
    field(`${prefix}_COUNTRY_CODE`, 'string', t('Country Code')),
    field(`${prefix}_LOC_ADDR_ID`, 'integer', t('Location Address ID')),
  ]
}

export const utmFields = (): FieldDef[] => [
  field('UTM_SOURCE', 'string', 'Advertising System'),
  field('UTM_MEDIUM', 'string', 'Traffic Type'),
  field('UTM_CAMPAIGN', 'string', 'Campaign Identifier'),
  field('UTM_CONTENT', 'string', 'Campaign Content'),
  field('UTM_TERM', 'string', 'Campaign Search Term'),
]

export const originFields = (withVersion: boolean): FieldDef[] => [
  field('ORIGINATOR_ID', 'string', 'External Source'),
  field('ORIGIN_ID', 'string', 'Identifier in External Source'),
  ...(withVersion ? [field('ORIGIN_VERSION', 'string', 'Original Version')] : []),
]

export const sourceFields = (defaultSource?: string): FieldDef[] => [
  status('SOURCE_ID', 'Source', 'SOURCE', defaultSource),
  field('SOURCE_DESCRIPTION', 'string', 'Source Description'),
]

export const personNameFields = (): FieldDef[] => [
  status('HONORIFIC', 'Salutation', 'HONORIFIC'),
  field('NAME', 'string', 'First Name'),
  field('SECOND_NAME', 'string', 'Middle Name'),
  field('LAST_NAME', 'string', 'Last Name'),
]

export const amountFields = (): FieldDef[] => [
  field('CURRENCY_ID', 'crm_currency', 'Currency'),
  field('OPPORTUNITY', 'double', 'Amount'),
  field('IS_MANUAL_OPPORTUNITY', 'char', 'IS_MANUAL_OPPORTUNITY'),
]

/**
 * Who owns and touched the object. Import mode (contacts, companies) may set
 * the creation fields; the others are kept by the server.
 */
export const auditFields = (importable: boolean): FieldDef[] => [
  field('ASSIGNED_BY_ID', 'user', 'Responsible Person'),
  readOnly('CREATED_BY_ID', 'user', 'Created By', { importOnly: importable }),
  readOnly('MODIFY_BY_ID', 'user', 'Modified By', { importOnly: importable }),
  readOnly('DATE_CREATE', 'datetime', 'Creation Date', { importOnly: importable }),
  readOnly('DATE_MODIFY', 'datetime', 'Modification Date', { importOnly: importable }),
]

export const activityFields = (): FieldDef[] => [
  readOnly('LAST_ACTIVITY_TIME', 'datetime', 'Last Activity Time'),
  readOnly('LAST_ACTIVITY_BY', 'user', 'Last Activity Author'),
]

export const stageMoveFields = (): FieldDef[] => [
  readOnly('MOVED_BY_ID', 'user', 'MOVED_BY_ID'),
  readOnly('MOVED_TIME', 'datetime', 'MOVED_TIME'),
]

const COMM_TITLES: Record<CommType, string> = { PHONE: 'Phone', EMAIL: 'E-mail', WEB: 'Website', IM: 'Messenger', LINK: 'LINK' }

/** HAS_* flags and the multi-value fields of leads, contacts and companies. */
export const communicationFields = (): FieldDef[] => [
  readOnly('HAS_PHONE', 'char', 'Phone Provided'),
  readOnly('HAS_EMAIL', 'char', 'E-mail Provided'),
  readOnly('HAS_IMOL', 'char', 'Open Line Assigned'),
  ...(Object.keys(COMM_TITLES) as CommType[]).map((comm) =>
    field(comm, 'crm_multifield', COMM_TITLES[comm], { storage: { kind: 'comm', comm }, multiple: true, inStar: false }),
  ),
]

/** A stage directory in its order: the working stages (the first is the default), then success, then failure. */
export function stageDirectory(field: string, semanticField: string, groups: { P: string[]; S: string[]; F: string[] }): EntityDef['stages'] {
  const list: StatusDef[] = (['P', 'S', 'F'] as const).flatMap((semantic) => groups[semantic].map((id) => ({ id, semantic })))
  return { field, semanticField, list }
}

/** The not-found answers of get, update and delete; most pages say "Not found" with an empty code. */
export function notFoundTexts(update = 'Not found', del: NotFoundText = { code: '', text: update }): EntityDef['notFound'] {
  return { get: { code: '', text: 'Not found' }, update: { code: '', text: update }, delete: del }
}
