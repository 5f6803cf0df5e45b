import type { Executor } from '../storage/db.js'

/**
 * What dialogues read about an open line. The lines domain owns lines; this
 * narrow port names exactly the settings routing and sessions use, camelCase
 * versions of the `imopenlines.config.*` fields, so the adapter is a mapping.
 */
export interface LineConfig {
  id: number
  active: boolean
  lineName: string
  queueType: 'evenly' | 'strictly' | 'all'
  /** Seconds before an unanswered offer moves to the next operator. */
  queueTime: number
  noAnswerTime: number
  noAnswerRule: string
  noAnswerText: string
  checkAvailable: boolean
  /** 0 means no limit. */
  maxChat: number
  typeMaxChat: 'answered' | 'answered_new' | 'closed'
  welcomeMessage: boolean
  welcomeMessageText: string
  sendWelcomeEachSession: boolean
  worktimeEnable: boolean
  /** "9", "9.30", "09:30" as Bitrix stores them. */
  worktimeFrom: string
  worktimeTo: string
  worktimeTimezone: string
  /** MO TU WE TH FR SA SU */
  worktimeDayoff: string[]
  /** "DD.MM" */
  worktimeHolidays: string[]
  worktimeDayoffRule: string
  worktimeDayoffText: string
  closeRule: string
  closeText: string
  autoCloseRule: string
  autoCloseTime: number
  autoCloseText: string
  /** Minutes, as on the wire. */
  fullCloseTime: number
  autoExpireTime: number
  voteMessage: boolean
  voteTimeLimit: number
  voteClosingDelay: boolean
  voteMessage1Text: string
  voteMessage1Like: string
  voteMessage1Dislike: string
  voteMessage2Text: string
  voteMessage2Like: string
  voteMessage2Dislike: string
  kpiFirstAnswerTime: number
  kpiFirstAnswerAlert: boolean
  kpiFirstAnswerList: number[]
  kpiFirstAnswerText: string
  kpiFurtherAnswerTime: number
  kpiFurtherAnswerAlert: boolean
  kpiFurtherAnswerList: number[]
  kpiFurtherAnswerText: string
  welcomeBotEnable: boolean
  welcomeBotId: number
  welcomeBotTime: number
  welcomeBotJoin: 'first' | 'always'
  welcomeBotLeft: 'queue' | 'close'
  /** WORKTIME_DAYOFF_BOT_ID: the bot that takes dialogues started outside working time (0 or absent: none). */
  worktimeDayoffBotId?: number
  /** NO_ANSWER_BOT_ID: the bot that takes a dialogue nobody answered within NO_ANSWER_TIME (0 or absent: none). */
  noAnswerBotId?: number
}

/** A user's standing on a line; global administrators count as 'admin' everywhere. */
export type LineRole = 'admin' | 'supervisor' | 'operator'

export interface LineReader {
  getLine(db: Executor, id: number): Promise<LineConfig | null>
  /** The line's QUEUE with departments expanded to their users, order kept. */
  queueUserIds(db: Executor, lineId: number): Promise<number[]>
  /** The user's role on the line from the line-permission table (queue membership makes an operator). */
  roleOf(db: Executor, lineId: number, userId: number): Promise<LineRole | null>
}
