import { Type } from '@sinclair/typebox'

/** Loose on purpose: the services answer each page's own error codes for wrong values. */
const loose = Type.Optional(Type.Unknown())

export const MessageAddInput = Type.Object({
  DIALOG_ID: loose, MESSAGE: loose, ATTACH: loose, KEYBOARD: loose, MENU: loose, SYSTEM: loose, URL_PREVIEW: loose, REPLY_ID: loose,
})
export const MessageUpdateInput = Type.Object({
  MESSAGE_ID: loose, MESSAGE: loose, ATTACH: loose, KEYBOARD: loose, MENU: loose, URL_PREVIEW: loose, IS_EDITED: loose,
})
export const MessageIdInput = Type.Object({ MESSAGE_ID: loose })
export const DialogMessagesInput = Type.Object({ DIALOG_ID: loose, LAST_ID: loose, FIRST_ID: loose, LIMIT: loose })
export const DialogReadInput = Type.Object({ DIALOG_ID: loose, MESSAGE_ID: loose })
export const DialogIdInput = Type.Object({ DIALOG_ID: loose })
export const ChatGetInput = Type.Object({ ENTITY_TYPE: loose, ENTITY_ID: loose })
export const ChatUserListInput = Type.Object({ CHAT_ID: loose })
export const RecentListInput = Type.Object({
  SKIP_OPENLINES: loose, SKIP_DIALOG: loose, SKIP_CHAT: loose, LAST_MESSAGE_DATE: loose, UNREAD_ONLY: loose, PARSE_TEXT: loose,
  GET_ORIGINAL_TEXT: loose, SKIP_UNDISTRIBUTED_OPENLINES: loose, ONLY_COPILOT: loose, ONLY_CHANNEL: loose, CAN_MANAGE_MESSAGES: loose,
  OFFSET: loose, LIMIT: loose,
})
