import type { Effect, Rejection, SessionRules, SessionState, TimerKind, TransitionResult } from './session-state.js'

/** Small helpers shared by the transition files. */
export const after = (at: Date, seconds: number): Date => new Date(at.getTime() + seconds * 1000)

export const ok = (state: SessionState, effects: Effect[] = []): TransitionResult => ({ ok: true, state, effects })

export const no = (reason: Rejection): TransitionResult => ({ ok: false, reason })

export const union = (a: number[], b: number[]): number[] => [...new Set([...a, ...b])]

export const minus = (a: number[], b: number[]): number[] => a.filter((x) => !b.includes(x))

/** Everyone who holds the dialogue now: the single operator and whoever it is offered to. */
export const holders = (s: SessionState): number[] => union(s.operatorId !== null ? [s.operatorId] : [], s.offeredTo)

export function timer(kind: TimerKind, at: Date, seconds: number): Effect {
  return seconds > 0 ? { type: 'setTimer', kind, at: after(at, seconds) } : { type: 'cancelTimer', kind }
}

export const cancel = (...kinds: TimerKind[]): Effect[] => kinds.map((kind) => ({ type: 'cancelTimer', kind }))

/** The no-activity expiry restarts with every message, except on a pinned dialogue. */
export function expiry(s: SessionState, at: Date, r: SessionRules): Effect {
  return s.pinned ? { type: 'cancelTimer', kind: 'expire' } : timer('expire', at, r.autoExpireTime)
}

export function leaveEffects(userIds: number[]): Effect[] {
  return userIds.length ? [{ type: 'leave', userIds }] : []
}

export function joinEffects(userIds: number[]): Effect[] {
  return userIds.length ? [{ type: 'join', userIds }] : []
}

/** The previous single operator loses the dialogue (not when it stays theirs). */
export function freedEffects(s: SessionState, keep: number | null): Effect[] {
  return s.operatorId !== null && s.operatorId !== keep ? [{ type: 'freed', operatorId: s.operatorId }] : []
}

/** A bot set to leave when the dialogue goes to the operators does so. */
export function botLeaves(s: SessionState, r: SessionRules): Effect[] {
  return s.status === 'bot' && r.botLeavesOnQueue && s.botId !== null ? [{ type: 'leave', userIds: [s.botId] }] : []
}

export const OPEN_TIMERS: TimerKind[] = ['queue', 'no_answer', 'auto_close', 'expire', 'kpi_first', 'kpi_further', 'bot']
