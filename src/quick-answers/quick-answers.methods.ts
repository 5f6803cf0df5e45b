import { Type } from '@sinclair/typebox'
import { toBitrixDate } from '../platform/dates.js'
import { defineMethod, ListPage } from '../rest/define-method.js'
import { systemErrors } from '../rest/system-errors.js'
import { isStorableText } from '../lines/index.js'
import { quickAnswerErrors } from './quick-answers.errors.js'

function positiveInt(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null
}

export const messageQuickSave = defineMethod({
  name: 'imopenlines.message.quick.save',
  scope: 'imopenlines',
  description: 'Saves a message of an open-line chat as a quick answer of its line (saving the same message again changes nothing).',
  input: Type.Object({
    CHAT_ID: Type.Optional(Type.Unknown({ description: 'Open-line chat id (required)' })),
    MESSAGE_ID: Type.Optional(Type.Unknown({ description: 'Id of a message of that chat (required)' })),
  }),
  errors: ['CHAT_ID', 'CHAT_TYPE', 'CANT_SAVE_QUICK_ANSWER', 'ACCESS_DENIED'],
  handler: async ({ input, actor, deps, tx }) => {
    const chatId = positiveInt(input.CHAT_ID)
    if (chatId === null) throw quickAnswerErrors.chatIdEmpty()
    const messageId = positiveInt(input.MESSAGE_ID)
    // The page names no code of its own for a bad message id; Bitrix24 answers this one.
    if (messageId === null) throw quickAnswerErrors.cantSave('MESSAGE_ID must be a positive integer')
    return deps.quickAnswers.saveFromMessage(actor, chatId, messageId, tx)
  },
})

/** Beyond the Bitrix24 API: the reading side the operator console needs. */
export const quickAnswersList = defineMethod({
  name: 'openlines.quickanswers.list',
  scope: 'imopenlines',
  description:
    "A line's quick answers, newest first, 50 a page (start, next, total); SEARCH keeps those whose title or text contains it (case-insensitive). For the line's operators, supervisors, managers and administrators.",
  input: Type.Object({
    LINE_ID: Type.Optional(Type.Unknown({ description: 'Open line id (required)' })),
    SEARCH: Type.Optional(Type.String({ maxLength: 255, description: 'Text to look for in title and text' })),
  }),
  errors: ['ACCESS_DENIED', 'ERROR_ARGUMENT'],
  handler: async ({ input, actor, deps, tx, start }) => {
    const lineId = positiveInt(input.LINE_ID)
    if (lineId === null) throw systemErrors.argument('LINE_ID', 'must be a positive integer id')
    if (input.SEARCH !== undefined && !isStorableText(input.SEARCH)) throw systemErrors.argument('SEARCH', 'must not contain NUL characters or broken Unicode')
    const page = await deps.quickAnswers.list(actor, lineId, input.SEARCH ?? null, start, tx)
    const items = page.items.map((a) => ({
      ID: String(a.id),
      LINE_ID: String(a.lineId),
      TITLE: a.title,
      TEXT: a.text,
      CHAT_ID: String(a.chatId ?? 0),
      MESSAGE_ID: String(a.messageId ?? 0),
      AUTHOR_ID: String(a.createdBy),
      DATE_CREATE: toBitrixDate(a.createdAt),
    }))
    return new ListPage(items, page.total, page.next)
  },
})

export const quickAnswerMethods = [messageQuickSave, quickAnswersList]
