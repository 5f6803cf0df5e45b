import type { ChatRow } from '../chats/chats.repo.js'
import type { RestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { positiveInt } from './access.js'
import type { Engine, Live, Op } from './engine.js'
import type { LineConfig } from './line-port.js'
import type { QueueDispatch } from './queue-dispatch.js'
import { sessionErrors } from './sessions.errors.js'

export interface ChatCodes {
  /** CHAT_ID missing or not a positive integer. */
  empty: () => RestError
  /** No such chat. */
  missing: () => RestError
}

export const CHAT_ID_CODES: ChatCodes = { empty: sessionErrors.chatId, missing: sessionErrors.chatId }

export interface Loaded {
  chat: ChatRow
  line: LineConfig
  /** The open session, if any. */
  live: Live | null
}

/**
 * Runs a method's work on one open-line chat: checks CHAT_ID and the caller,
 * locks the chat (the first lock of the transaction, always), reads its line
 * and open session, and lets freed operators take waiting dialogues after.
 */
export function createChatOp(d: { engine: Engine; queue: QueueDispatch }) {
  return function withChat<T>(tx: Executor, actor: Actor, rawChatId: unknown, codes: ChatCodes, body: (op: Op, loaded: Loaded) => Promise<T>): Promise<T> {
    const chatId = positiveInt(rawChatId)
    if (chatId === null) throw codes.empty()
    if (!(actor.userId > 0)) throw sessionErrors.userId()
    return d.queue.run(tx, async (op) => {
      const loaded = await d.engine.load(op, chatId)
      if (!loaded) throw codes.missing()
      if (loaded.chat.type !== 'lines') throw sessionErrors.chatType()
      const live = loaded.rec ? { chat: loaded.chat, line: loaded.line, rec: loaded.rec } : null
      return body(op, { chat: loaded.chat, line: loaded.line, live })
    })
  }
}

export type WithChat = ReturnType<typeof createChatOp>
