import { recordEvent } from '../events/index.js'
import type { DialogueEvents } from './events-port.js'

/**
 * Dialogue events into the events domain's outbox, in the caller's
 * transaction. Bitrix24 sends open-line events only to the app that added
 * the chat's connector; until connectors are registered by apps here, they
 * go to every app bound to the event.
 */
export const outboxEvents: DialogueEvents = {
  async record(tx, e) {
    await recordEvent(tx, { event: e.name, data: e.data, chatId: e.chatId, userId: e.userId ?? null })
  },
  plan: (e) => ({ events: [{ event: e.name, data: e.data, chatId: e.chatId, userId: e.userId ?? null }], guards: [] }),
}
