import { yes } from '../rest/flags.js'
import { defineMethod } from '../rest/define-method.js'
import {
  ChatIdInput, DialogGetInput, HeadVoteInput, HistoryInput, JoinInput, MessageSessionStartInput, ModeInput, NoInput, UserCodeInput,
} from './sessions.schemas.js'

const CHAT_ERRORS = ['CHAT_ID', 'CHAT_TYPE', 'ACCESS_DENIED', 'USER_ID'] as const

export const sessionStart = defineMethod({
  name: 'imopenlines.session.start',
  scope: 'imopenlines',
  description: 'Initiates a new session in the current open line chat.',
  input: ChatIdInput,
  errors: CHAT_ERRORS,
  handler: ({ input, actor, deps, tx }) => deps.dialogues.session.start(tx, actor, input.CHAT_ID),
})

/** SILENT=Y is ours (not on Bitrix24's page): join without the customer being told (join.service.ts, docs/dialogues.md). */
export const sessionJoin = defineMethod({
  name: 'imopenlines.session.join',
  scope: 'imopenlines',
  description: 'Adds the current operator to an active dialogue in the Open Channels; SILENT=Y (an openlines addition) joins without telling the customer.',
  input: JoinInput,
  errors: CHAT_ERRORS,
  handler: ({ input, actor, deps, tx }) => deps.dialogues.session.join(tx, actor, input.CHAT_ID, yes(input.SILENT)),
})

export const sessionIntercept = defineMethod({
  name: 'imopenlines.session.intercept',
  scope: 'imopenlines',
  description: 'Transfers the current dialogue to the operator who calls the method.',
  input: ChatIdInput,
  errors: ['CHAT_ID_EMPTY', 'OPERATOR_WRONG'],
  handler: ({ input, actor, deps, tx }) => deps.dialogues.session.intercept(tx, actor, input.CHAT_ID),
})

export const sessionOpen = defineMethod({
  name: 'imopenlines.session.open',
  scope: 'imopenlines',
  description: 'Returns the chat ID of the open line based on the user code USER_CODE.',
  input: UserCodeInput,
  errors: ['ACCESS_DENIED'],
  handler: ({ input, actor, deps, tx }) => deps.dialogues.session.open(tx, actor, input.USER_CODE),
})

export const sessionModePin = defineMethod({
  name: 'imopenlines.session.mode.pin',
  scope: 'imopenlines',
  description: 'Pins or unpins a dialog to the current operator (ACTIVATE=Y|N, Y by default).',
  input: ModeInput,
  errors: ['CHAT_ID_EMPTY', ...CHAT_ERRORS],
  handler: ({ input, actor, deps, tx }) =>
    deps.dialogues.session.pin(tx, actor, input.CHAT_ID, input.ACTIVATE === undefined || input.ACTIVATE === '' ? true : yes(input.ACTIVATE)),
})

export const sessionModePinAll = defineMethod({
  name: 'imopenlines.session.mode.pinAll',
  scope: 'imopenlines',
  description: 'Pins all available active dialogs to the current operator; returns the pinned session ids.',
  input: NoInput,
  handler: ({ actor, deps, tx }) => deps.dialogues.session.pinAll(tx, actor),
})

export const sessionModeUnpinAll = defineMethod({
  name: 'imopenlines.session.mode.unpinAll',
  scope: 'imopenlines',
  description: 'Unpins all pinned dialogs of the current operator; returns the unpinned session ids.',
  input: NoInput,
  handler: ({ actor, deps, tx }) => deps.dialogues.session.unpinAll(tx, actor),
})

export const sessionModeSilent = defineMethod({
  name: 'imopenlines.session.mode.silent',
  scope: 'imopenlines',
  description: 'Enables (ACTIVATE=Y) or disables silent mode: operator messages stay among operators.',
  input: ModeInput,
  errors: CHAT_ERRORS,
  handler: ({ input, actor, deps, tx }) => deps.dialogues.session.silent(tx, actor, input.CHAT_ID, input.ACTIVATE === 'Y'),
})

export const sessionHeadVote = defineMethod({
  name: 'imopenlines.session.head.vote',
  scope: 'imopenlines',
  description: "Saves the manager's rating (1-5) and comment for a dialog.",
  input: HeadVoteInput,
  errors: ['EMPTY_SESSION_ID', 'EMPTY_VOTE_PARAMS', 'ACCESS_DENIED'],
  handler: ({ input, actor, deps, tx }) =>
    deps.dialogues.session.headVote(tx, actor, { sessionId: input.SESSION_ID, rating: input.RATING, comment: input.COMMENT }),
})

export const sessionHistoryGet = defineMethod({
  name: 'imopenlines.session.history.get',
  scope: 'imopenlines',
  description: 'Returns the message history of an open line session.',
  input: HistoryInput,
  errors: ['MISSING_REQUIRED_PARAM', 'INVALID_SESSION_ID', 'ACCESS_DENIED'],
  handler: ({ input, actor, deps, tx }) => deps.dialogues.view.historyGet(tx, actor, { sessionId: input.SESSION_ID, chatId: input.CHAT_ID }),
})

export const dialogGet = defineMethod({
  name: 'imopenlines.dialog.get',
  scope: 'imopenlines',
  description: 'Returns open-line chat (dialog) data by CHAT_ID, DIALOG_ID, SESSION_ID or USER_CODE.',
  input: DialogGetInput,
  errors: ['ACCESS_ERROR'],
  handler: ({ input, actor, deps, tx }) =>
    deps.dialogues.view.dialogGet(tx, actor, { chatId: input.CHAT_ID, dialogId: input.DIALOG_ID, sessionId: input.SESSION_ID, userCode: input.USER_CODE }),
})

export const messageSessionStart = defineMethod({
  name: 'imopenlines.message.session.start',
  scope: 'imopenlines',
  description: 'Initiates a new session and transfers the specified message (and those after it) into it.',
  input: MessageSessionStartInput,
  errors: CHAT_ERRORS,
  handler: ({ input, actor, deps, tx }) => deps.dialogues.session.messageSessionStart(tx, actor, input.CHAT_ID, input.MESSAGE_ID),
})

export const sessionMethods = [
  sessionStart, sessionJoin, sessionIntercept, sessionOpen, sessionModePin, sessionModePinAll, sessionModeUnpinAll,
  sessionModeSilent, sessionHeadVote, sessionHistoryGet, dialogGet, messageSessionStart,
]
