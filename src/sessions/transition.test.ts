import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { newSession, type Action, type SessionRules, type SessionState } from './session-state.js'
import { BOT_TIMEOUT_TEXT, transition } from './transition.js'

const T0 = new Date('2026-03-02T10:00:00Z')
const at = (sec: number) => new Date(T0.getTime() + sec * 1000)

const rules: SessionRules = {
  queueTime: 60,
  noAnswerTime: 120,
  noAnswerText: 'No one is here yet',
  autoCloseTime: 3600,
  autoCloseText: 'Closed for silence',
  fullCloseTime: 0,
  autoExpireTime: 86400,
  closeText: 'Thank you',
  welcomeBotTime: 180,
  botLeavesOnQueue: true,
  vote: { enabled: true, timeLimit: 0, closeOnVote: true, requestText: 'Rate us', likeText: 'Yay', dislikeText: 'Sorry' },
  kpiFirstTime: 0,
  kpiFurtherTime: 0,
}

function step(s: SessionState, a: Action, r: SessionRules = rules) {
  const res = transition(s, a, r)
  if (!res.ok) throw new Error(`refused: ${res.reason}`)
  return res
}

function offeredTo(ids: number[], toAll = false): SessionState {
  const started = step(newSession(1, T0), { type: 'start', at: T0, botId: null, welcomeText: null, offHoursText: null })
  return step(started.state, { type: 'offer', at: T0, operatorIds: ids, toAll }).state
}

function answeredBy(op: number): SessionState {
  return step(offeredTo([op]), { type: 'answer', at: at(5), operatorId: op }).state
}

describe('transition: start and routing', () => {
  it('starts by recording OnSessionStart, sending the welcome text and asking routing', () => {
    const res = step(newSession(1, T0), { type: 'start', at: T0, botId: null, welcomeText: 'Hello', offHoursText: null })
    expect(res.state.status).toBe('new')
    expect(res.effects).toEqual([
      { type: 'event', name: 'OnSessionStart' },
      { type: 'message', code: 'WELCOME', text: 'Hello', toCustomer: true },
      { type: 'setTimer', kind: 'expire', at: at(86400) },
      { type: 'setTimer', kind: 'no_answer', at: at(120) },
      { type: 'route', exclude: [] },
    ])
  })

  it('gives the dialogue to the welcome bot first, with its time limit', () => {
    const res = step(newSession(1, T0), { type: 'start', at: T0, botId: 77, welcomeText: null, offHoursText: 'We are closed' })
    expect(res.state).toMatchObject({ status: 'bot', botId: 77 })
    expect(res.effects).toContainEqual({ type: 'join', userIds: [77] })
    expect(res.effects).toContainEqual({ type: 'setTimer', kind: 'bot', at: at(180) })
    expect(res.effects).toContainEqual({ type: 'message', code: 'WORKTIME_DAYOFF', text: 'We are closed', toCustomer: true })
    const queued = step(res.state, { type: 'botTimeout', at: at(180) })
    expect(queued.state.status).toBe('waiting')
    expect(queued.effects).toEqual([
      { type: 'message', code: 'BOT_TIMEOUT', text: BOT_TIMEOUT_TEXT, toCustomer: false },
      { type: 'leave', userIds: [77] }, { type: 'cancelTimer', kind: 'bot' }, { type: 'route', exclude: [] },
    ])
  })

  it('tells the bot it joined and each customer message, counting its time from the last one', () => {
    const res = step(newSession(1, T0), { type: 'start', at: T0, botId: 77, welcomeText: null, offHoursText: null })
    expect(res.effects).toContainEqual({ type: 'toBot', kind: 'join', botId: 77 })
    const msg = step(res.state, { type: 'customerMessage', at: at(30) })
    expect(msg.state.status).toBe('bot')
    expect(msg.effects).toEqual([{ type: 'toBot', kind: 'message', botId: 77 }, { type: 'setTimer', kind: 'bot', at: at(210) }])
    // The bot's own message changes nothing; bot.session.operator hands over without the timeout note.
    expect(step(msg.state, { type: 'operatorMessage', at: at(31), operatorId: 77 })).toEqual({ ok: true, state: msg.state, effects: [] })
    expect(step(msg.state, { type: 'botToQueue', at: at(40) }).effects[0]).toEqual({ type: 'leave', userIds: [77] })
  })

  it('offers to one operator with a queue-time hand-over timer', () => {
    const s = offeredTo([5])
    expect(s).toMatchObject({ status: 'offered', operatorId: 5, offeredTo: [5], tried: [5], offeredAt: T0, queuedAt: T0 })
    const res = step(s, { type: 'queueTimeout', at: at(60) })
    expect(res.effects).toEqual([{ type: 'route', exclude: [5] }])
    const next = step(res.state, { type: 'offer', at: at(60), operatorIds: [6], toAll: false })
    expect(next.state).toMatchObject({ operatorId: 6, tried: [5, 6] })
    expect(next.effects).toEqual([
      { type: 'leave', userIds: [5] },
      { type: 'freed', operatorId: 5 },
      { type: 'join', userIds: [6] },
      { type: 'setTimer', kind: 'queue', at: at(120) },
    ])
  })

  it('offers to everyone for the all queue type, and the first answer wins', () => {
    const s = offeredTo([5, 6, 7], true)
    expect(s).toMatchObject({ operatorId: null, offeredTo: [5, 6, 7] })
    const won = step(s, { type: 'answer', at: at(3), operatorId: 6 })
    expect(won.state).toMatchObject({ status: 'answered', operatorId: 6, offeredTo: [], answeredAt: at(3) })
    expect(won.effects).toContainEqual({ type: 'leave', userIds: [5, 7] })
    expect(transition(won.state, { type: 'answer', at: at(4), operatorId: 5 }, rules)).toEqual({ ok: false, reason: 'taken' })
    expect(transition(won.state, { type: 'answer', at: at(4), operatorId: 6 }, rules)).toEqual({ ok: true, state: won.state, effects: [] })
  })

  it('refuses an answer from an operator the dialogue is not offered to', () => {
    expect(transition(offeredTo([5]), { type: 'answer', at: at(1), operatorId: 9 }, rules)).toEqual({ ok: false, reason: 'taken' })
  })

  it('waits in the queue when nobody can take it, keeping the time it entered', () => {
    const started = step(newSession(1, T0), { type: 'start', at: T0, botId: null, welcomeText: null, offHoursText: null })
    const waiting = step(started.state, { type: 'enqueue', at: T0 }).state
    expect(waiting).toMatchObject({ status: 'waiting', queuedAt: T0 })
    const offered = step(waiting, { type: 'offer', at: at(30), operatorIds: [5], toAll: false }).state
    expect(offered.queuedAt).toEqual(T0)
  })

  it('skips to the next operator, excluding those already tried', () => {
    const res = step(offeredTo([5]), { type: 'skip', at: at(2), operatorId: 5 })
    expect(res.state).toMatchObject({ status: 'waiting', operatorId: null, tried: [5] })
    expect(res.effects).toEqual([
      { type: 'leave', userIds: [5] },
      { type: 'freed', operatorId: 5 },
      { type: 'cancelTimer', kind: 'queue' },
      { type: 'route', exclude: [5] },
    ])
    expect(transition(offeredTo([5]), { type: 'skip', at: at(2), operatorId: 6 }, rules)).toEqual({ ok: false, reason: 'not_operator' })
  })

  it('transfers to an operator or to another line', () => {
    const toUser = step(answeredBy(5), { type: 'transferToOperator', at: at(10), to: 8 })
    expect(toUser.state).toMatchObject({ status: 'offered', operatorId: 8, transferCount: 1 })
    expect(toUser.effects).toContainEqual({ type: 'freed', operatorId: 5 })
    const toLine = step(answeredBy(5), { type: 'transferToLine', at: at(10), lineId: 2 })
    expect(toLine.state).toMatchObject({ status: 'waiting', lineId: 2, operatorId: null, queuedAt: at(10) })
    expect(toLine.effects.at(-1)).toEqual({ type: 'route', exclude: [] })
  })

  it('lets a supervisor intercept a dialogue another operator holds', () => {
    const res = step(answeredBy(5), { type: 'intercept', at: at(20), operatorId: 9 })
    expect(res.state).toMatchObject({ status: 'answered', operatorId: 9 })
    expect(res.effects).toEqual(expect.arrayContaining([{ type: 'leave', userIds: [5] }, { type: 'join', userIds: [9] }, { type: 'freed', operatorId: 5 }]))
    expect(transition(res.state, { type: 'intercept', at: at(21), operatorId: 9 }, rules)).toEqual({ ok: false, reason: 'state' })
  })
})

describe('transition: messages and timers', () => {
  it('takes an offered dialogue when its operator writes, and arms auto-close', () => {
    const res = step(offeredTo([5]), { type: 'operatorMessage', at: at(7), operatorId: 5 })
    expect(res.state).toMatchObject({ status: 'answered', operatorId: 5, firstAnswerAt: at(7), lastOperatorAt: at(7) })
    expect(res.effects).toContainEqual({ type: 'setTimer', kind: 'auto_close', at: at(7 + 3600) })
    // A second reply leaves the timer where it is: it re-arms from the last reply when it fires.
    const again = step(res.state, { type: 'operatorMessage', at: at(60), operatorId: 5 })
    expect(again.effects).toEqual([])
    const early = step(again.state, { type: 'autoCloseTimeout', at: at(7 + 3600) })
    expect(early).toMatchObject({ state: { status: 'answered' }, effects: [{ type: 'setTimer', kind: 'auto_close', at: at(60 + 3600) }] })
    // A timer that fires after the reason passed (the operator answered) changes nothing.
    expect(transition(again.state, { type: 'noAnswerTimeout', at: at(120) }, rules)).toEqual({ ok: false, reason: 'state' })
  })

  it('keeps the auto-close timer with an answered dialogue while the customer waits', () => {
    const replied = step(answeredBy(5), { type: 'operatorMessage', at: at(10), operatorId: 5 }).state
    const waiting = step(replied, { type: 'customerMessage', at: at(20) }).state
    expect(step(waiting, { type: 'autoCloseTimeout', at: at(3610) })).toMatchObject({ state: waiting, effects: [{ type: 'setTimer', kind: 'auto_close', at: at(7210) }] })
  })

  it('re-arms expiry from the last activity instead of moving the timer on every message', () => {
    const s = step(offeredTo([5]), { type: 'customerMessage', at: at(1000) }).state
    expect(step(s, { type: 'expireTimeout', at: at(86400) }).effects).toEqual([{ type: 'setTimer', kind: 'expire', at: at(87400) }])
    expect(step(s, { type: 'expireTimeout', at: at(87400) }).state.status).toBe('closed')
  })

  it('ignores messages in silent mode for the state', () => {
    const s = step(answeredBy(5), { type: 'silent', on: true, by: 5 }).state
    expect(step(s, { type: 'operatorMessage', at: at(9), operatorId: 5 })).toEqual({ ok: true, state: s, effects: [] })
  })

  it('marks the customer as waiting and starts the further-answer KPI once', () => {
    const r = { ...rules, kpiFurtherTime: 300 }
    const replied = step(answeredBy(5), { type: 'operatorMessage', at: at(10), operatorId: 5 }, r).state
    const first = step(replied, { type: 'customerMessage', at: at(20) }, r)
    expect(first.state.waitAnswer).toBe(true)
    expect(first.effects).toEqual([{ type: 'setTimer', kind: 'kpi_further', at: at(320) }])
    const second = step(first.state, { type: 'customerMessage', at: at(30) }, r)
    expect(second.effects.some((e) => e.type === 'setTimer' && e.kind === 'kpi_further')).toBe(false)
    const alert = step(second.state, { type: 'kpiTimeout', at: at(320), kind: 'further' }, r)
    expect(alert.effects).toEqual([{ type: 'kpiAlert', kind: 'further', operatorId: 5 }])
  })

  it('alerts on a late first answer only if nobody answered', () => {
    const s = offeredTo([5])
    expect(step(s, { type: 'kpiTimeout', at: at(60), kind: 'first' }).effects).toEqual([{ type: 'kpiAlert', kind: 'first', operatorId: 5 }])
    const replied = step(s, { type: 'operatorMessage', at: at(5), operatorId: 5 }).state
    expect(transition(replied, { type: 'kpiTimeout', at: at(60), kind: 'first' }, rules)).toEqual({ ok: false, reason: 'state' })
  })

  it('sends the no-answer text once', () => {
    const res = step(offeredTo([5]), { type: 'noAnswerTimeout', at: at(120) })
    expect(res.effects).toEqual([{ type: 'message', code: 'NO_ANSWER', text: 'No one is here yet', toCustomer: true }])
    expect(transition(res.state, { type: 'noAnswerTimeout', at: at(121) }, rules).ok).toBe(false)
  })

  it('hands a dialogue nobody answered to the no-answer bot (NO_ANSWER_BOT_ID), once', () => {
    const r = { ...rules, noAnswerText: null, noAnswerBotId: 88 }
    const started = step(newSession(1, T0), { type: 'start', at: T0, botId: null, welcomeText: null, offHoursText: null }, r)
    expect(started.effects).toContainEqual({ type: 'setTimer', kind: 'no_answer', at: at(120) })
    const offered = step(started.state, { type: 'offer', at: T0, operatorIds: [5], toAll: false }, r).state
    const res = step(offered, { type: 'noAnswerTimeout', at: at(120) }, r)
    expect(res.state).toMatchObject({ status: 'bot', botId: 88, operatorId: null, offeredTo: [] })
    expect(res.effects).toEqual([
      { type: 'cancelTimer', kind: 'queue' }, { type: 'leave', userIds: [5] }, { type: 'freed', operatorId: 5 },
      { type: 'join', userIds: [88] }, { type: 'toBot', kind: 'join', botId: 88 }, { type: 'setTimer', kind: 'bot', at: at(300) },
    ])
    expect(transition(res.state, { type: 'noAnswerTimeout', at: at(121) }, r).ok).toBe(false)
    // A dialogue a welcome bot holds stays with it.
    const held = step(newSession(1, T0), { type: 'start', at: T0, botId: 77, welcomeText: null, offHoursText: null }, r).state
    expect(transition(held, { type: 'noAnswerTimeout', at: at(120) }, r).ok).toBe(false)
  })

  it('a bot that finishes the dialogue it holds closes it at once; a bot kept till the close (WELCOME_BOT_LEFT=close) leaves then', () => {
    const r = { ...rules, fullCloseTime: 600, botLeavesOnQueue: false }
    const held = step(newSession(1, T0), { type: 'start', at: T0, botId: 77, welcomeText: null, offHoursText: null }, r).state
    const finished = step(held, { type: 'finish', at: at(30), by: 77, reason: 'bot' }, r)
    expect(finished.state).toMatchObject({ status: 'closed', closeReason: 'bot', voteRequestedAt: at(30) })
    expect(finished.effects).toContainEqual({ type: 'leave', userIds: [77] })
    // Handed to the queue, the bot stays until the dialogue closes.
    const queued = step(held, { type: 'botToQueue', at: at(10) }, r)
    expect(queued.effects).not.toContainEqual({ type: 'leave', userIds: [77] })
    const answered = step(step(queued.state, { type: 'offer', at: at(10), operatorIds: [5], toAll: false }, r).state, { type: 'answer', at: at(20), operatorId: 5 }, r).state
    const closing = step(answered, { type: 'finish', at: at(40), by: 5, reason: 'operator' }, r)
    expect(closing.state.status).toBe('closing')
    const closed = step(closing.state, { type: 'fullCloseTimeout', at: at(640) }, r)
    expect(closed.effects).toContainEqual({ type: 'leave', userIds: [5, 77] })
  })

  it('auto-closes a silent customer, but not a pinned dialogue', () => {
    const replied = step(answeredBy(5), { type: 'operatorMessage', at: at(10), operatorId: 5 }).state
    const closed = step(replied, { type: 'autoCloseTimeout', at: at(3610) })
    expect(closed.state).toMatchObject({ status: 'closed', closeReason: 'auto', closedAt: at(3610) })
    expect(closed.effects).toContainEqual({ type: 'message', code: 'CLOSE', text: 'Closed for silence', toCustomer: true })
    expect(closed.effects).toContainEqual({ type: 'event', name: 'OnSessionFinish' })
    const pinned = step(replied, { type: 'pin', at: at(11), on: true, by: 5 })
    expect(pinned.effects).toEqual([{ type: 'cancelTimer', kind: 'auto_close' }, { type: 'cancelTimer', kind: 'expire' }])
    expect(transition(pinned.state, { type: 'autoCloseTimeout', at: at(3610) }, rules).ok).toBe(false)
    expect(transition(pinned.state, { type: 'expireTimeout', at: at(90000) }, rules).ok).toBe(false)
  })

  it('expires a dialogue nobody touched, silently', () => {
    const res = step(offeredTo([5]), { type: 'expireTimeout', at: at(86400) })
    expect(res.state).toMatchObject({ status: 'closed', closeReason: 'expire' })
    expect(res.effects.some((e) => e.type === 'message')).toBe(false)
    expect(res.effects).toContainEqual({ type: 'freed', operatorId: 5 })
  })
})

describe('transition: finishing, vote and spam', () => {
  it('finishes with the closing text and a vote request, then records the vote', () => {
    const res = step(answeredBy(5), { type: 'finish', at: at(100), by: 5, reason: 'operator' })
    expect(res.state).toMatchObject({ status: 'closed', closedBy: 5, closeReason: 'operator', voteRequestedAt: at(100) })
    expect(res.effects).toEqual(expect.arrayContaining([
      { type: 'event', name: 'OnSessionFinish' },
      { type: 'message', code: 'CLOSE', text: 'Thank you', toCustomer: true },
      { type: 'message', code: 'VOTE_REQUEST', text: 'Rate us', toCustomer: true },
      { type: 'freed', operatorId: 5 },
      { type: 'leave', userIds: [5] },
    ]))
    const voted = step(res.state, { type: 'vote', at: at(110), like: false })
    expect(voted.state.vote).toBe(1)
    expect(voted.effects).toContainEqual({ type: 'message', code: 'VOTE_DISLIKE', text: 'Sorry', toCustomer: true })
    expect(transition(voted.state, { type: 'vote', at: at(111), like: true }, rules).ok).toBe(false)
  })

  it('waits in closing for FULL_CLOSE_TIME, reopens on a customer message, closes on a vote', () => {
    const r = { ...rules, fullCloseTime: 600 }
    const closing = step(answeredBy(5), { type: 'finish', at: at(100), by: 5, reason: 'operator' }, r)
    expect(closing.state.status).toBe('closing')
    expect(closing.effects).toContainEqual({ type: 'setTimer', kind: 'full_close', at: at(700) })
    const reopened = step(closing.state, { type: 'customerMessage', at: at(200) }, r)
    expect(reopened.state).toMatchObject({ status: 'answered', operatorId: 5, finishedAt: null })
    const voted = step(closing.state, { type: 'vote', at: at(150), like: true }, r)
    expect(voted.state).toMatchObject({ status: 'closed', vote: 5 })
    expect(step(closing.state, { type: 'fullCloseTimeout', at: at(700) }, r).state.status).toBe('closed')
  })

  it('closes the vote window after VOTE_TIME_LIMIT', () => {
    const r = { ...rules, vote: { ...rules.vote, timeLimit: 300 } }
    const res = step(answeredBy(5), { type: 'finish', at: at(100), by: 5, reason: 'operator' }, r)
    expect(res.effects).toContainEqual({ type: 'setTimer', kind: 'vote', at: at(400) })
    const late = step(res.state, { type: 'voteTimeout', at: at(400) }, r)
    expect(transition(late.state, { type: 'vote', at: at(401), like: true }, r).ok).toBe(false)
  })

  it('marks spam and closes without a closing text', () => {
    const res = step(answeredBy(5), { type: 'spam', at: at(50), by: 5 })
    expect(res.state).toMatchObject({ status: 'closed', spam: true, closeReason: 'spam' })
    expect(res.effects.some((e) => e.type === 'message')).toBe(false)
    expect(transition(res.state, { type: 'finish', at: at(51), by: 5, reason: 'operator' }, rules)).toEqual({ ok: false, reason: 'closed' })
  })

  it('refuses everything but a vote on a closed session', () => {
    const closed = step(answeredBy(5), { type: 'finish', at: at(100), by: 5, reason: 'operator' }).state
    for (const a of [
      { type: 'answer', at: at(1), operatorId: 5 },
      { type: 'skip', at: at(1), operatorId: 5 },
      { type: 'customerMessage', at: at(1) },
      { type: 'transferToOperator', at: at(1), to: 6 },
      { type: 'intercept', at: at(1), operatorId: 6 },
      { type: 'pin', at: at(1), on: true, by: 5 },
    ] as Action[]) {
      expect(transition(closed, a, rules)).toEqual({ ok: false, reason: 'closed' })
    }
  })
})

describe('transition: invariants over any sequence of actions', () => {
  const op = fc.integer({ min: 1, max: 4 })
  const sec = fc.integer({ min: 0, max: 100000 })
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ type: fc.constant('offer' as const), at: sec.map(at), operatorIds: fc.uniqueArray(op, { minLength: 1, maxLength: 3 }), toAll: fc.boolean() }),
    fc.record({ type: fc.constant('enqueue' as const), at: sec.map(at) }),
    fc.record({ type: fc.constant('answer' as const), at: sec.map(at), operatorId: op }),
    fc.record({ type: fc.constant('skip' as const), at: sec.map(at), operatorId: op }),
    fc.record({ type: fc.constant('operatorMessage' as const), at: sec.map(at), operatorId: op }),
    fc.record({ type: fc.constant('customerMessage' as const), at: sec.map(at) }),
    fc.record({ type: fc.constant('transferToOperator' as const), at: sec.map(at), to: op }),
    fc.record({ type: fc.constant('intercept' as const), at: sec.map(at), operatorId: op }),
    fc.record({ type: fc.constant('finish' as const), at: sec.map(at), by: op, reason: fc.constant('operator' as const) }),
    fc.record({ type: fc.constant('queueTimeout' as const), at: sec.map(at) }),
    fc.record({ type: fc.constant('autoCloseTimeout' as const), at: sec.map(at) }),
    fc.record({ type: fc.constant('fullCloseTimeout' as const), at: sec.map(at) }),
    fc.record({ type: fc.constant('pin' as const), at: sec.map(at), on: fc.boolean(), by: op }),
  )

  it('keeps answered dialogues with exactly one operator and closed ones closed', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), fc.integer({ min: 0, max: 900 }), (actions, fullClose) => {
        const r = { ...rules, fullCloseTime: fullClose }
        let s = step(newSession(1, T0), { type: 'start', at: T0, botId: null, welcomeText: null, offHoursText: null }, r).state
        for (const a of actions) {
          const res = transition(s, a, r)
          if (s.status === 'closed' && res.ok) expect(res.state).toBe(s)
          if (!res.ok) continue
          s = res.state
          if (s.status === 'answered') expect(s.operatorId).not.toBeNull()
          if (s.status === 'answered') expect(s.offeredTo).toEqual([])
          if (s.status === 'offered') expect(s.offeredTo.length).toBeGreaterThan(0)
          if (s.status === 'waiting') expect(s.operatorId).toBeNull()
          if (s.status === 'closed') expect(s.closedAt).not.toBeNull()
        }
      }),
    )
  })
})
