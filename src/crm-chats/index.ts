/**
 * Chats and CRM: open-line chats bound to leads, deals, contacts and
 * companies. Wired once in container.ts:
 *   const crmChats = createCrmChats({ crm, clock })
 *   createDialogues({ ..., crm: crmChats.port })   // identification, CRM_FORWARD, CRM_TRANSFER_CHANGE
 *   deps.crmChats = crmChats.api                  // imopenlines.crm.* methods
 * Deleted CRM objects unbind their chats through crm.onEntityDeleted.
 */
import type { CrmService } from '../crm/index.js'
import type { Clock } from '../platform/clock.js'
import { createCrmBinding } from './crm-binding.service.js'
import { createCrmChatApi } from './crm-chat-api.service.js'

export type { CrmChatApi } from './crm-chat-api.service.js'
export { crmChatMethods } from './crm-chats.methods.js'

export function createCrmChats(d: { crm: CrmService; clock: Clock }) {
  const binding = createCrmBinding(d)
  d.crm.onEntityDeleted(binding.entityDeleted)
  return { port: binding.port, api: createCrmChatApi({ crm: d.crm, binding }) }
}
