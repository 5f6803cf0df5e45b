import { RestError } from '../platform/errors.js'

/** Codes of imopenlines.message.quick.save's page and of the quick-answer reading methods, with their statuses. */
const QUICK_ANSWER_ERRORS = {
  CHAT_ID: 400,
  CHAT_TYPE: 400,
  CANT_SAVE_QUICK_ANSWER: 400,
  ACCESS_DENIED: 403,
} as const satisfies Record<string, number>

export type QuickAnswerErrorCode = keyof typeof QUICK_ANSWER_ERRORS

function quickAnswerError(code: QuickAnswerErrorCode, description: string): RestError {
  return new RestError(code, description, QUICK_ANSWER_ERRORS[code])
}

export const quickAnswerErrors = {
  chatIdEmpty: () => quickAnswerError('CHAT_ID', "Chat ID can't be empty"),
  chatNotFound: (id: number) => quickAnswerError('CHAT_ID', `Chat ${id} does not exist`),
  chatType: () => quickAnswerError('CHAT_TYPE', 'The chat is not an open line chat'),
  cantSave: (why: string) => quickAnswerError('CANT_SAVE_QUICK_ANSWER', `Error saving quick answer: ${why}`),
  accessDenied: (why: string) => quickAnswerError('ACCESS_DENIED', why),
}
