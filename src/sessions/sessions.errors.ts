import { RestError } from '../platform/errors.js'

/**
 * Error codes of the session, operator and inbound paths, worded as their
 * pages word them. Every page lists them with HTTP 400.
 */
export const sessionErrors = {
  chatId: () => new RestError('CHAT_ID', 'The specified chat identifier is incorrect', 400),
  chatIdEmpty: () => new RestError('CHAT_ID_EMPTY', "Chat ID can't be empty", 400),
  chatType: () => new RestError('CHAT_TYPE', 'The specified chat is not an open line', 400),
  accessDenied: () => new RestError('ACCESS_DENIED', 'You cannot open this conversation as you do not have sufficient rights', 400),
  accessDeniedKick: () => new RestError('ACCESS_DENIED_KICK', 'Insufficient permissions to remove participants from the chat', 400),
  userId: () => new RestError('USER_ID', 'The specified user identifier is incorrect', 400),
  userIdEmpty: () => new RestError('USER_ID_EMPTY', "User ID can't be empty", 400),
  queueIdEmpty: () => new RestError('QUEUE_ID_EMPTY', "QUEUE ID can't be empty", 400),
  transferIdEmpty: () => new RestError('TRANSFER_ID_EMPTY', "Queue ID or User ID can't be empty", 400),
  operatorWrong: () => new RestError('OPERATOR_WRONG', 'You cannot redirect to this operator', 400),
  interceptWrong: () => new RestError('OPERATOR_WRONG', 'You can not redirect to this operator', 400),
  emptySessionId: () => new RestError('EMPTY_SESSION_ID', "Session ID can't be empty", 400),
  emptyVoteParams: () => new RestError('EMPTY_VOTE_PARAMS', 'At least one of the parameters RATING or COMMENT must be specified', 400),
  missingRequiredParam: () => new RestError('MISSING_REQUIRED_PARAM', 'Session ID or Chat ID must be provided', 400),
  invalidSessionId: () => new RestError('INVALID_SESSION_ID', 'Unable to determine session ID from provided parameters', 400),
  dialogAccess: () => new RestError('ACCESS_ERROR', 'You do not have access to the specified dialog', 400),
  messageId: () => new RestError('ERROR_ARGUMENT', 'Argument "MESSAGE_ID": the message is not in this chat', 400),
  presenceStatus: () => new RestError('ERROR_ARGUMENT', 'Argument "STATUS": expected online or offline', 400),
  presenceUser: () => new RestError('USER_NOT_FOUND', 'User not found', 404),
} as const

/** Errors of the internal inbound entry point (connectors and the widget map them to their own). */
export const inboundErrors = {
  lineNotFound: (id: number) => new RestError('LINE_NOT_FOUND', `Open line ${id} not found`, 404),
  lineInactive: (id: number) => new RestError('LINE_INACTIVE', `Open line ${id} is not active`, 400),
  messageEmpty: () => new RestError('MESSAGE_EMPTY', "Message can't be empty", 400),
  argument: (field: string, why: string) => new RestError('ERROR_ARGUMENT', `Argument "${field}": ${why}`, 400),
} as const
