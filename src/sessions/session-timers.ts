import { lockChat } from '../chats/chats.repo.js'
import type { TimerService } from '../timers/index.js'
import { timerKind, type Engine } from './engine.js'
import type { QueueDispatch } from './queue-dispatch.js'
import { SESSION_TIMER_KINDS, type Action, type TimerKind } from './session-state.js'
import { findSession } from './sessions.repo.js'

function actionFor(kind: TimerKind, at: Date): Action {
  switch (kind) {
    case 'queue': return { type: 'queueTimeout', at }
    case 'no_answer': return { type: 'noAnswerTimeout', at }
    case 'auto_close': return { type: 'autoCloseTimeout', at }
    case 'full_close': return { type: 'fullCloseTimeout', at }
    case 'expire': return { type: 'expireTimeout', at }
    case 'kpi_first': return { type: 'kpiTimeout', at, kind: 'first' }
    case 'kpi_further': return { type: 'kpiTimeout', at, kind: 'further' }
    case 'bot': return { type: 'botTimeout', at }
    case 'vote': return { type: 'voteTimeout', at }
    default: return unreachable(kind)
  }
}

function unreachable(kind: never): never {
  throw new Error(`unknown session timer ${String(kind)}`)
}

/**
 * Session timers act on their session through the state machine, after
 * locking the chat like every other change of a dialogue. A timer whose
 * reason has passed (the operator answered meanwhile) is refused by the
 * transition and changes nothing.
 */
export function registerSessionTimers(timers: TimerService, engine: Engine, queue: QueueDispatch): void {
  for (const kind of SESSION_TIMER_KINDS) {
    timers.register(timerKind(kind), {
      lock: async (tx, t) => {
        await lockChat(tx, Number(t.payload.chatId))
      },
      run: (tx, t, now) =>
        queue.run(tx, async (op) => {
          const rec = await findSession(tx, t.subjectId)
          if (!rec) return
          const chat = await lockChat(tx, rec.chatId)
          if (!chat) return
          const line = await engine.lineOf(tx, rec.state.lineId)
          await engine.apply(op, { chat, line, rec }, actionFor(kind, now))
        }, now),
    })
  }
}
