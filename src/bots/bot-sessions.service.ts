import { memberIds, removeMembers } from '../chats/chats.repo.js'
import { peopleByIds } from '../chats/people.repo.js'
import { RestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import type { Dialogues } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { callerApp } from './bot-identity.js'
import { botErrors } from './bots.errors.js'
import { botsOfApp, type BotRow } from './bots.repo.js'

type Engine = Dialogues['engine']
type Op = Parameters<Engine['apply']>[0]
type Live = Parameters<Engine['apply']>[1]
type Action = Parameters<Engine['apply']>[2]

/** Codes of the bot session pages (imopenlines/openlines/chat-bots). */
const errors = {
  chatIdEmpty: () => new RestError('CHAT_ID_EMPTY', "Chat ID can't be empty", 400),
  wrongChat: () => new RestError('WRONG_CHAT', 'Operator is not a bot', 400),
  userIdEmpty: () => new RestError('USER_ID_EMPTY', "User ID can't be empty", 400),
  queueIdEmpty: () => new RestError('QUEUE_ID_EMPTY', "QUEUE ID can't be empty", 400),
  transferIdEmpty: () => new RestError('TRANSFER_ID_EMPTY', 'Queue ID or User ID can\'t be empty', 400),
  operatorWrong: () => new RestError('OPERATOR_WRONG', 'You cannot redirect to this operator', 400),
}

const positive = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN
  return Number.isInteger(n) && n > 0 && n <= 2147483647 ? n : null
}

interface Held { op: Op; live: Live; bot: BotRow }

export interface TransferInput { CHAT_ID?: unknown; USER_ID?: unknown; QUEUE_ID?: unknown; TRANSFER_ID?: unknown; LEAVE?: unknown; CLIENT_ID?: string }

/**
 * imopenlines.bot.session.*: what a bot does with the dialogue it is in.
 * The caller acts through its application's bot that is a member of the
 * chat; a dialogue without one is not theirs (BOT_ID_ERROR).
 */
export function createBotSessions(d: { dialogues: Dialogues }) {
  async function withBot<T>(tx: Executor, actor: Actor, input: { CHAT_ID?: unknown; CLIENT_ID?: string }, body: (h: Held) => Promise<T>): Promise<T> {
    const chatId = positive(input.CHAT_ID)
    if (chatId === null) throw errors.chatIdEmpty()
    const appId = await callerApp(tx, actor, input.CLIENT_ID)
    const bots = appId === null ? [] : await botsOfApp(tx, appId)
    if (!bots.length) throw botErrors.botId()
    return d.dialogues.queue.run(tx, async (op) => {
      const loaded = await d.dialogues.engine.load(op, chatId)
      if (!loaded?.rec) throw errors.wrongChat()
      const members = new Set(await memberIds(tx, chatId))
      const bot = bots.find((b) => b.user_id === loaded.rec?.state.botId) ?? bots.find((b) => members.has(b.user_id))
      if (!bot) throw botErrors.botId()
      return body({ op, live: { chat: loaded.chat, line: loaded.line, rec: loaded.rec }, bot })
    })
  }

  async function apply(h: Held, action: Action, refuse: () => RestError): Promise<true> {
    const res = await d.dialogues.engine.apply(h.op, h.live, action)
    if (!res.ok) throw refuse()
    return true
  }

  /** bot.session.operator: from the bot straight to the queue; the history stays in the chat for the operator. */
  const operator = (tx: Executor, actor: Actor, input: { CHAT_ID?: unknown; CLIENT_ID?: string }) =>
    withBot(tx, actor, input, async (h) => {
      if (h.live.rec.state.status !== 'bot') throw errors.wrongChat()
      return apply(h, { type: 'botToQueue', at: h.op.now }, errors.wrongChat)
    })

  const finish = (tx: Executor, actor: Actor, input: { CHAT_ID?: unknown; CLIENT_ID?: string }) =>
    withBot(tx, actor, input, (h) => apply(h, { type: 'finish', at: h.op.now, by: h.bot.user_id, reason: 'bot' }, errors.wrongChat))

  /** NAME=WELCOME sends the line's greeting; DEFAULT the MESSAGE, nothing when it is empty (imopenlines-bot-session-message-send.md). */
  const messageSend = (tx: Executor, actor: Actor, input: { CHAT_ID?: unknown; CLIENT_ID?: string; NAME?: string; MESSAGE?: string }) =>
    withBot(tx, actor, input, async (h) => {
      const welcome = (input.NAME ?? 'DEFAULT').toUpperCase() === 'WELCOME'
      const text = welcome ? h.live.line.welcomeMessageText : (input.MESSAGE ?? '').trim()
      if (text) await d.dialogues.engine.systemMessage(h.op, h.live, welcome ? 'WELCOME' : 'DEFAULT', text, true)
      return true
    })

  const transfer = (tx: Executor, actor: Actor, input: TransferInput) => {
    const target = transferTarget(input)
    return withBot(tx, actor, input, async (h) => {
      const action = await transferAction(tx, h, target)
      await apply(h, action, errors.operatorWrong)
      // LEAVE=Y: the bot leaves at once instead of when the operator takes the dialogue.
      if (input.LEAVE === 'Y' || input.LEAVE === true) await removeMembers(tx, h.live.chat.id, [h.bot.user_id])
      return true
    })
  }

  async function transferAction(tx: Executor, h: Held, target: { kind: 'user' | 'queue'; id: number }): Promise<Action> {
    if (target.kind === 'user') {
      const [user] = await peopleByIds(tx, [target.id])
      if (!user || !user.active || (user.user_type !== 'employee' && user.user_type !== 'extranet')) throw errors.operatorWrong()
      return { type: 'transferToOperator', at: h.op.now, to: target.id }
    }
    const line = await d.dialogues.deps.lines.getLine(tx, target.id)
    if (!line || !line.active) throw errors.operatorWrong()
    return { type: 'transferToLine', at: h.op.now, lineId: line.id }
  }

  return { operator, finish, messageSend, transfer }
}

/** USER_ID, QUEUE_ID, or TRANSFER_ID (`12` or `queue3`), checked in that order. */
function transferTarget(input: TransferInput): { kind: 'user' | 'queue'; id: number } {
  if (input.USER_ID !== undefined) {
    const id = positive(input.USER_ID)
    if (id === null) throw errors.userIdEmpty()
    return { kind: 'user', id }
  }
  if (input.QUEUE_ID !== undefined) {
    const id = positive(input.QUEUE_ID)
    if (id === null) throw errors.queueIdEmpty()
    return { kind: 'queue', id }
  }
  const raw = String(input.TRANSFER_ID ?? '').trim()
  const queue = /^queue(\d+)$/i.exec(raw)
  const id = positive(queue ? queue[1] : raw)
  if (id === null) throw errors.transferIdEmpty()
  return { kind: queue ? 'queue' : 'user', id }
}
