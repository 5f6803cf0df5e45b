import { RestError } from '../platform/errors.js'

/** The codes and texts of the imopenlines.crm.* pages (chats/, crm-message-add, crm-lead-create). */
export const crmChatErrors = {
  argEmpty: (name: string) => new RestError('ERROR_ARGUMENT', `Argument '${name}' is null or empty`, 400),
  argType: (name: string) => new RestError('ERROR_ARGUMENT', `The value of an argument '${name}' has an invalid type`, 400),
  /** getLastId words it without quotes. */
  argTypeBare: (name: string) => new RestError('ERROR_ARGUMENT', `The value of an argument ${name} has an invalid type`, 400),
  /** crm.message.add words its missing-argument errors with backticks. */
  argEmptyTicked: (name: string) => new RestError('ERROR_ARGUMENT', `Argument \`${name}\` is null or empty`, 400),
  emptyCrmData: () => new RestError('CRM_CHAT_EMPTY_CRM_DATA', 'Empty CRM data', 400),
  crmObjectNotFound: () => new RestError('CRM_CHAT_EMPTY_CRM_DATA', 'Could not find CRM object', 400),
  emptyUser: () => new RestError('CRM_CHAT_EMPTY_USER', 'Empty User ID', 400),
  accessAction: () => new RestError('ACCESS_DENIED', "Access denied! You don't have access to this action", 403),
  accessJoin: () => new RestError('ACCESS_DENIED', "Access denied! You don't have access to join user to chat", 403),
  accessUserCrm: () =>
    new RestError('ACCESS_DENIED', 'Access denied! This user does not have access to the chat because he does not have access to this CRM object', 403),
  accessEntity: () => new RestError('ACCESS_DENIED', "Access denied! User don't have access to this entity", 403),
  chatNotInCrm: () => new RestError('CHAT_NOT_IN_CRM', 'Chat does not belong to the CRM object being checked', 400),
  userNotActive: () => new RestError('CRM_CHAT_USER_NOT_ACTIVE', 'User not active', 400),
  alreadyMember: () => new RestError('WRONG_REQUEST', "You don't have access or user already member in chat", 400),
  notMember: () => new RestError('WRONG_REQUEST', "You don't have access or user already not in chat", 400),
  deleteDenied: () => new RestError('CHAT_DELETE_USER_PERMISSION_DENIED', "You don't have access to delete a user from this chat", 403),
  canceled: () => new RestError('CANCELED', 'You cannot send messages to the specified chat', 400),
  chatId: () => new RestError('CHAT_ID', 'The specified chat identifier is incorrect', 400),
  chatType: () => new RestError('CHAT_TYPE', 'The specified chat is not an Open Channel', 400),
  dialogAccess: () => new RestError('ACCESS_DENIED', 'You cannot open this conversation as you do not have sufficient rights', 400),
  userId: () => new RestError('USER_ID', 'The specified user identifier is incorrect', 400),
  notOperator: () => new RestError('ERROR_USER_NOT_OPERATOR', 'Attempt to save a CRM object by a user who is not an operator', 400),
} as const

