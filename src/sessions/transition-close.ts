import type { Action, CloseReason, Effect, SessionRules, SessionState, TransitionResult } from './session-state.js'
import { after, cancel, freedEffects, holders, leaveEffects, minus, no, ok, OPEN_TIMERS, timer } from './transition-kit.js'

type Of<T extends Action['type']> = Extract<Action, { type: T }>

/** Everyone who leaves when the session closes: its operators, and a bot that stayed (WELCOME_BOT_LEFT=close). */
const closers = (s: SessionState): number[] => (s.botId !== null ? [...holders(s), s.botId] : holders(s))

/** Closing a session for good: the operators (and a bot still in the chat) leave, their load drops. */
function closeFully(s: SessionState, at: Date): TransitionResult {
  const state: SessionState = { ...s, status: 'closed', closedAt: at, finishedAt: s.finishedAt ?? at }
  return ok(state, [...cancel('full_close'), ...freedEffects(s, null), ...leaveEffects(closers(s))])
}

interface Ending {
  at: Date
  by: number | null
  reason: CloseReason
  /** Text sent to the customer as the dialogue ends, if any. */
  text: string | null
  askVote: boolean
  /** Close at once, without the FULL_CLOSE_TIME wait (a session restarted from a message). */
  final: boolean
}

/**
 * Finishing: timers stop, OnSessionFinish is recorded, the closing text and
 * vote request go out; with FULL_CLOSE_TIME the session waits in `closing`,
 * where a customer's message reopens it, otherwise it closes at once.
 */
function end(s: SessionState, e: Ending, r: SessionRules): TransitionResult {
  const effects: Effect[] = [...cancel(...OPEN_TIMERS), { type: 'event', name: 'OnSessionFinish' }]
  if (e.text) effects.push({ type: 'message', code: 'CLOSE', text: e.text, toCustomer: true })
  let state: SessionState = { ...s, finishedAt: e.at, closedBy: e.by, closeReason: e.reason, waitAnswer: false }
  const talked = s.status === 'answered' || (s.status === 'bot' && e.reason === 'bot')
  if (e.askVote && r.vote.enabled && talked && s.voteRequestedAt === null) {
    effects.push({ type: 'message', code: 'VOTE_REQUEST', text: r.vote.requestText, toCustomer: true })
    if (r.vote.timeLimit > 0) effects.push(timer('vote', e.at, r.vote.timeLimit))
    state = { ...state, voteRequestedAt: e.at }
  }
  const others = minus(s.offeredTo, s.operatorId !== null ? [s.operatorId] : [])
  if (r.fullCloseTime > 0 && !e.final) {
    state = { ...state, status: 'closing', offeredTo: [] }
    return ok(state, [...effects, ...leaveEffects(others), timer('full_close', e.at, r.fullCloseTime)])
  }
  const closed = closeFully(state, e.at)
  return closed.ok ? ok(closed.state, [...effects, ...closed.effects]) : closed
}

export function finish(s: SessionState, a: Of<'finish'>, r: SessionRules): TransitionResult {
  if (s.status === 'closed') return no('closed')
  if (s.status === 'closing') return closeFully(s, a.at)
  // A bot that ends its dialogue (imopenlines.bot.session.finish) closes it as an operator does: closing text and vote request.
  const byOperator = a.reason === 'operator' || a.reason === 'another' || a.reason === 'bot'
  // A dialogue the bot held and finished closes at once: the customer's next message starts a new
  // session (with the bot again when WELCOME_BOT_JOIN=always), not a reopened one routed to operators.
  const final = a.reason === 'restart' || a.reason === 'line' || (a.reason === 'bot' && s.status === 'bot')
  return end(s, { at: a.at, by: a.by, reason: a.reason, text: byOperator ? r.closeText : null, askVote: byOperator, final }, r)
}

export function spam(s: SessionState, a: Of<'spam'>): TransitionResult {
  if (s.status === 'closed') return no('closed')
  const state: SessionState = {
    ...s, status: 'closed', spam: true, closedAt: a.at, finishedAt: s.finishedAt ?? a.at, closedBy: a.by, closeReason: 'spam',
    waitAnswer: false,
  }
  const event: Effect[] = s.status === 'closing' ? [] : [{ type: 'event', name: 'OnSessionFinish' }]
  return ok(state, [...cancel(...OPEN_TIMERS, 'full_close', 'vote'), ...event, ...freedEffects(s, null), ...leaveEffects(closers(s))])
}

/**
 * AUTO_CLOSE_TIME after the operator's last reply, the customer silent since.
 * The timer stays with an answered dialogue: while the customer waits for a
 * reply, or the last reply is recent, it re-arms instead of closing.
 */
export function autoCloseTimeout(s: SessionState, a: Of<'autoCloseTimeout'>, r: SessionRules): TransitionResult {
  if (s.status !== 'answered' || s.pinned || r.autoCloseTime <= 0) return no('state')
  if (s.waitAnswer || s.lastOperatorAt === null) return ok(s, [{ type: 'setTimer', kind: 'auto_close', at: after(a.at, r.autoCloseTime) }])
  const due = after(s.lastOperatorAt, r.autoCloseTime)
  if (due > a.at) return ok(s, [{ type: 'setTimer', kind: 'auto_close', at: due }])
  return end(s, { at: a.at, by: null, reason: 'auto', text: r.autoCloseText, askVote: false, final: false }, r)
}

export function fullCloseTimeout(s: SessionState, a: Of<'fullCloseTimeout'>): TransitionResult {
  return s.status === 'closing' ? closeFully(s, a.at) : no('state')
}

/** The last time anyone wrote in the session (or it started). */
function lastActivity(s: SessionState): Date {
  return new Date(Math.max(s.createdAt.getTime(), s.lastCustomerAt?.getTime() ?? 0, s.lastOperatorAt?.getTime() ?? 0))
}

/** AUTO_EXPIRE_TIME: nothing happened in an open dialogue for that long; it closes without a word. */
export function expireTimeout(s: SessionState, a: Of<'expireTimeout'>, r: SessionRules): TransitionResult {
  if (s.status === 'closed' || s.status === 'closing' || s.pinned || r.autoExpireTime <= 0) return no('state')
  const due = after(lastActivity(s), r.autoExpireTime)
  if (due > a.at) return ok(s, [{ type: 'setTimer', kind: 'expire', at: due }])
  const state: SessionState = { ...s, finishedAt: a.at, closeReason: 'expire', closedBy: null, waitAnswer: false }
  const closed = closeFully(state, a.at)
  if (!closed.ok) return closed
  return ok(closed.state, [...cancel(...OPEN_TIMERS), { type: 'event', name: 'OnSessionFinish' }, ...closed.effects])
}

/**
 * NO_ANSWER_TIME while nobody has answered yet: NO_ANSWER_RULE=text sends its
 * message once; NO_ANSWER_BOT_ID hands the dialogue to that bot (operators
 * offered it lose it), which holds it as a welcome bot does until it passes
 * it back to the queue or WELCOME_BOT_TIME runs out.
 */
export function noAnswerTimeout(s: SessionState, a: Of<'noAnswerTimeout'>, r: SessionRules): TransitionResult {
  const bot = s.status === 'bot' ? null : r.noAnswerBotId ?? null
  if (s.status === 'closed' || s.status === 'closing' || s.firstAnswerAt !== null || s.noAnswerSentAt !== null || (!r.noAnswerText && bot === null)) {
    return no('state')
  }
  const text: Effect[] = r.noAnswerText ? [{ type: 'message', code: 'NO_ANSWER', text: r.noAnswerText, toCustomer: true }] : []
  if (bot === null) return ok({ ...s, noAnswerSentAt: a.at }, text)
  const state: SessionState = { ...s, noAnswerSentAt: a.at, status: 'bot', botId: bot, operatorId: null, offeredTo: [], tried: [] }
  return ok(state, [
    ...text, ...cancel('queue'), ...leaveEffects(minus(holders(s), [bot])), ...freedEffects(s, null),
    { type: 'join', userIds: [bot] }, { type: 'toBot', kind: 'join', botId: bot }, timer('bot', a.at, r.welcomeBotTime),
  ])
}

export function kpiTimeout(s: SessionState, a: Of<'kpiTimeout'>): TransitionResult {
  if (a.kind === 'first') {
    if (s.status === 'closed' || s.status === 'closing' || s.firstAnswerAt !== null || s.kpiFirstAlertAt !== null) return no('state')
    return ok({ ...s, kpiFirstAlertAt: a.at }, [{ type: 'kpiAlert', kind: 'first', operatorId: s.operatorId }])
  }
  if (s.status !== 'answered' || !s.waitAnswer) return no('state')
  return ok({ ...s, kpiFurtherAlertAt: a.at }, [{ type: 'kpiAlert', kind: 'further', operatorId: s.operatorId }])
}

/** The customer's rating after the vote request; VOTE_CLOSING_DELAY closes a closing session on it. */
export function vote(s: SessionState, a: Of<'vote'>, r: SessionRules): TransitionResult {
  if (s.voteRequestedAt === null || s.vote !== null || s.voteClosedAt !== null) return no('state')
  const voted: SessionState = { ...s, vote: a.like ? 5 : 1 }
  const effects: Effect[] = [
    ...cancel('vote'),
    { type: 'message', code: a.like ? 'VOTE_LIKE' : 'VOTE_DISLIKE', text: a.like ? r.vote.likeText : r.vote.dislikeText, toCustomer: true },
  ]
  if (r.vote.closeOnVote && s.status === 'closing') {
    const closed = closeFully(voted, a.at)
    if (closed.ok) return ok(closed.state, [...effects, ...closed.effects])
  }
  return ok(voted, effects)
}

export function voteTimeout(s: SessionState, a: Of<'voteTimeout'>): TransitionResult {
  if (s.voteRequestedAt === null || s.vote !== null || s.voteClosedAt !== null) return no('state')
  return ok({ ...s, voteClosedAt: a.at })
}
