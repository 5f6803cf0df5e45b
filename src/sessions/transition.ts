import type { Action, Effect, SessionRules, SessionState, TransitionResult } from './session-state.js'
import {
  after, botLeaves, cancel, expiry, freedEffects, holders, joinEffects, leaveEffects, minus, no, ok, timer, union,
} from './transition-kit.js'
import {
  autoCloseTimeout, expireTimeout, finish, fullCloseTimeout, kpiTimeout, noAnswerTimeout, spam, vote, voteTimeout,
} from './transition-close.js'

type Of<T extends Action['type']> = Extract<Action, { type: T }>

/**
 * The session state machine: new → (bot) → waiting ⇄ offered → answered →
 * (closing) → closed, with pin, silent and spam on the side. Pure: it reads
 * nothing but its arguments and returns the next state and the effects the
 * service must carry out in the same transaction. A refusal changes nothing.
 */
export function transition(s: SessionState, a: Action, r: SessionRules): TransitionResult {
  switch (a.type) {
    case 'start': return start(s, a, r)
    case 'startByOperator': return startByOperator(s, a, r)
    case 'offer': return offer(s, a, r)
    case 'enqueue': return enqueue(s, a, r)
    case 'customerMessage': return customerMessage(s, a, r)
    case 'operatorMessage': return operatorMessage(s, a, r)
    case 'answer': return answer(s, a, r)
    case 'skip': return skip(s, a.operatorId)
    case 'operatorUnavailable': return s.status === 'offered' && s.offeredTo.includes(a.operatorId) ? skip(s, a.operatorId) : ok(s)
    case 'queueTimeout': return s.status === 'offered' ? ok(s, [{ type: 'route', exclude: s.tried }]) : no('state')
    case 'transferToOperator': return transferToOperator(s, a, r)
    case 'transferToLine': return transferToLine(s, a)
    case 'botToQueue': return botToQueue(s, r, null)
    case 'botTimeout': return botToQueue(s, r, { type: 'message', code: 'BOT_TIMEOUT', text: BOT_TIMEOUT_TEXT, toCustomer: false })
    case 'intercept': return intercept(s, a)
    case 'finish': return finish(s, a, r)
    case 'spam': return spam(s, a)
    case 'autoCloseTimeout': return autoCloseTimeout(s, a, r)
    case 'fullCloseTimeout': return fullCloseTimeout(s, a)
    case 'expireTimeout': return expireTimeout(s, a, r)
    case 'noAnswerTimeout': return noAnswerTimeout(s, a, r)
    case 'kpiTimeout': return kpiTimeout(s, a)
    case 'vote': return vote(s, a, r)
    case 'voteTimeout': return voteTimeout(s, a)
    case 'pin': return pin(s, a, r)
    case 'silent': return silent(s, a)
    default: return unreachable(a)
  }
}

function unreachable(a: never): never {
  throw new Error(`unknown session action ${JSON.stringify(a)}`)
}

const WAITING_FOR_OPERATOR = ['new', 'bot', 'waiting', 'offered']

function start(s: SessionState, a: Of<'start'>, r: SessionRules): TransitionResult {
  if (s.status !== 'new') return no('state')
  const effects: Effect[] = [{ type: 'event', name: 'OnSessionStart' }]
  if (a.welcomeText) effects.push({ type: 'message', code: 'WELCOME', text: a.welcomeText, toCustomer: true })
  if (a.offHoursText) effects.push({ type: 'message', code: 'WORKTIME_DAYOFF', text: a.offHoursText, toCustomer: true })
  effects.push(timer('expire', a.at, r.autoExpireTime))
  if ((r.noAnswerText !== null || (r.noAnswerBotId ?? null) !== null) && r.noAnswerTime > 0) effects.push(timer('no_answer', a.at, r.noAnswerTime))
  if (r.kpiFirstTime > 0) effects.push(timer('kpi_first', a.at, r.kpiFirstTime))
  if (a.botId !== null) {
    effects.push(...joinEffects([a.botId]), { type: 'toBot', kind: 'join', botId: a.botId }, timer('bot', a.at, r.welcomeBotTime))
    return ok({ ...s, status: 'bot', botId: a.botId }, effects)
  }
  effects.push({ type: 'route', exclude: [] })
  return ok(s, effects)
}

function startByOperator(s: SessionState, a: Of<'startByOperator'>, r: SessionRules): TransitionResult {
  if (s.status !== 'new') return no('state')
  const state: SessionState = { ...s, status: 'answered', operatorId: a.operatorId, answeredAt: a.at }
  return ok(state, [{ type: 'event', name: 'OnSessionStart' }, ...joinEffects([a.operatorId]), timer('expire', a.at, r.autoExpireTime)])
}

function offer(s: SessionState, a: Of<'offer'>, r: SessionRules): TransitionResult {
  if (!WAITING_FOR_OPERATOR.includes(s.status) || a.operatorIds.length === 0) return no('state')
  const ids = a.operatorIds
  const state: SessionState = {
    ...s,
    status: 'offered',
    operatorId: a.toAll ? null : ids[0],
    offeredTo: ids,
    tried: a.newRound ? ids : union(s.tried, ids),
    offeredAt: a.at,
    queuedAt: s.queuedAt ?? a.at,
  }
  const effects: Effect[] = [
    ...leaveEffects(minus(holders(s), ids)),
    ...freedEffects(s, state.operatorId),
    ...botLeaves(s, r),
    ...joinEffects(minus(ids, s.offeredTo)),
    // Without QUEUE_TIME there is no hand-over; a timer can only be pending from an earlier offer.
    ...(r.queueTime > 0 || s.status === 'offered' ? [timer('queue', a.at, r.queueTime)] : []),
  ]
  return ok(state, effects)
}

function enqueue(s: SessionState, a: Of<'enqueue'>, r: SessionRules): TransitionResult {
  if (!WAITING_FOR_OPERATOR.includes(s.status)) return no('state')
  // Still nobody: a dialogue already waiting stays as it is.
  if (s.status === 'waiting' && s.operatorId === null && s.offeredTo.length === 0 && s.tried.length === 0) return ok(s)
  const state: SessionState = { ...s, status: 'waiting', operatorId: null, offeredTo: [], tried: [], queuedAt: s.queuedAt ?? a.at }
  return ok(state, [...leaveEffects(holders(s)), ...freedEffects(s, null), ...botLeaves(s, r), ...cancel('queue')])
}

/**
 * Per-message work is kept to the session row: timers that a message makes
 * moot (auto-close, KPI, no-answer, expiry) are not cancelled or moved here,
 * they check the state when they fire and re-arm or do nothing.
 */
function customerMessage(s: SessionState, a: Of<'customerMessage'>, r: SessionRules): TransitionResult {
  if (s.status === 'closed') return no('closed')
  const base: SessionState = { ...s, lastCustomerAt: a.at, waitAnswer: true }
  if (s.status === 'closing') {
    // Within FULL_CLOSE_TIME the customer's message reopens the same session.
    const reopened: SessionState = { ...base, finishedAt: null, closedBy: null, closeReason: null }
    const effects: Effect[] = [...cancel('full_close'), expiry(s, a.at, r)]
    if (s.operatorId !== null) return ok({ ...reopened, status: 'answered' }, [...effects, timer('auto_close', a.at, r.autoCloseTime)])
    return ok({ ...reopened, status: 'waiting', queuedAt: a.at }, [...effects, { type: 'route', exclude: [] }])
  }
  const effects: Effect[] = []
  if (s.status === 'bot' && s.botId !== null) {
    // WELCOME_BOT_TIME counts from the customer's last message: a bot that stays silent (or whose handler is down) hands over then.
    return ok(base, [{ type: 'toBot', kind: 'message', botId: s.botId }, timer('bot', a.at, r.welcomeBotTime)])
  }
  if (s.status === 'answered' && !s.waitAnswer && r.kpiFurtherTime > 0 && s.firstAnswerAt !== null) {
    effects.push(timer('kpi_further', a.at, r.kpiFurtherTime))
  }
  return ok(base, effects)
}

function operatorMessage(s: SessionState, a: Of<'operatorMessage'>, r: SessionRules): TransitionResult {
  if (s.status === 'closed' || s.status === 'closing' || s.silent) return ok(s)
  let current = s
  const effects: Effect[] = []
  if (s.status !== 'answered') {
    // Writing to a dialogue offered to you takes it, as answering does.
    if (!s.offeredTo.includes(a.operatorId) && s.operatorId !== a.operatorId) return ok(s)
    const taken = answer(s, { type: 'answer', at: a.at, operatorId: a.operatorId }, r)
    if (!taken.ok) return taken
    current = taken.state
    effects.push(...taken.effects)
  }
  const first = current.firstAnswerAt === null
  const state: SessionState = { ...current, firstAnswerAt: current.firstAnswerAt ?? a.at, lastOperatorAt: a.at, waitAnswer: false }
  // Auto-close counts from the operator's last reply: armed at the first one, it re-arms itself when it fires early.
  if (first && !state.pinned && r.autoCloseTime > 0) effects.push(timer('auto_close', a.at, r.autoCloseTime))
  return ok(state, effects)
}

function answer(s: SessionState, a: Of<'answer'>, r: SessionRules): TransitionResult {
  if (s.status === 'closed' || s.status === 'closing') return no('closed')
  if (s.status === 'answered') return s.operatorId === a.operatorId ? ok(s) : no('taken')
  if (s.status === 'offered' && !s.offeredTo.includes(a.operatorId) && s.operatorId !== a.operatorId) return no('taken')
  const state: SessionState = {
    ...s, status: 'answered', operatorId: a.operatorId, offeredTo: [], tried: [], answeredAt: s.answeredAt ?? a.at,
  }
  return ok(state, [
    ...cancel('queue', 'bot'),
    ...leaveEffects(minus(s.offeredTo, [a.operatorId])),
    ...botLeaves(s, r),
    ...joinEffects(s.offeredTo.includes(a.operatorId) ? [] : [a.operatorId]),
  ])
}

function skip(s: SessionState, operatorId: number): TransitionResult {
  if (s.status === 'closed' || s.status === 'closing') return no('closed')
  const holds = s.operatorId === operatorId || (s.status === 'offered' && s.offeredTo.includes(operatorId))
  if (!holds || (s.status !== 'offered' && s.status !== 'answered')) return no('not_operator')
  const rest = minus(s.offeredTo, [operatorId])
  if (s.status === 'offered' && s.operatorId === null && rest.length > 0) {
    return ok({ ...s, offeredTo: rest }, leaveEffects([operatorId]))
  }
  const tried = union(s.tried, [operatorId])
  const state: SessionState = { ...s, status: 'waiting', operatorId: null, offeredTo: [], tried }
  return ok(state, [...leaveEffects(holders(s)), ...freedEffects(s, null), ...cancel('queue'), { type: 'route', exclude: tried }])
}

function transferToOperator(s: SessionState, a: Of<'transferToOperator'>, r: SessionRules): TransitionResult {
  if (s.status === 'closed' || s.status === 'closing') return no('closed')
  if (s.operatorId === a.to && s.status === 'answered') return no('state')
  const state: SessionState = {
    ...s, status: 'offered', operatorId: a.to, offeredTo: [a.to], tried: [a.to], offeredAt: a.at,
    queuedAt: s.queuedAt ?? a.at, transferCount: s.transferCount + 1,
  }
  return ok(state, [
    ...leaveEffects(minus(holders(s), [a.to])),
    ...freedEffects(s, a.to),
    ...botLeaves(s, r),
    ...joinEffects(holders(s).includes(a.to) ? [] : [a.to]),
    timer('queue', a.at, r.queueTime),
  ])
}

function transferToLine(s: SessionState, a: Of<'transferToLine'>): TransitionResult {
  if (s.status === 'closed' || s.status === 'closing') return no('closed')
  const state: SessionState = {
    ...s, lineId: a.lineId, status: 'waiting', operatorId: null, offeredTo: [], tried: [], queuedAt: a.at,
    transferCount: s.transferCount + 1,
  }
  return ok(state, [...leaveEffects(holders(s)), ...freedEffects(s, null), ...cancel('queue', 'bot'), { type: 'route', exclude: [] }])
}

/** What operators read in the chat when the bot's time ran out. */
export const BOT_TIMEOUT_TEXT = 'The chat bot did not finish in time (WELCOME_BOT_TIME): the dialogue was passed to the operators.'

function botToQueue(s: SessionState, r: SessionRules, why: Effect | null): TransitionResult {
  if (s.status !== 'bot') return no('state')
  return ok({ ...s, status: 'waiting' }, [...(why ? [why] : []), ...botLeaves(s, r), ...cancel('bot'), { type: 'route', exclude: [] }])
}

function intercept(s: SessionState, a: Of<'intercept'>): TransitionResult {
  if (s.status === 'closed' || s.status === 'closing') return no('closed')
  if (s.status === 'answered' && s.operatorId === a.operatorId) return no('state')
  const state: SessionState = {
    ...s, status: 'answered', operatorId: a.operatorId, offeredTo: [], tried: [], answeredAt: s.answeredAt ?? a.at,
  }
  return ok(state, [
    ...leaveEffects(minus(holders(s), [a.operatorId])),
    ...freedEffects(s, a.operatorId),
    ...joinEffects(holders(s).includes(a.operatorId) ? [] : [a.operatorId]),
    ...cancel('queue', 'bot'),
  ])
}

function pin(s: SessionState, a: Of<'pin'>, r: SessionRules): TransitionResult {
  if (s.status === 'closed' || s.status === 'closing') return no('closed')
  if (s.status !== 'answered' || s.operatorId !== a.by) return no('not_operator')
  const state: SessionState = { ...s, pinned: a.on }
  // A pinned dialogue stays with its operator: it is neither auto-closed nor expired.
  if (a.on) return ok(state, cancel('auto_close', 'expire'))
  const effects: Effect[] = [timer('expire', a.at, r.autoExpireTime)]
  if (!s.waitAnswer && s.lastOperatorAt !== null && r.autoCloseTime > 0) effects.push({ type: 'setTimer', kind: 'auto_close', at: after(a.at, r.autoCloseTime) })
  return ok(state, effects)
}

function silent(s: SessionState, a: Of<'silent'>): TransitionResult {
  if (s.status === 'closed') return no('closed')
  if (s.operatorId !== a.by) return no('not_operator')
  return ok({ ...s, silent: a.on })
}
