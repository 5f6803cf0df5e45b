import { RestError } from '../platform/errors.js'

/** Errors of imopenlines.network.* as their pages word them, and of this server's network admin methods. */
export const networkErrors = {
  wrongAuthType: () => new RestError('WRONG_AUTH_TYPE', 'Access for this method not allowed by session authorization', 403),
  code: () => new RestError('CODE', 'You entered an invalid code', 400),
  notFound: () => new RestError('NOT_FOUND', 'Line not found', 400),
  inactive: () => new RestError('INACTIVE', 'Openline is inactive', 400),
  userIdEmpty: () => new RestError('USER_ID_EMPTY', "User ID can't be empty", 400),
  userMessageLimit: () => new RestError('USER_MESSAGE_LIMIT', "You can't send more than one message per week to each user", 400),
  messageEmpty: () => new RestError('MESSAGE_EMPTY', "Message can't be empty", 400),
  attach: () => new RestError('ATTACH_ERROR', 'Incorrect attach params', 400),
  attachOversize: () => new RestError('ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach', 400),
  keyboard: () => new RestError('KEYBOARD_ERROR', 'Incorrect keyboard params', 400),
  wrongRequest: () => new RestError('WRONG_REQUEST', "Message isn't added", 400),
  accessDenied: () => new RestError('ACCESS_DENIED', 'Only the line\'s operators and administrators send messages on its behalf', 403),
  // Administration (openlines.network.*)
  lineNotFound: (id: number) => new RestError('ERROR_NOT_FOUND', `Open line ${id} not found`, 404),
  peerNotFound: (id: string) => new RestError('ERROR_NOT_FOUND', `Peer ${id} not found`, 404),
  peerArgument: (why: string) => new RestError('ERROR_ARGUMENT', why, 400),
  notForApps: () => new RestError('WRONG_AUTH_TYPE', 'Network peers and published lines are managed with an administrator webhook or the command line', 403),
} as const
