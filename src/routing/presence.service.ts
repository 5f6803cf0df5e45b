import type { Engine } from '../sessions/engine.js'
import type { QueueDispatch } from '../sessions/queue-dispatch.js'
import { offeredTo } from '../sessions/sessions.repo.js'
import type { Executor } from '../storage/db.js'
import { isOnline, setPresence } from './routing.repo.js'

/**
 * Operator presence for CHECK_AVAILABLE. Coming online hands the operator
 * waiting dialogues; going offline returns the dialogues only offered to
 * them (not answered ones) to the queue of lines that check availability.
 */
export function createPresence(d: { engine: Engine; queue: QueueDispatch }) {
  async function set(tx: Executor, userId: number, online: boolean): Promise<boolean> {
    return d.queue.run(tx, async (op) => {
      const was = await isOnline(tx, userId)
      if (was === null) return false
      await setPresence(tx, userId, online, op.now)
      if (online) {
        op.freed.add(userId)
        return true
      }
      for (const s of await offeredTo(tx, userId)) {
        const loaded = await d.engine.load(op, s.chatId)
        if (!loaded?.rec || loaded.rec.id !== s.id || !loaded.line.checkAvailable) continue
        await d.engine.apply(op, { chat: loaded.chat, line: loaded.line, rec: loaded.rec }, { type: 'operatorUnavailable', at: op.now, operatorId: userId })
      }
      return true
    })
  }

  return { set, get: (tx: Executor, userId: number) => isOnline(tx, userId) }
}
