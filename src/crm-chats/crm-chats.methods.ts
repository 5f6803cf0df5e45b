import { Type } from '@sinclair/typebox'
import { defineMethod } from '../rest/define-method.js'

/**
 * Parameters are taken loosely and checked in the service: each page names
 * its own code and text for a missing or malformed value.
 */
const loose = Type.Optional(Type.Unknown())
const Entity = { CRM_ENTITY_TYPE: loose, CRM_ENTITY: loose }

export const crmChatGet = defineMethod({
  name: 'imopenlines.crm.chat.get',
  scope: 'imopenlines',
  description: 'Open-line chats bound to a CRM object (ACTIVE_ONLY=Y by default: chats with an open dialogue).',
  input: Type.Object({ ...Entity, ACTIVE_ONLY: loose }),
  errors: ['ACCESS_DENIED', 'ERROR_ARGUMENT'],
  handler: ({ input, actor, deps, tx }) => deps.crmChats.chatGet(tx, actor, input),
})

export const crmChatGetLastId = defineMethod({
  name: 'imopenlines.crm.chat.getLastId',
  scope: 'imopenlines',
  description: 'The id of the newest chat bound to a CRM object.',
  input: Type.Object(Entity),
  errors: ['CRM_CHAT_EMPTY_CRM_DATA', 'ERROR_ARGUMENT'],
  handler: ({ input, actor, deps, tx }) => deps.crmChats.lastId(tx, actor, input),
})

export const crmChatUserAdd = defineMethod({
  name: 'imopenlines.crm.chat.user.add',
  scope: 'imopenlines',
  description: "Adds a user to a CRM object's chat (CHAT_ID, or its newest chat); returns the chat id, 0 when it has none.",
  input: Type.Object({ ...Entity, USER_ID: loose, CHAT_ID: loose }),
  errors: ['ACCESS_DENIED', 'ERROR_ARGUMENT', 'CHAT_NOT_IN_CRM', 'CRM_CHAT_USER_NOT_ACTIVE', 'WRONG_REQUEST'],
  handler: ({ input, actor, deps, tx }) => deps.crmChats.userAdd(tx, actor, input),
})

export const crmChatUserDelete = defineMethod({
  name: 'imopenlines.crm.chat.user.delete',
  scope: 'imopenlines',
  description: "Removes a user from a CRM object's chat (CHAT_ID, or its newest chat); returns the chat id, 0 when it has none.",
  input: Type.Object({ ...Entity, USER_ID: loose, CHAT_ID: loose }),
  errors: ['ACCESS_DENIED', 'CRM_CHAT_EMPTY_USER', 'CRM_CHAT_EMPTY_CRM_DATA', 'ERROR_ARGUMENT', 'CHAT_NOT_IN_CRM',
    'CHAT_DELETE_USER_PERMISSION_DENIED', 'CRM_CHAT_USER_NOT_ACTIVE', 'WRONG_REQUEST'],
  handler: ({ input, actor, deps, tx }) => deps.crmChats.userDelete(tx, actor, input),
})

export const crmMessageAdd = defineMethod({
  name: 'imopenlines.crm.message.add',
  scope: 'imopenlines',
  description: "Sends a message as USER_ID (a participant) into a CRM object's open-line chat; returns the message id.",
  input: Type.Object({ ...Entity, USER_ID: loose, CHAT_ID: loose, MESSAGE: loose }),
  errors: ['CHAT_NOT_IN_CRM', 'CANCELED', 'ACCESS_DENIED', 'ERROR_ARGUMENT'],
  handler: ({ input, actor, deps, tx }) => deps.crmChats.messageAdd(tx, actor, input, deps.dialogues.im),
})

export const crmLeadCreate = defineMethod({
  name: 'imopenlines.crm.lead.create',
  scope: 'imopenlines',
  description: "Creates a CRM lead from the dialogue's customer and binds the chat to it; the dialogue's operator calls it.",
  input: Type.Object({ CHAT_ID: loose }),
  errors: ['CHAT_ID', 'CHAT_TYPE', 'ACCESS_DENIED', 'USER_ID', 'ERROR_USER_NOT_OPERATOR'],
  handler: ({ input, actor, deps, tx }) => deps.crmChats.leadCreate(tx, actor, input.CHAT_ID),
})

export const crmChatMethods = [crmChatGet, crmChatGetLastId, crmChatUserAdd, crmChatUserDelete, crmMessageAdd, crmLeadCreate]
