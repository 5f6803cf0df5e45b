import type { Executor } from '../storage/db.js'

/**
 * The CRM domain's vocabulary. Four object types share one engine: each is
 * described once by an EntityDef (its table, fields and statuses), and the
 * service, repository and REST methods are driven by that description.
 */

export type CrmType = 'lead' | 'deal' | 'contact' | 'company'

export const CRM_TYPES: readonly CrmType[] = ['lead', 'deal', 'contact', 'company']

/** Numeric ids of the object types (crm/data-types.md, "CRM Object Types"); stored in shared tables. */
export const ENTITY_TYPE_ID: Record<CrmType, number> = { lead: 1, deal: 2, contact: 3, company: 4 }

/** Multi-value communication fields (crm_multifield). */
export type CommType = 'PHONE' | 'EMAIL' | 'WEB' | 'IM' | 'LINK'

export const COMM_TYPES: readonly CommType[] = ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK']

/** Field types as crm.*.fields names them. */
export type FieldType =
  | 'integer'
  | 'string'
  | 'char'
  | 'double'
  | 'date'
  | 'datetime'
  | 'user'
  | 'location'
  | 'crm_status'
  | 'crm_currency'
  | 'crm_category'
  | 'crm_lead'
  | 'crm_contact'
  | 'crm_company'
  | 'crm_multifield'

/**
 * A link between two object types, stored as owner→target rows in crm_links
 * (a deal's contacts, a lead's contacts, a contact's companies). The first
 * link of an owner (lowest sort) is its primary one.
 */
export interface LinkSpec {
  owner: CrmType
  target: CrmType
  /** 'owner': this object owns the links (deal → contacts); 'target': it is pointed at (company ← contacts). */
  side: 'owner' | 'target'
  /** The single primary link (deprecated CONTACT_ID, a contact's COMPANY_ID), not the whole set. */
  primary?: boolean
}

/** Where a field's value lives. */
export type FieldStorage =
  | { kind: 'column' }
  | { kind: 'comm'; comm: CommType }
  | { kind: 'link'; link: LinkSpec }

export interface FieldDef {
  /** The API name, e.g. ASSIGNED_BY_ID; the column is its lowercase form. */
  name: string
  type: FieldType
  title: string
  storage: FieldStorage
  readOnly: boolean
  required: boolean
  immutable: boolean
  multiple: boolean
  deprecated: boolean
  /** Directory of a crm_status field (crm.*.fields `statusType`). */
  statusType?: string
  /** crm.*.fields `settings.parentEntityTypeId` of link fields. */
  parentEntityTypeId?: number
  /** Part of the `*` select mask (and of get). Links sets and multi-value fields are not. */
  inStar: boolean
  /** Writable only with params IMPORT=Y (contacts, companies). */
  importOnly: boolean
  /** Read-only for REST callers, but other domains may set it through the public face (LEAD_ID). */
  internalWritable: boolean
  /** Value used on add when the caller gives none. */
  defaultValue?: string | number | boolean
}

/** A status or stage of a directory and its semantic group (P in progress, S success, F failure). */
export interface StatusDef {
  id: string
  semantic: 'P' | 'S' | 'F'
}

/** Messages the pages give for a missing object, per method. */
export interface NotFoundText {
  code: string
  text: string
}

export interface EntityDef {
  type: CrmType
  typeId: number
  table: string
  /** crm.<name>.* */
  apiName: string
  fields: readonly FieldDef[]
  /** Lead statuses / deal stages (default funnel), when the type has them. */
  stages?: { field: string; semanticField: string; list: readonly StatusDef[] }
  notFound: { get: NotFoundText; update: NotFoundText; delete: NotFoundText }
  /** Title given when none is passed, `#` stands for the id ("Deal #{id}"). */
  titleTemplate?: string
}

/** A stored value: text (dates as YYYY-MM-DD, amounts as decimal text), a number, a flag, or an instant. */
export type CrmScalar = string | number | boolean | Date | null

/** One value of a multi-value field as stored. */
export interface CommEntry {
  id: number
  type: CommType
  valueType: string
  value: string
}

/** A change to a multi-value field: no id adds, an id with an empty value or `delete` removes. */
export interface CommChange {
  id?: number
  value?: string
  valueType?: string
  delete?: boolean
}

/** A CRM object as the domain sees it. Keys of `values` are camelCase field keys (assignedById). */
export interface CrmEntity {
  type: CrmType
  id: number
  /** TITLE, or the contact's full name: what a person reading a chat would call it. */
  title: string
  assignedById: number
  values: Record<string, CrmScalar>
  comms: Record<CommType, CommEntry[]>
  /** Link sets by field key (contactIds, companyIds), primary first. */
  links: Record<string, number[]>
  userFields: Record<string, unknown>
}

/**
 * What callers give to create or change an object. Keys are camelCase field
 * keys (title, assignedById, statusId, phone, contactIds) or user field names
 * (UF_CRM_...); values are plain values, arrays of ids, or CommChange lists.
 */
export type CrmInput = Record<string, unknown>

export interface UserFieldDef {
  entityType: CrmType
  fieldName: string
  userTypeId: string
  multiple: boolean
  mandatory: boolean
  label: string
  settings: Record<string, unknown>
}

/** The CRM permission setting (one row, see README "CRM permissions"). */
export interface CrmSettings {
  /** true: every employee reads every object. false: employees read their own objects and those marked OPENED=Y. */
  readAll: boolean
  /** Currency of objects created without CURRENCY_ID. */
  baseCurrency: string
}

/** Who is acting, as far as CRM rights care. */
export interface CrmViewer {
  userId: number
  isAdmin: boolean
  /** Employees use the CRM; extranet users, bots and customers do not. */
  isEmployee: boolean
}

/** Called in the deleting transaction after an object is removed. */
export type CrmDeletedListener = (tx: Executor, event: { type: CrmType; id: number }) => Promise<void>
