/**
 * The state of one session (one handling cycle of an open-line chat) and what
 * may happen to it. `transition()` is the only code that turns one into the
 * next; everything it wants done outside the row comes back as effects.
 */
export type SessionStatus = 'new' | 'bot' | 'waiting' | 'offered' | 'answered' | 'closing' | 'closed'

export const OPEN_STATUSES: readonly SessionStatus[] = ['new', 'bot', 'waiting', 'offered', 'answered', 'closing']

export type CloseReason = 'operator' | 'another' | 'auto' | 'expire' | 'spam' | 'bot' | 'line' | 'restart'

export interface SessionState {
  status: SessionStatus
  lineId: number
  /** Offered to (evenly, strictly) or answered by; null while waiting or offered to several. */
  operatorId: number | null
  /** Everyone the dialogue is offered to right now. */
  offeredTo: number[]
  /** Operators offered it in this round; a queue-time hand-over moves past them. */
  tried: number[]
  pinned: boolean
  silent: boolean
  spam: boolean
  botId: number | null
  /** The customer wrote last and waits for a reply (further-answer KPI). */
  waitAnswer: boolean
  transferCount: number
  createdAt: Date
  queuedAt: Date | null
  offeredAt: Date | null
  answeredAt: Date | null
  firstAnswerAt: Date | null
  lastCustomerAt: Date | null
  lastOperatorAt: Date | null
  finishedAt: Date | null
  closedAt: Date | null
  closedBy: number | null
  closeReason: CloseReason | null
  noAnswerSentAt: Date | null
  kpiFirstAlertAt: Date | null
  kpiFurtherAlertAt: Date | null
  voteRequestedAt: Date | null
  voteClosedAt: Date | null
  vote: number | null
}

export type TimerKind = 'queue' | 'no_answer' | 'auto_close' | 'full_close' | 'expire' | 'kpi_first' | 'kpi_further' | 'bot' | 'vote'

export const SESSION_TIMER_KINDS: readonly TimerKind[] = [
  'queue', 'no_answer', 'auto_close', 'full_close', 'expire', 'kpi_first', 'kpi_further', 'bot', 'vote',
]

/**
 * A line's rules as the state machine needs them: durations in seconds
 * (FULL_CLOSE_TIME is minutes on the wire and converted before it gets here),
 * texts already chosen for the chat's channel. A rule's text is null when the
 * rule is off.
 */
export interface SessionRules {
  queueTime: number
  noAnswerTime: number
  noAnswerText: string | null
  autoCloseTime: number
  autoCloseText: string | null
  fullCloseTime: number
  autoExpireTime: number
  closeText: string | null
  welcomeBotTime: number
  /** WELCOME_BOT_LEFT=queue: the bot leaves when the dialogue goes to the operators (otherwise when it closes). */
  botLeavesOnQueue: boolean
  /** NO_ANSWER_BOT_ID: the bot that takes the dialogue when nobody answered in NO_ANSWER_TIME; null or absent: none. */
  noAnswerBotId?: number | null
  vote: { enabled: boolean; timeLimit: number; closeOnVote: boolean; requestText: string; likeText: string; dislikeText: string }
  kpiFirstTime: number
  kpiFurtherTime: number
}

export type Action =
  | { type: 'start'; at: Date; botId: number | null; welcomeText: string | null; offHoursText: string | null }
  | { type: 'startByOperator'; at: Date; operatorId: number }
  | { type: 'offer'; at: Date; operatorIds: number[]; toAll: boolean; newRound?: boolean }
  | { type: 'enqueue'; at: Date }
  | { type: 'customerMessage'; at: Date }
  | { type: 'operatorMessage'; at: Date; operatorId: number }
  | { type: 'answer'; at: Date; operatorId: number }
  | { type: 'skip'; at: Date; operatorId: number }
  | { type: 'queueTimeout'; at: Date }
  | { type: 'transferToOperator'; at: Date; to: number }
  | { type: 'transferToLine'; at: Date; lineId: number }
  | { type: 'botToQueue'; at: Date }
  | { type: 'intercept'; at: Date; operatorId: number }
  | { type: 'operatorUnavailable'; at: Date; operatorId: number }
  | { type: 'finish'; at: Date; by: number; reason: 'operator' | 'another' | 'bot' | 'line' | 'restart' }
  | { type: 'spam'; at: Date; by: number }
  | { type: 'autoCloseTimeout'; at: Date }
  | { type: 'fullCloseTimeout'; at: Date }
  | { type: 'expireTimeout'; at: Date }
  | { type: 'noAnswerTimeout'; at: Date }
  | { type: 'kpiTimeout'; at: Date; kind: 'first' | 'further' }
  | { type: 'botTimeout'; at: Date }
  | { type: 'vote'; at: Date; like: boolean }
  | { type: 'voteTimeout'; at: Date }
  | { type: 'pin'; at: Date; on: boolean; by: number }
  | { type: 'silent'; on: boolean; by: number }

export type Effect =
  /** Find operators by the line's queue type and follow with `offer` or `enqueue`. */
  | { type: 'route'; exclude: number[] }
  | { type: 'setTimer'; kind: TimerKind; at: Date }
  | { type: 'cancelTimer'; kind: TimerKind }
  /** A system message in the chat; `toCustomer` false keeps it among operators. */
  | { type: 'message'; code: string; text: string; toCustomer: boolean }
  | { type: 'event'; name: 'OnSessionStart' | 'OnSessionFinish' }
  | { type: 'join'; userIds: number[] }
  | { type: 'leave'; userIds: number[] }
  /** An operator holds one dialogue fewer: waiting dialogues may go to them. */
  | { type: 'freed'; operatorId: number }
  | { type: 'kpiAlert'; kind: 'first' | 'further'; operatorId: number | null }
  /** The bot holding the dialogue hears of it: it joined, or the customer wrote (the chat's latest message). */
  | { type: 'toBot'; kind: 'join' | 'message'; botId: number }

export type Rejection =
  /** The session is closed (or being closed) for this action. */
  | 'closed'
  /** Another operator has it, or it is not offered to the caller. */
  | 'taken'
  /** The caller is not the session's operator. */
  | 'not_operator'
  /** The action makes no sense in this state (e.g. a timer that lost its reason). */
  | 'state'

export type TransitionResult =
  | { ok: true; state: SessionState; effects: Effect[] }
  | { ok: false; reason: Rejection }

export function isOpen(status: SessionStatus): boolean {
  return status !== 'closed'
}

/** A fresh session as it is created, before `start`. */
export function newSession(lineId: number, at: Date): SessionState {
  return {
    status: 'new', lineId, operatorId: null, offeredTo: [], tried: [], pinned: false, silent: false, spam: false,
    botId: null, waitAnswer: false, transferCount: 0, createdAt: at, queuedAt: null, offeredAt: null, answeredAt: null,
    firstAnswerAt: null, lastCustomerAt: null, lastOperatorAt: null, finishedAt: null, closedAt: null, closedBy: null,
    closeReason: null, noAnswerSentAt: null, kpiFirstAlertAt: null, kpiFurtherAlertAt: null, voteRequestedAt: null,
    voteClosedAt: null, vote: null,
  }
}
