/** The bots domain's public face (imbot.*, bots in open lines). */
import type { AppsService } from '../apps/index.js'
import type { Clock } from '../platform/clock.js'
import type { Dialogues } from '../sessions/index.js'
import { createBotCommands } from './bot-commands.service.js'
import { createBotChats } from './bot-chats.service.js'
import { createBotMessages } from './bot-messages.service.js'
import { createBotSessions } from './bot-sessions.service.js'
import { createBotsService } from './bots.service.js'
import { registerBotWatch } from './bot-watch.service.js'
import type { TimerService } from '../timers/index.js'

export { botMethods } from './bots.methods.js'
export { MAX_BOTS_PER_APP } from './bots.service.js'
export { createBotPort, notifyBotsOfChange } from './bot-events.service.js'
export { customerKeyboard, pressCommandButton, type CustomerButton } from './bot-keyboard.service.js'

export function createBots(d: { clock: Clock; apps: AppsService; dialogues: Dialogues; timers: TimerService; allowPrivateHandlers: boolean }) {
  registerBotWatch(d)
  return { ...createBotsService(d), messages: createBotMessages(d), sessions: createBotSessions(d), chats: createBotChats(d), commands: createBotCommands(d) }
}

export type Bots = ReturnType<typeof createBots>
