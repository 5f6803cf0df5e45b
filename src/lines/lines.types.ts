/**
 * The open line as the rest of the server reads it (routing, bots, CRM,
 * channels). camelCase only; the Bitrix names live in line-fields.schemas.ts.
 */

export type QueueType = 'evenly' | 'strictly' | 'all'
export type MaxChatType = 'answered' | 'answered_new' | 'closed'
export type OperatorDataMode = 'profile' | 'queue' | 'hide'
export type BotJoin = 'first' | 'always'
export type BotLeft = 'queue' | 'close'
/** The scenario fields (`*_RULE`): the documented values. */
export type ScenarioRule = 'none' | 'text'
export type CrmCreate = 'none' | 'lead' | 'deal'
export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU'

export interface QueueEntity {
  type: 'user' | 'department'
  id: number
}

/** What a line shows for one of its operators when `operatorData` is `queue`. */
export interface QueueUserFields {
  userName: string | null
  workPosition: string | null
  avatar: string | null
  avatarId: number | null
}

export interface DefaultOperatorData {
  name?: string
  avatar?: string
  avatarId?: number
}

/** Every setting a client may write (config.add / config.update PARAMS). */
export interface LineFields {
  active: boolean
  lineName: string
  xmlId: string | null
  crm: boolean
  crmCreate: CrmCreate
  crmCreateSecond: string
  crmCreateThird: boolean
  crmForward: boolean
  crmChatTracker: boolean
  crmTransferChange: boolean
  crmSource: string
  queueType: QueueType
  /** Seconds before an unanswered dialogue moves to the next operator. */
  queueTime: number
  noAnswerTime: number
  checkAvailable: boolean
  watchTyping: boolean
  welcomeBotEnable: boolean
  welcomeBotJoin: BotJoin
  /** A user of type bot; null when none. */
  welcomeBotId: number | null
  welcomeBotTime: number
  welcomeBotLeft: BotLeft
  welcomeMessage: boolean
  welcomeMessageText: string
  sendWelcomeEachSession: boolean
  voteMessage: boolean
  voteTimeLimit: number
  voteBeforeFinish: boolean
  voteClosingDelay: boolean
  voteMessage1Text: string
  voteMessage1Like: string
  voteMessage1Dislike: string
  voteMessage2Text: string
  voteMessage2Like: string
  voteMessage2Dislike: string
  agreementMessage: boolean
  agreementId: number | null
  categoryEnable: boolean
  categoryId: number | null
  noAnswerRule: ScenarioRule
  noAnswerFormId: number | null
  noAnswerBotId: number | null
  noAnswerText: string
  worktimeEnable: boolean
  /** "HH:MM", in `worktimeTimezone`. */
  worktimeFrom: string
  worktimeTo: string
  /** An IANA zone name; '' means the server's zone. */
  worktimeTimezone: string
  /** "DD.MM" days of every year. */
  worktimeHolidays: string[]
  worktimeDayoff: Weekday[]
  worktimeDayoffRule: ScenarioRule
  worktimeDayoffFormId: number | null
  worktimeDayoffBotId: number | null
  worktimeDayoffText: string
  closeRule: ScenarioRule
  closeFormId: number | null
  closeBotId: number | null
  closeText: string
  fullCloseTime: number
  autoCloseRule: ScenarioRule
  autoCloseFormId: number | null
  autoCloseBotId: number | null
  autoCloseTime: number
  autoCloseText: string
  autoExpireTime: number
  temporary: boolean
  languageId: string
  quickAnswersIblockId: number | null
  sessionPriority: number
  typeMaxChat: MaxChatType
  /** 0 means no limit. */
  maxChat: number
  operatorData: OperatorDataMode
  defaultOperatorData: DefaultOperatorData | null
  kpiFirstAnswerTime: number
  kpiFirstAnswerAlert: boolean
  /** User ids to notify; null when not set. */
  kpiFirstAnswerList: number[] | null
  kpiFirstAnswerText: string
  kpiFurtherAnswerTime: number
  kpiFurtherAnswerAlert: boolean
  kpiFurtherAnswerList: number[] | null
  kpiFurtherAnswerText: string
  kpiCheckOperatorActivity: boolean
  sendNotificationEmptyQueue: boolean
  useWelcomeForm: boolean
  welcomeFormId: number | null
  welcomeFormDelay: boolean
  confirmClose: boolean
  ignoreWelcomeFormResponsible: boolean
}

/** Settings kept in the line's `settings` document (everything but the columns). */
export type LineSettings = Omit<LineFields, 'active' | 'lineName' | 'xmlId'>

/** One open line, as stored. */
export interface LineConfig extends LineFields {
  id: number
  /** The queue as configured: users and departments, in order. */
  queue: QueueEntity[]
  /** Per-operator display data, by user id. */
  queueUsersFields: Record<string, QueueUserFields>
  /** Raised by every change; an update may name the version it read. */
  version: number
  createdAt: Date
  modifiedAt: Date
  modifyUserId: number | null
}

/** One operator of the expanded queue, in routing order. */
export interface QueueMember {
  userId: number
  /** The queue entry (a user or a department) the operator came from. */
  entryId: number
  /** The configured department the operator came through; null for a user entry. */
  departmentId: number | null
  isOnline: boolean
}
