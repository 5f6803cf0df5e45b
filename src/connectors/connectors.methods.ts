import { defineMethod } from '../rest/define-method.js'
import {
  ActivateInput, ChatNameInput, DataSetInput, IdInput, MessagesInput, NoInput, RegisterInput, StatusInput,
} from './connectors.schemas.js'

/**
 * imconnector.*: every page says "Application context required", so a
 * webhook gets 403 WRONG_AUTH_TYPE from the dispatcher (appOnly). The pages
 * put them under the imopenlines scope (chat.name.set under imconnector);
 * either scope admits the app.
 */
const base = { scope: 'imopenlines', extraScopes: ['imconnector'], appOnly: true } as const
const LINE_ERRORS = ['WRONG_AUTH_TYPE', 'ERROR_ARGUMENT', 'IMCONNECTOR_NO_CORRECT_PROVIDER', 'NOT_ACTIVE_LINE'] as const

export const connectorRegister = defineMethod({
  ...base,
  name: 'imconnector.register',
  description: 'Registers (or updates) a custom connector of the calling application; errors come inside result with HTTP 200.',
  input: RegisterInput,
  errors: ['WRONG_AUTH_TYPE'],
  handler: ({ input, actor, deps, tx }) => deps.connectors.admin.register(tx, actor, input),
})

export const connectorUnregister = defineMethod({
  ...base,
  name: 'imconnector.unregister',
  description: 'Removes a connector the calling application registered.',
  input: IdInput,
  errors: ['WRONG_AUTH_TYPE'],
  handler: ({ input, actor, deps, tx }) => deps.connectors.admin.unregister(tx, actor, input),
})

export const connectorList = defineMethod({
  ...base,
  name: 'imconnector.list',
  description: 'Lists available connectors as connector_id: name.',
  input: NoInput,
  errors: ['WRONG_AUTH_TYPE'],
  handler: ({ deps, tx }) => deps.connectors.admin.list(tx),
})

export const connectorActivate = defineMethod({
  ...base,
  name: 'imconnector.activate',
  description: 'Switches the connector on (ACTIVE=1) or off (ACTIVE=0) on an open line.',
  input: ActivateInput,
  errors: [...LINE_ERRORS, 'ACCESS_DENIED'],
  handler: ({ input, actor, deps, tx }) => deps.connectors.admin.activate(tx, actor, input),
})

export const connectorStatus = defineMethod({
  ...base,
  name: 'imconnector.status',
  description: 'Reports whether the connector is configured and working on a line.',
  input: StatusInput,
  errors: ['WRONG_AUTH_TYPE', 'ERROR_ARGUMENT', 'IMCONNECTOR_NO_CORRECT_PROVIDER'],
  handler: ({ input, actor, deps, tx }) => deps.connectors.admin.status(tx, actor, input),
})

export const connectorDataSet = defineMethod({
  ...base,
  name: 'imconnector.connector.data.set',
  description: 'Saves the channel settings (ID, URL, URL_IM, NAME) of the connector on a line.',
  input: DataSetInput,
  errors: [...LINE_ERRORS, 'ACCESS_DENIED'],
  handler: ({ input, actor, deps, tx }) => deps.connectors.admin.dataSet(tx, actor, input),
})

export const connectorSendMessages = defineMethod({
  ...base,
  name: 'imconnector.send.messages',
  description: 'Customer messages from the external channel into the open line.',
  input: MessagesInput,
  errors: [...LINE_ERRORS],
  handler: ({ input, actor, deps, tx }) => deps.connectors.messages.send(tx, actor, input),
})

export const connectorUpdateMessages = defineMethod({
  ...base,
  name: 'imconnector.update.messages',
  description: 'Customer edits of messages sent earlier, by their external ids.',
  input: MessagesInput,
  errors: [...LINE_ERRORS],
  handler: ({ input, actor, deps, tx }) => deps.connectors.messages.update(tx, actor, input),
})

export const connectorDeleteMessages = defineMethod({
  ...base,
  name: 'imconnector.delete.messages',
  description: 'Customer deletions of messages sent earlier, by their external ids.',
  input: MessagesInput,
  errors: [...LINE_ERRORS],
  handler: ({ input, actor, deps, tx }) => deps.connectors.messages.remove(tx, actor, input),
})

export const connectorStatusDelivery = defineMethod({
  ...base,
  name: 'imconnector.send.status.delivery',
  description: 'Reports operator messages delivered to the channel, with their external ids.',
  input: MessagesInput,
  errors: [...LINE_ERRORS],
  handler: ({ input, actor, deps, tx }) => deps.connectors.messages.delivery(tx, actor, input),
})

export const connectorStatusReading = defineMethod({
  ...base,
  name: 'imconnector.send.status.reading',
  description: 'Reports operator messages read by the customer in the channel.',
  input: MessagesInput,
  errors: [...LINE_ERRORS],
  handler: ({ input, actor, deps, tx }) => deps.connectors.messages.reading(tx, actor, input),
})

export const connectorChatNameSet = defineMethod({
  scope: 'imconnector',
  extraScopes: ['imopenlines'],
  appOnly: true,
  name: 'imconnector.chat.name.set',
  description: 'Renames the open-line chat of an external chat.',
  input: ChatNameInput,
  errors: [...LINE_ERRORS, 'CHAT_RENAMING_FAILED'],
  handler: ({ input, actor, deps, tx }) => deps.connectors.messages.chatNameSet(tx, actor, input),
})

export const connectorMethods = [
  connectorRegister, connectorUnregister, connectorList, connectorActivate, connectorStatus, connectorDataSet, connectorSendMessages,
  connectorUpdateMessages, connectorDeleteMessages, connectorStatusDelivery, connectorStatusReading, connectorChatNameSet,
]
