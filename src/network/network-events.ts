import type { DialogueEvents } from '../sessions/index.js'
import type { NetworkService } from './network.service.js'

type Obj = Record<string, unknown>

/**
 * The dialogue engine's events port with the network's side added: a message
 * that goes out to a customer of the `network` connector (operator's reply,
 * the line's automatic texts) is queued, in the same transaction, for the
 * customer's server.
 */
export function withNetworkEvents(base: DialogueEvents, network: () => NetworkService): DialogueEvents {
  return {
    async record(tx, e) {
      await base.record(tx, e)
      if (e.connectorId !== 'network' || e.name !== 'OnOpenLineMessageAdd') return
      const first = ((e.data.DATA as Obj[] | undefined)?.[0] ?? {}) as Obj
      const id = Number((first.message as Obj | undefined)?.id)
      if (Number.isSafeInteger(id) && id > 0) await network().forwardMessageId(tx, e.chatId, id)
    },
    // A message to a network customer is also queued for its server: that takes the transactional path.
    plan: (e) => (e.connectorId === 'network' && e.name === 'OnOpenLineMessageAdd' ? null : base.plan?.(e) ?? null),
  }
}
