import type { ChannelPort } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { connectorRules } from './connectors.repo.js'

type Signal = (tx: Executor, channel: string, name: string, data: unknown) => Promise<void>

/**
 * The channel side of operators' actions: an app's connector decides whether
 * operator messages may be edited or deleted in its chats (EDIT_INTERNAL_MESSAGES,
 * DEL_INTERNAL_MESSAGES of imconnector.register); the built-in widget allows both.
 * Typing and read marks reach the customer's widget through realtime signals.
 */
export function connectorChannels(signal: Signal): ChannelPort {
  return {
    async allowsOperatorChange(tx, connectorId, kind) {
      const rules = await connectorRules(tx, connectorId)
      if (!rules) return true
      return kind === 'edit' ? rules.edit_internal_messages : rules.del_internal_messages
    },
    async operatorSignal(tx, chatId, s) {
      if (s.kind === 'read') await signal(tx, `chat:${chatId}`, 'operatorRead', s.upTo)
      else await signal(tx, `chat:${chatId}`, 'operatorTyping', { userId: s.userId })
    },
    // Operators' consoles only: the widget's socket passes no signal it does not know.
    async internalMessage(tx, chatId, messageId) {
      await signal(tx, `chat:${chatId}`, 'internalMessage', { id: messageId })
    },
  }
}
