import { defineMethod } from '../rest/define-method.js'
import { recentList } from './im-recent.service.js'
import {
  ChatGetInput, ChatUserListInput, DialogIdInput, DialogMessagesInput, DialogReadInput, MessageAddInput, MessageIdInput,
  MessageUpdateInput, RecentListInput,
} from './chats.schemas.js'

export const messageAdd = defineMethod({
  name: 'im.message.add',
  scope: 'im',
  description: 'Sends a message to an open-line chat (DIALOG_ID=chat<ID>); returns its id.',
  input: MessageAddInput,
  errors: ['MESSAGE_EMPTY', 'USER_ID_EMPTY', 'USER_NOT_FOUND', 'CHAT_ID', 'ACCESS_ERROR', 'PARAMS_ERROR', 'ATTACH_ERROR', 'ATTACH_OVERSIZE', 'KEYBOARD_ERROR', 'MENU_ERROR', 'REPLY_ACCESS_ERROR', 'REPLY_FROM_OTHER_CHAT_ERROR'],
  // Still one transaction: a reply in an answered dialogue is a single statement, anything else opens one (im-messages.service.ts).
  transaction: false,
  handler: ({ input, actor, deps, tx }) => deps.dialogues.im.add(tx, actor, input),
})

export const messageUpdate = defineMethod({
  name: 'im.message.update',
  scope: 'im',
  description: 'Modifies the text and blocks of a message the caller sent; an empty MESSAGE deletes it.',
  input: MessageUpdateInput,
  errors: ['MESSAGE_ID_ERROR', 'CANT_EDIT_MESSAGE', 'ATTACH_ERROR', 'ATTACH_OVERSIZE', 'KEYBOARD_ERROR', 'KEYBOARD_OVERSIZE', 'menu_ERROR', 'MENU_OVERSIZE'],
  handler: ({ input, actor, deps, tx }) => deps.dialogues.im.update(tx, actor, input),
})

export const messageDelete = defineMethod({
  name: 'im.message.delete',
  scope: 'im',
  description: 'Removes a message the caller sent.',
  input: MessageIdInput,
  errors: ['MESSAGE_ID_ERROR', 'CANT_EDIT_MESSAGE'],
  handler: ({ input, actor, deps, tx }) => deps.dialogues.im.remove(tx, actor, input.MESSAGE_ID),
})

export const dialogMessagesGet = defineMethod({
  name: 'im.dialog.messages.get',
  scope: 'im',
  description: 'Messages of a chat the caller takes part in, newest first, by LAST_ID / FIRST_ID windows (LIMIT up to 50).',
  input: DialogMessagesInput,
  errors: ['DIALOG_ID_EMPTY', 'FIRST_ID_STRING', 'LAST_ID_STRING', 'ACCESS_ERROR'],
  handler: ({ input, actor, deps, tx }) => deps.dialogues.imDialogs.messages(tx, actor, input),
})

export const dialogRead = defineMethod({
  name: 'im.dialog.read',
  scope: 'im',
  description: 'Marks the chat read up to MESSAGE_ID (or entirely).',
  input: DialogReadInput,
  errors: ['DIALOG_ID_EMPTY'],
  handler: ({ input, actor, deps, tx }) => deps.dialogues.imDialogs.read(tx, actor, input),
})

export const dialogWriting = defineMethod({
  name: 'im.dialog.writing',
  scope: 'im',
  description: 'Sends a "user is typing" signal to the chat.',
  input: DialogIdInput,
  errors: ['DIALOG_ID_EMPTY', 'ACCESS_ERROR'],
  handler: ({ input, actor, deps, tx }) => deps.dialogues.imDialogs.writing(tx, actor, input.DIALOG_ID),
})

export const chatGet = defineMethod({
  name: 'im.chat.get',
  scope: 'im',
  description: 'The id of an open-line chat by ENTITY_TYPE=LINES and ENTITY_ID=<USER_CODE>; null when not found.',
  input: ChatGetInput,
  handler: ({ input, actor, deps, tx }) => deps.dialogues.imDialogs.chatGet(tx, actor, input),
})

export const chatUserList = defineMethod({
  name: 'im.chat.user.list',
  scope: 'im',
  description: 'Ids of the chat participants.',
  input: ChatUserListInput,
  errors: ['CHAT_ID_EMPTY', 'ACCESS_ERROR'],
  handler: ({ input, actor, deps, tx }) => deps.dialogues.imDialogs.userList(tx, actor, input.CHAT_ID),
})

export const recentListMethod = defineMethod({
  name: 'im.recent.list',
  scope: 'im',
  description: "The caller's recent open-line chats, OFFSET/LIMIT paged (LIMIT up to 200).",
  input: RecentListInput,
  handler: ({ input, actor, tx }) => recentList(tx, actor, input),
})

export const chatMethods = [messageAdd, messageUpdate, messageDelete, dialogMessagesGet, dialogRead, dialogWriting, chatGet, chatUserList, recentListMethod]
