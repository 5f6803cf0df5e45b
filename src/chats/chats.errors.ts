import { RestError } from '../platform/errors.js'

/** Error codes of the im.* methods, worded as their pages word them. */
export const chatErrors = {
  messageEmpty: () => new RestError('MESSAGE_EMPTY', "Message can't be empty", 400),
  userIdEmpty: () => new RestError('USER_ID_EMPTY', "User ID can't be empty", 400),
  userNotFound: () => new RestError('USER_NOT_FOUND', 'User not found', 400),
  chatId: () => new RestError('CHAT_ID', 'Error creating message', 400),
  accessError: (status = 400) => new RestError('ACCESS_ERROR', 'Action unavailable', status),
  dialogAccess: () => new RestError('ACCESS_ERROR', 'You do not have access to the specified dialog', 403),
  attach: () => new RestError('ATTACH_ERROR', 'Incorrect attach params', 400),
  attachOversize: () => new RestError('ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach', 400),
  keyboard: () => new RestError('KEYBOARD_ERROR', 'Incorrect keyboard params', 400),
  keyboardOversize: () => new RestError('KEYBOARD_OVERSIZE', 'You have exceeded the maximum allowable size of keyboard', 400),
  // The im.message.update page spells this code in lower case; kept as documented.
  menuUpdate: () => new RestError('menu_ERROR', 'Incorrect menu params', 400),
  menu: () => new RestError('MENU_ERROR', 'Incorrect menu params', 400),
  menuOversize: () => new RestError('MENU_OVERSIZE', 'You have exceeded the maximum allowable size of menu', 400),
  replyAccess: () => new RestError('REPLY_ACCESS_ERROR', 'Action unavailable', 400),
  replyOtherChat: () => new RestError('REPLY_FROM_OTHER_CHAT_ERROR', 'You can only reply to a message within the same chat', 400),
  messageId: () => new RestError('MESSAGE_ID_ERROR', "Message ID can't be empty", 400),
  cantEdit: () => new RestError('CANT_EDIT_MESSAGE', "Time has expired for modification or you don't have access", 403),
  dialogIdEmpty: () => new RestError('DIALOG_ID_EMPTY', "Dialog ID can't be empty", 400),
  firstIdString: () => new RestError('FIRST_ID_STRING', "First ID can't be string", 400),
  lastIdString: () => new RestError('LAST_ID_STRING', "Last ID can't be string", 400),
  chatIdEmpty: () => new RestError('CHAT_ID_EMPTY', "Chat ID can't be empty", 400),
} as const
