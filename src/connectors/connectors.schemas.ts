import { Type } from '@sinclair/typebox'

/**
 * Parameters are taken loosely and checked in the services, because the
 * imconnector pages word each missing argument their own way ("Argument
 * 'LINE' is null or empty") and register answers its errors inside `result`.
 */
const loose = Type.Optional(Type.Unknown())

export const RegisterInput = Type.Object({
  ID: loose, NAME: loose, ICON: loose, ICON_DISABLED: loose, PLACEMENT_HANDLER: loose, DEL_EXTERNAL_MESSAGES: loose,
  EDIT_INTERNAL_MESSAGES: loose, DEL_INTERNAL_MESSAGES: loose, NEWSLETTER: loose, NEED_SYSTEM_MESSAGES: loose, NEED_SIGNATURE: loose, CHAT_GROUP: loose,
})
export const IdInput = Type.Object({ ID: loose })
export const NoInput = Type.Object({})
export const ActivateInput = Type.Object({ CONNECTOR: loose, LINE: loose, ACTIVE: loose })
export const StatusInput = Type.Object({ CONNECTOR: loose, LINE: loose })
export const DataSetInput = Type.Object({ CONNECTOR: loose, LINE: loose, DATA: loose })
export const MessagesInput = Type.Object({ CONNECTOR: loose, LINE: loose, MESSAGES: loose })
export const ChatNameInput = Type.Object({ CONNECTOR: loose, LINE: loose, CHAT_ID: loose, NAME: loose, USER_ID: loose })
