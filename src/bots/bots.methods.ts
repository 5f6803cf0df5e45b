import { Type } from '@sinclair/typebox'
import { defineMethod } from '../rest/define-method.js'

const Loose = Type.Optional(Type.Unknown())
const Text = Type.Optional(Type.String())
const Props = Type.Optional(Type.Record(Type.String(), Loose))
const BLOCK_ERRORS = ['ATTACH_ERROR', 'ATTACH_OVERSIZE', 'KEYBOARD_ERROR', 'KEYBOARD_OVERSIZE', 'MENU_ERROR', 'MENU_OVERSIZE'] as const
const AUTH_ERRORS = ['WRONG_AUTH_TYPE', 'ACCESS_DENIED'] as const

export const imbotRegister = defineMethod({
  name: 'imbot.register',
  scope: 'imbot',
  description: 'Registers a chat bot of the calling application and binds its event handlers.',
  input: Type.Object({
    CODE: Text, TYPE: Text, OPENLINE: Text, EVENT_HANDLER: Text, EVENT_MESSAGE_ADD: Text, EVENT_MESSAGE_UPDATE: Text, EVENT_MESSAGE_DELETE: Text,
    EVENT_WELCOME_MESSAGE: Text, EVENT_BOT_DELETE: Text, CLIENT_ID: Text, PROPERTIES: Props,
  }),
  errors: [...AUTH_ERRORS, 'EVENT_MESSAGE_ADD_ERROR', 'EVENT_MESSAGE_UPDATE_ERROR', 'EVENT_MESSAGE_DELETE_ERROR', 'EVENT_WELCOME_MESSAGE_ERROR',
    'EVENT_BOT_DELETE_ERROR', 'CODE_ERROR', 'NAME_ERROR', 'MAX_COUNT_ERROR', 'WRONG_REQUEST'],
  handler: ({ input, actor, deps, tx }) => deps.bots.register(tx, actor, input),
})

export const imbotUnregister = defineMethod({
  name: 'imbot.unregister',
  scope: 'imbot',
  description: 'Deletes a chat bot of the calling application.',
  input: Type.Object({ BOT_ID: Loose, CLIENT_ID: Text }),
  errors: [...AUTH_ERRORS, 'BOT_ID_ERROR', 'APP_ID_ERROR', 'WRONG_REQUEST'],
  handler: ({ input, actor, deps, tx }) => deps.bots.unregister(tx, actor, input),
})

export const imbotUpdate = defineMethod({
  name: 'imbot.update',
  scope: 'imbot',
  description: "Changes a chat bot's code, handlers or profile.",
  input: Type.Object({ BOT_ID: Loose, CLIENT_ID: Text, FIELDS: Props }),
  errors: [...AUTH_ERRORS, 'BOT_ID_ERROR', 'APP_ID_ERROR', 'EVENT_MESSAGE_ADD_ERROR', 'EVENT_MESSAGE_UPDATE_ERROR', 'EVENT_MESSAGE_DELETE_ERROR',
    'EVENT_WELCOME_MESSAGE_ERROR', 'EVENT_BOT_DELETE_ERROR', 'NAME_ERROR', 'WRONG_REQUEST'],
  handler: ({ input, actor, deps, tx }) => deps.bots.update(tx, actor, input),
})

export const imbotList = defineMethod({
  name: 'imbot.bot.list',
  scope: 'imbot',
  description: 'The chat bots of the server, keyed by bot id.',
  input: Type.Object({}),
  errors: [],
  handler: ({ deps, tx }) => deps.bots.list(tx),
})

const MessageInput = Type.Object({
  BOT_ID: Loose, CLIENT_ID: Text, DIALOG_ID: Loose, MESSAGE: Loose, ATTACH: Loose, KEYBOARD: Loose, MENU: Loose, SYSTEM: Loose, URL_PREVIEW: Loose,
  MESSAGE_ID: Loose, IS_EDITED: Loose, SKIP_CONNECTOR: Loose, COMPLETE: Loose, FROM_USER_ID: Loose, TO_USER_ID: Loose,
})

export const imbotMessageAdd = defineMethod({
  name: 'imbot.message.add',
  scope: 'imbot',
  description: 'Sends a message from the chat bot.',
  input: MessageInput,
  errors: [...AUTH_ERRORS, 'BOT_ID_ERROR', 'APP_ID_ERROR', 'DIALOG_ID_EMPTY', 'MESSAGE_EMPTY', ...BLOCK_ERRORS, 'WRONG_REQUEST'],
  handler: ({ input, actor, deps, tx }) => deps.bots.messages.add(tx, actor, input),
})

export const imbotMessageUpdate = defineMethod({
  name: 'imbot.message.update',
  scope: 'imbot',
  description: "Changes the chat bot's message.",
  input: MessageInput,
  errors: [...AUTH_ERRORS, 'BOT_ID_ERROR', 'APP_ID_ERROR', 'MESSAGE_ID_ERROR', ...BLOCK_ERRORS, 'CANT_EDIT_MESSAGE'],
  handler: ({ input, actor, deps, tx }) => deps.bots.messages.update(tx, actor, input),
})

export const imbotMessageDelete = defineMethod({
  name: 'imbot.message.delete',
  scope: 'imbot',
  description: "Deletes the chat bot's message.",
  input: MessageInput,
  errors: [...AUTH_ERRORS, 'BOT_ID_ERROR', 'APP_ID_ERROR', 'MESSAGE_ID_ERROR', 'CANT_EDIT_MESSAGE'],
  handler: ({ input, actor, deps, tx }) => deps.bots.messages.remove(tx, actor, input),
})


const SessionInput = Type.Object({ CHAT_ID: Loose, CLIENT_ID: Text })
const SESSION_SCOPES = { scope: 'imopenlines', extraScopes: ['imbot'] } as const

export const botSessionOperator = defineMethod({
  name: 'imopenlines.bot.session.operator',
  ...SESSION_SCOPES,
  description: 'Passes the dialogue the bot holds to the queue of operators.',
  input: SessionInput,
  errors: ['CHAT_ID_EMPTY', 'WRONG_CHAT', 'BOT_ID_ERROR', ...AUTH_ERRORS],
  handler: ({ input, actor, deps, tx }) => deps.bots.sessions.operator(tx, actor, input),
})

export const botSessionFinish = defineMethod({
  name: 'imopenlines.bot.session.finish',
  ...SESSION_SCOPES,
  description: 'Ends the dialogue on behalf of the bot.',
  input: SessionInput,
  errors: ['CHAT_ID_EMPTY', 'WRONG_CHAT', 'BOT_ID_ERROR', ...AUTH_ERRORS],
  handler: ({ input, actor, deps, tx }) => deps.bots.sessions.finish(tx, actor, input),
})

export const botSessionMessageSend = defineMethod({
  name: 'imopenlines.bot.session.message.send',
  ...SESSION_SCOPES,
  description: "Sends the line's greeting or an automatic message into the bot's dialogue.",
  input: Type.Object({ CHAT_ID: Loose, CLIENT_ID: Text, NAME: Text, MESSAGE: Text }),
  errors: ['CHAT_ID_EMPTY', 'WRONG_CHAT', 'BOT_ID_ERROR', ...AUTH_ERRORS],
  handler: ({ input, actor, deps, tx }) => deps.bots.sessions.messageSend(tx, actor, input),
})

export const botSessionTransfer = defineMethod({
  name: 'imopenlines.bot.session.transfer',
  ...SESSION_SCOPES,
  description: 'Transfers the bot’s dialogue to an operator or to another line.',
  input: Type.Object({ CHAT_ID: Loose, CLIENT_ID: Text, USER_ID: Loose, QUEUE_ID: Loose, TRANSFER_ID: Loose, LEAVE: Loose }),
  errors: ['CHAT_ID_EMPTY', 'USER_ID_EMPTY', 'QUEUE_ID_EMPTY', 'TRANSFER_ID_EMPTY', 'BOT_ID_ERROR', 'OPERATOR_WRONG', 'WRONG_CHAT', ...AUTH_ERRORS],
  handler: ({ input, actor, deps, tx }) => deps.bots.sessions.transfer(tx, actor, input),
})

export const botSessionMethods = [botSessionOperator, botSessionFinish, botSessionMessageSend, botSessionTransfer]

const ChatInput = Type.Object({ BOT_ID: Loose, CLIENT_ID: Text, CHAT_ID: Loose, DIALOG_ID: Loose })

export const imbotSendTyping = defineMethod({
  name: 'imbot.chat.sendTyping',
  scope: 'imbot',
  description: 'Shows "the bot is typing" in a chat.',
  input: ChatInput,
  errors: [...AUTH_ERRORS, 'BOT_ID_ERROR', 'APP_ID_ERROR', 'DIALOG_ID_EMPTY', 'ACCESS_ERROR'],
  handler: ({ input, actor, deps, tx }) => deps.bots.chats.sendTyping(tx, actor, input),
})

export const imbotChatUserList = defineMethod({
  name: 'imbot.chat.user.list',
  scope: 'imbot',
  description: 'Ids of the members of a chat the bot is in.',
  input: ChatInput,
  errors: [...AUTH_ERRORS, 'CHAT_ID_EMPTY', 'ACCESS_ERROR', 'BOT_ID_ERROR', 'APP_ID_ERROR'],
  handler: ({ input, actor, deps, tx }) => deps.bots.chats.userList(tx, actor, input),
})

export const imbotChatLeave = defineMethod({
  name: 'imbot.chat.leave',
  scope: 'imbot',
  description: 'The bot leaves a chat.',
  input: ChatInput,
  errors: [...AUTH_ERRORS, 'CHAT_ID_EMPTY', 'ACCESS_ERROR', 'WRONG_REQUEST', 'BOT_ID_ERROR', 'APP_ID_ERROR'],
  handler: ({ input, actor, deps, tx }) => deps.bots.chats.leave(tx, actor, input),
})

export const imbotChatGet = defineMethod({
  name: 'imbot.chat.get',
  scope: 'imbot',
  description: 'The id of a chat by its ENTITY_TYPE and ENTITY_ID (open lines: LINES and the USER_CODE); null when not found.',
  input: Type.Object({ ENTITY_TYPE: Loose, ENTITY_ID: Loose, CLIENT_ID: Text }),
  errors: ['ACCESS_ERROR'],
  handler: ({ input, actor, deps, tx }) => deps.bots.chats.chatGet(tx, actor, input),
})

export const imbotDialogGet = defineMethod({
  name: 'imbot.dialog.get',
  scope: 'imbot',
  description: 'The dialogue (chat) as the caller sees it.',
  input: Type.Object({ DIALOG_ID: Loose, CLIENT_ID: Text, BOT_ID: Loose }),
  errors: ['DIALOG_ID_EMPTY', 'ACCESS_ERROR'],
  handler: ({ input, actor, deps, tx }) => deps.bots.chats.dialogGet(tx, actor, input),
})

export const botChatMethods = [imbotSendTyping, imbotChatUserList, imbotChatLeave, imbotChatGet, imbotDialogGet]

const CommandInput = Type.Object({
  BOT_ID: Loose, CLIENT_ID: Text, COMMAND_ID: Loose, COMMAND: Loose, EVENT_COMMAND_ADD: Loose, LANG: Loose, COMMON: Loose, HIDDEN: Loose,
  EXTRANET_SUPPORT: Loose, FIELDS: Props, MESSAGE_ID: Loose, MESSAGE: Loose, ATTACH: Loose, KEYBOARD: Loose, MENU: Loose, SYSTEM: Loose, URL_PREVIEW: Loose,
})

export const imbotCommandRegister = defineMethod({
  name: 'imbot.command.register',
  scope: 'imbot',
  description: 'Registers a slash command of a chat bot.',
  input: CommandInput,
  errors: [...AUTH_ERRORS, 'EVENT_COMMAND_ADD_ERROR', 'COMMAND_ERROR', 'BOT_ID_ERROR', 'APP_ID_ERROR', 'LANG_ERROR', 'WRONG_REQUEST'],
  handler: ({ input, actor, deps, tx }) => deps.bots.commands.register(tx, actor, input),
})

export const imbotCommandUpdate = defineMethod({
  name: 'imbot.command.update',
  scope: 'imbot',
  description: "Changes a bot command's text, handler, visibility or titles.",
  input: CommandInput,
  errors: [...AUTH_ERRORS, 'COMMAND_ID_ERROR', 'APP_ID_ERROR', 'EVENT_COMMAND_ADD_ERROR', 'WRONG_REQUEST'],
  handler: ({ input, actor, deps, tx }) => deps.bots.commands.update(tx, actor, input),
})

export const imbotCommandUnregister = defineMethod({
  name: 'imbot.command.unregister',
  scope: 'imbot',
  description: 'Deletes a bot command.',
  input: CommandInput,
  errors: [...AUTH_ERRORS, 'COMMAND_ID_ERROR', 'APP_ID_ERROR', 'WRONG_REQUEST'],
  handler: ({ input, actor, deps, tx }) => deps.bots.commands.unregister(tx, actor, input),
})

export const imbotCommandAnswer = defineMethod({
  name: 'imbot.command.answer',
  scope: 'imbot',
  description: "Answers a command in the chat of the command's message.",
  input: CommandInput,
  errors: [...AUTH_ERRORS, 'COMMAND_ID_ERROR', 'APP_ID_ERROR', 'MESSAGE_ID_EMPTY', 'MESSAGE_EMPTY', ...BLOCK_ERRORS, 'WRONG_REQUEST'],
  handler: ({ input, actor, deps, tx }) => deps.bots.commands.answer(tx, actor, input),
})

export const botCommandMethods = [imbotCommandRegister, imbotCommandUpdate, imbotCommandUnregister, imbotCommandAnswer]

export const botMethods = [
  imbotRegister, imbotUnregister, imbotUpdate, imbotList, imbotMessageAdd, imbotMessageUpdate, imbotMessageDelete, ...botSessionMethods, ...botChatMethods, ...botCommandMethods,
]
