import { Type } from '@sinclair/typebox'

/**
 * Parameters are taken loosely and checked in the service, because each
 * page names its own code for a missing or wrong value (CHAT_ID,
 * CHAT_ID_EMPTY, EMPTY_SESSION_ID, ...), which a schema error cannot give.
 */
const loose = Type.Optional(Type.Unknown())

export const ChatIdInput = Type.Object({ CHAT_ID: loose })
export const JoinInput = Type.Object({ CHAT_ID: loose, SILENT: loose })
export const TransferInput = Type.Object({ CHAT_ID: loose, TRANSFER_ID: loose, USER_ID: loose, QUEUE_ID: loose })
export const ModeInput = Type.Object({ CHAT_ID: loose, ACTIVATE: loose })
export const NoInput = Type.Object({})
export const UserCodeInput = Type.Object({ USER_CODE: loose })
export const HeadVoteInput = Type.Object({ SESSION_ID: loose, RATING: loose, COMMENT: loose })
export const HistoryInput = Type.Object({ SESSION_ID: loose, CHAT_ID: loose })
export const DialogGetInput = Type.Object({ CHAT_ID: loose, DIALOG_ID: loose, SESSION_ID: loose, USER_CODE: loose })
export const MessageSessionStartInput = Type.Object({ CHAT_ID: loose, MESSAGE_ID: loose })
