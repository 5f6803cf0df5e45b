import { presenceMethods } from '../routing/presence.methods.js'

/** Every REST method of the dialogues domain (chats, sessions, operators, presence). */
export const dialogueMethods = [...presenceMethods]
