import { RestError } from '../platform/errors.js'

/** Codes and texts of the imbot.* pages (chat-bots/outdated). */
export const botErrors = {
  wrongAuthType: () => new RestError('WRONG_AUTH_TYPE', 'Access for this method not allowed by session authorization.', 403),
  noClientId: () => new RestError('ACCESS_DENIED', 'Access denied! Client ID not specified', 403),
  clientIdOfOther: () => new RestError('ACCESS_DENIED', 'Access denied! This CLIENT_ID belongs to another user', 403),
  handlerMissing: (field: string, what: string) => new RestError(`${field}_ERROR`, `Handler for "${what}" event isn't specified`, 400),
  handlerWrong: (field: string) => new RestError(`${field}_ERROR`, 'Wrong handler URL', 400),
  handlersDiffer: (field: string) =>
    new RestError(`${field}_ERROR`, 'Only one set of event handler URLs can be used in a single application: it must match the first bot', 400),
  code: () => new RestError('CODE_ERROR', "Bot code isn't specified", 400),
  codeTaken: () => new RestError('CODE_ERROR', 'Bot code is already used by another bot', 400),
  name: () => new RestError('NAME_ERROR', "Bot name isn't specified", 400),
  maxCount: (max: number) => new RestError('MAX_COUNT_ERROR', `Has reached the maximum number of bots for application (max: ${max})`, 400),
  botId: () => new RestError('BOT_ID_ERROR', 'Bot not found', 400),
  appId: () => new RestError('APP_ID_ERROR', 'Bot was installed by another REST application', 400),
  emptyUpdate: () => new RestError('WRONG_REQUEST', "Update fields can't be empty", 400),
  wrongRequest: (what: string) => new RestError('WRONG_REQUEST', what, 400),
  dialogIdEmpty: () => new RestError('DIALOG_ID_EMPTY', "Dialog ID can't be empty", 400),
  chatId: () => new RestError('CHAT_ID', 'Chat ID can\'t be empty', 400),
  commandId: () => new RestError('COMMAND_ID_ERROR', 'Command not found', 400),
  commandError: () => new RestError('COMMAND_ERROR', "Command isn't specified", 400),
  commandTaken: () => new RestError('WRONG_REQUEST', "Command can't be added", 400),
  messageId: () => new RestError('MESSAGE_ID_ERROR', 'Message ID can\'t be empty', 400),
  messageEmpty: () => new RestError('MESSAGE_EMPTY', "Message can't be empty", 400),
  accessDenied: (why: string) => new RestError('ACCESS_DENIED', why, 403),
}
