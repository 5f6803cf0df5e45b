import { chatMethods } from '../chats/chats.methods.js'
import { presenceMethods } from '../routing/presence.methods.js'
import { lineDialogueMethods } from './line-dialogues.methods.js'
import { operatorMethods } from './operator.methods.js'
import { sessionMethods } from './session.methods.js'

/** Every REST method of the dialogues domain (chats, sessions, operators, presence). */
export const dialogueMethods = [...operatorMethods, ...sessionMethods, ...presenceMethods, ...chatMethods, ...lineDialogueMethods]
