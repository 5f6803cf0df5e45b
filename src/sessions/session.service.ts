import { findChatByCode, lockChat, type ChatRow } from '../chats/chats.repo.js'
import { findMessage, moveMessages } from '../chats/messages.repo.js'
import { RestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { canWork, isManager, positiveInt, roleOn } from './access.js'
import { CHAT_ID_CODES, createChatOp } from './chat-op.js'
import type { Engine, Live, Op } from './engine.js'
import type { ChannelPort } from './events-port.js'
import { createJoin } from './join.service.js'
import type { LineConfig, LineReader } from './line-port.js'
import type { QueueDispatch } from './queue-dispatch.js'
import { newSession } from './session-state.js'
import { answeredBy, findSession, insertSession, setHeadVote } from './sessions.repo.js'
import { sessionErrors } from './sessions.errors.js'

const INTERCEPT_CODES = { empty: sessionErrors.chatIdEmpty, missing: sessionErrors.interceptWrong }

/** imopenlines.session.* and imopenlines.message.session.start. */
export function createSessionActions(d: { engine: Engine; queue: QueueDispatch; lines: LineReader; channels?: ChannelPort }) {
  const withChat = createChatOp(d)

  async function mustWork(tx: Executor, actor: Actor, chat: ChatRow, line: LineConfig): Promise<void> {
    if (!(await canWork(d.lines, tx, chat.id, line.id, actor))) throw sessionErrors.accessDenied()
  }

  /** A new session the calling operator handles from the start (an outgoing dialogue). */
  async function startNew(op: Op, chat: ChatRow, line: LineConfig, actor: Actor): Promise<Live> {
    const rec = await insertSession(op.tx, { chatId: chat.id, number: chat.session_count + 1, parentId: chat.last_session_id, state: newSession(chat.line_id, op.now) })
    const live: Live = { chat: { ...chat, session_count: chat.session_count + 1, last_session_id: rec.id }, line, rec }
    const res = await d.engine.apply(op, live, { type: 'startByOperator', at: op.now, operatorId: actor.userId })
    return res.ok ? res.live : live
  }

  async function start(tx: Executor, actor: Actor, chatId: unknown): Promise<boolean> {
    return withChat(tx, actor, chatId, CHAT_ID_CODES, async (op, { chat, line, live }) => {
      await mustWork(tx, actor, chat, line)
      if (live && live.rec.state.status !== 'closing') {
        if (live.rec.state.operatorId === actor.userId) return true
        throw sessionErrors.accessDenied()
      }
      if (live) await d.engine.apply(op, live, { type: 'finish', at: op.now, by: actor.userId, reason: 'restart' })
      await startNew(op, chat, line, actor)
      return true
    })
  }

  const join = createJoin(d)

  async function intercept(tx: Executor, actor: Actor, chatId: unknown): Promise<boolean> {
    return withChat(tx, actor, chatId, INTERCEPT_CODES, async (op, { live }) => {
      if (!live || (await roleOn(d.lines, tx, live.rec.state.lineId, actor)) === null) throw sessionErrors.interceptWrong()
      const res = await d.engine.apply(op, live, { type: 'intercept', at: op.now, operatorId: actor.userId })
      if (!res.ok) throw sessionErrors.interceptWrong()
      return true
    })
  }

  async function open(tx: Executor, actor: Actor, userCode: unknown): Promise<{ chatId: number }> {
    if (typeof userCode !== 'string' || userCode.trim() === '') throw sessionErrors.accessDenied()
    const chat = await findChatByCode(tx, userCode.trim())
    if (!chat || !(await canWork(d.lines, tx, chat.id, chat.line_id, actor))) throw sessionErrors.accessDenied()
    return { chatId: chat.id }
  }

  /** pin and silent: the session's operator switches a mode of their dialogue. */
  async function mode(tx: Executor, actor: Actor, chatId: unknown, kind: 'pin' | 'silent', on: boolean): Promise<boolean> {
    if (kind === 'pin' && (chatId === undefined || chatId === null || chatId === '')) throw sessionErrors.chatIdEmpty()
    return withChat(tx, actor, chatId, CHAT_ID_CODES, async (op, { chat, line, live }) => {
      await mustWork(tx, actor, chat, line)
      if (!live) throw sessionErrors.accessDenied()
      const action = kind === 'pin' ? { type: 'pin' as const, at: op.now, on, by: actor.userId } : { type: 'silent' as const, on, by: actor.userId }
      const res = await d.engine.apply(op, live, action)
      if (!res.ok) throw sessionErrors.accessDenied()
      return true
    })
  }

  /** pinAll / unpinAll over the dialogues the caller answers, chats locked in id order. */
  async function pinEvery(tx: Executor, actor: Actor, on: boolean): Promise<number[]> {
    const mine = (await answeredBy(tx, actor.userId)).filter((r) => r.state.pinned !== on).sort((a, b) => a.chatId - b.chatId)
    const changed: number[] = []
    await d.queue.run(tx, async (op) => {
      for (const candidate of mine) {
        const loaded = await d.engine.load(op, candidate.chatId)
        if (!loaded?.rec || loaded.rec.id !== candidate.id) continue
        const res = await d.engine.apply(op, { chat: loaded.chat, line: loaded.line, rec: loaded.rec }, { type: 'pin', at: op.now, on, by: actor.userId })
        if (res.ok) changed.push(candidate.id)
      }
    })
    return changed.sort((a, b) => b - a)
  }

  async function headVote(tx: Executor, actor: Actor, input: { sessionId: unknown; rating: unknown; comment: unknown }): Promise<boolean> {
    const sessionId = positiveInt(input.sessionId)
    if (sessionId === null) throw sessionErrors.emptySessionId()
    const hasRating = input.rating !== undefined && input.rating !== null && input.rating !== ''
    const comment = typeof input.comment === 'string' && input.comment !== '' ? input.comment : null
    if (!hasRating && comment === null) throw sessionErrors.emptyVoteParams()
    const rating = hasRating ? positiveInt(input.rating) : null
    if (hasRating && (rating === null || rating > 5)) throw new RestError('ERROR_ARGUMENT', 'Argument "RATING": a value from 1 to 5', 400)
    const seen = await findSession(tx, sessionId)
    if (!seen || !isManager(await roleOn(d.lines, tx, seen.state.lineId, actor))) throw sessionErrors.accessDenied()
    await lockChat(tx, seen.chatId)
    await setHeadVote(tx, sessionId, rating, comment)
    return true
  }

  async function messageSessionStart(tx: Executor, actor: Actor, chatId: unknown, messageId: unknown): Promise<boolean> {
    return withChat(tx, actor, chatId, CHAT_ID_CODES, async (op, { chat, line, live }) => {
      await mustWork(tx, actor, chat, line)
      const id = positiveInt(messageId)
      const message = id === null ? undefined : await findMessage(tx, id)
      if (!message || message.chat_id !== chat.id) throw sessionErrors.messageId()
      if (live) {
        const role = await roleOn(d.lines, tx, live.rec.state.lineId, actor)
        if (live.rec.state.operatorId !== actor.userId && !isManager(role)) throw sessionErrors.accessDenied()
        await d.engine.apply(op, live, { type: 'finish', at: op.now, by: actor.userId, reason: 'restart' })
      }
      const started = await startNew(op, chat, line, actor)
      await moveMessages(tx, chat.id, message.session_id, message.id, started.rec.id)
      return true
    })
  }

  return {
    start, join, intercept, open, headVote, messageSessionStart,
    pin: (tx: Executor, actor: Actor, chatId: unknown, on: boolean) => mode(tx, actor, chatId, 'pin', on),
    silent: (tx: Executor, actor: Actor, chatId: unknown, on: boolean) => mode(tx, actor, chatId, 'silent', on),
    pinAll: (tx: Executor, actor: Actor) => pinEvery(tx, actor, true),
    unpinAll: (tx: Executor, actor: Actor) => pinEvery(tx, actor, false),
  }
}

export type SessionActions = ReturnType<typeof createSessionActions>
