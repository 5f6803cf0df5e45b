import type { RestError } from '../platform/errors.js'
import { peopleByIds } from '../chats/people.repo.js'
import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { canWork, isManager, roleOn } from './access.js'
import { CHAT_ID_CODES, createChatOp } from './chat-op.js'
import type { DialogueCrm } from './crm-port.js'
import type { Engine, Live, Op } from './engine.js'
import type { LineReader } from './line-port.js'
import type { QueueDispatch } from './queue-dispatch.js'
import type { Action, Rejection } from './session-state.js'
import { sessionErrors } from './sessions.errors.js'

export type TransferTarget = { kind: 'user'; userId: number } | { kind: 'queue'; lineId: number }

type Allowed = (tx: Executor, live: Live) => Promise<boolean>

/**
 * imopenlines.operator.*: the actions an operator takes on a dialogue.
 * Every one locks the chat, checks the caller against the line's
 * permissions and hands the change to the state machine.
 */
export function createOperatorActions(d: { engine: Engine; queue: QueueDispatch; lines: LineReader; crm?: DialogueCrm }) {
  const withChat = createChatOp(d)

  /** The usual shape: the caller may work the dialogue, it has an open session, the state machine agrees. */
  function act(tx: Executor, actor: Actor, rawChatId: unknown, action: (at: Date) => Action, refuse: (r: Rejection) => RestError, allowed?: Allowed) {
    return withChat(tx, actor, rawChatId, CHAT_ID_CODES, async (op, { chat, line, live }) => {
      if (!(await canWork(d.lines, tx, chat.id, line.id, actor))) throw sessionErrors.accessDenied()
      if (!live) throw refuse('closed')
      if (allowed && !(await allowed(tx, live))) throw sessionErrors.accessDenied()
      const res = await d.engine.apply(op, live, action(op.now))
      if (!res.ok) throw refuse(res.reason)
      return true
    })
  }

  const denied = () => sessionErrors.accessDenied()
  const owns = (actor: Actor): Allowed => async (_tx, live) => live.rec.state.operatorId === actor.userId
  const holds = (actor: Actor): Allowed => async (_tx, live) => live.rec.state.operatorId === actor.userId || live.rec.state.offeredTo.includes(actor.userId)
  const managerOr = (actor: Actor, own: Allowed): Allowed => async (tx, live) =>
    (await own(tx, live)) || isManager(await roleOn(d.lines, tx, live.rec.state.lineId, actor))

  return {
    answer: (tx: Executor, actor: Actor, chatId: unknown) =>
      act(tx, actor, chatId, (at) => ({ type: 'answer', at, operatorId: actor.userId }), denied),

    skip: (tx: Executor, actor: Actor, chatId: unknown) =>
      act(tx, actor, chatId, (at) => ({ type: 'skip', at, operatorId: actor.userId }), (r) => (r === 'closed' ? sessionErrors.accessDeniedKick() : denied())),

    finish: (tx: Executor, actor: Actor, chatId: unknown) =>
      act(tx, actor, chatId, (at) => ({ type: 'finish', at, by: actor.userId, reason: 'operator' }), denied, owns(actor)),

    anotherFinish: (tx: Executor, actor: Actor, chatId: unknown) =>
      act(tx, actor, chatId, (at) => ({ type: 'finish', at, by: actor.userId, reason: 'another' }), denied, managerOr(actor, owns(actor))),

    spam: (tx: Executor, actor: Actor, chatId: unknown) =>
      act(tx, actor, chatId, (at) => ({ type: 'spam', at, by: actor.userId }), denied, managerOr(actor, holds(actor))),

    transfer: (tx: Executor, actor: Actor, chatId: unknown, target: TransferTarget) =>
      withChat(tx, actor, chatId, { empty: sessionErrors.chatIdEmpty, missing: sessionErrors.operatorWrong }, async (op, { live }) => {
        if (!live) throw sessionErrors.operatorWrong()
        const role = await roleOn(d.lines, tx, live.rec.state.lineId, actor)
        if (!(await holds(actor)(tx, live)) && !isManager(role)) throw sessionErrors.operatorWrong()
        const action = await transferAction(tx, op, live, target)
        const res = await d.engine.apply(op, live, action)
        if (!res.ok) throw sessionErrors.operatorWrong()
        if (target.kind === 'user') await d.crm?.transferred(tx, { chat: live.chat, sessionId: live.rec.id, operatorId: target.userId })
        return true
      }),
  }

  async function transferAction(tx: Executor, op: Op, live: Live, target: TransferTarget): Promise<Action> {
    if (target.kind === 'user') {
      const [user] = await peopleByIds(tx, [target.userId])
      const employee = user && user.active && (user.user_type === 'employee' || user.user_type === 'extranet')
      if (!employee || target.userId === live.rec.state.operatorId && live.rec.state.status === 'answered') throw sessionErrors.operatorWrong()
      return { type: 'transferToOperator', at: op.now, to: target.userId }
    }
    const line = await d.lines.getLine(tx, target.lineId)
    if (!line || !line.active || (await d.lines.queueUserIds(tx, line.id)).length === 0) throw sessionErrors.operatorWrong()
    return { type: 'transferToLine', at: op.now, lineId: line.id }
  }
}

export type OperatorActions = ReturnType<typeof createOperatorActions>
