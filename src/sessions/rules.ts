import type { Worktime } from '../routing/worktime.js'
import type { LineConfig } from './line-port.js'
import type { SessionRules } from './session-state.js'

/** The widget is the channel Bitrix calls "1" in VOTE_MESSAGE_1_*; every other channel reads VOTE_MESSAGE_2_*. */
const WIDGET_CONNECTOR = 'livechat'

const textIf = (rule: string, text: string): string | null => (rule === 'text' && text.trim() !== '' ? text : null)

/** A line's settings as the state machine reads them, texts chosen for the chat's channel. */
export function rulesFor(line: LineConfig, connectorId: string): SessionRules {
  const widget = connectorId === WIDGET_CONNECTOR
  return {
    queueTime: line.queueTime,
    noAnswerTime: line.noAnswerTime,
    noAnswerText: textIf(line.noAnswerRule, line.noAnswerText),
    autoCloseTime: line.autoCloseTime,
    autoCloseText: textIf(line.autoCloseRule, line.autoCloseText),
    fullCloseTime: line.fullCloseTime * 60,
    autoExpireTime: line.autoExpireTime,
    closeText: textIf(line.closeRule, line.closeText),
    welcomeBotTime: line.welcomeBotTime,
    botLeavesOnQueue: line.welcomeBotLeft === 'queue',
    noAnswerBotId: (line.noAnswerBotId ?? 0) > 0 ? line.noAnswerBotId! : null,
    vote: {
      enabled: line.voteMessage,
      timeLimit: line.voteTimeLimit,
      closeOnVote: line.voteClosingDelay,
      requestText: widget ? line.voteMessage1Text : line.voteMessage2Text,
      likeText: widget ? line.voteMessage1Like : line.voteMessage2Like,
      dislikeText: widget ? line.voteMessage1Dislike : line.voteMessage2Dislike,
    },
    kpiFirstTime: line.kpiFirstAnswerAlert ? line.kpiFirstAnswerTime : 0,
    kpiFurtherTime: line.kpiFurtherAnswerAlert ? line.kpiFurtherAnswerTime : 0,
  }
}

export function worktimeOf(line: LineConfig): Worktime {
  return {
    enabled: line.worktimeEnable,
    from: line.worktimeFrom,
    to: line.worktimeTo,
    timezone: line.worktimeTimezone,
    dayOff: line.worktimeDayoff,
    holidays: line.worktimeHolidays,
  }
}

/** Minutes until the session would close on its own, for the `close_term` of session events. */
export function closeTermMinutes(line: LineConfig): number {
  return Math.round(line.autoCloseTime / 60)
}
