/**
 * The CRM domain's public face. Other domains reach leads, deals, contacts
 * and companies through `deps.crm` (a CrmService) with these types; they do
 * not import the CRM's files directly.
 *
 *   deps.crm.findByCommunication(tx, { phone, email, imCode })  → matching contacts, companies, leads
 *   deps.crm.create(tx, 'lead', { title, sourceId, phone: [{ value }] }, actorUserId) → new id
 *   deps.crm.getEntity(tx, 'contact', id)                        → CrmEntity | null
 *   deps.crm.onEntityDeleted((tx, { type, id }) => ...)          → called when an object is deleted
 */
export { createCrmService } from './crm.service.js'
export type { CrmService, ListParams, ListResult } from './crm.service.js'
export type { CommQuery, CrmMatches } from './crm-read.service.js'
export type {
  CommChange, CommEntry, CommType, CrmDeletedListener, CrmEntity, CrmInput, CrmScalar, CrmSettings, CrmType,
} from './crm.types.js'
export { CRM_TYPES, ENTITY_TYPE_ID } from './crm.types.js'
export { crmMethods } from './crm.methods.js'
