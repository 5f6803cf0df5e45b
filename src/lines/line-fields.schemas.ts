import type { DefaultOperatorData, LineFields, Weekday } from './lines.types.js'
import type { FieldKind } from './line-values.schemas.js'

/**
 * The one table of line settings: each domain field, its Bitrix name and how
 * it is written. Validation, defaults, config.get/list.get shaping and the
 * list filters are all read from here, so a setting is declared once.
 */

type Kind<T extends FieldKind['type']> = Extract<FieldKind, { type: T }>
/** Ties each field's kind to its TypeScript type, so a wrong kind does not compile. */
type KindFor<T> = [T] extends [boolean]
  ? Kind<'flag'>
  : [T] extends [number]
    ? Kind<'int'>
    : [T] extends [number | null]
      ? Kind<'botRef' | 'idRef'>
      : [T] extends [number[] | null]
        ? Kind<'userList'>
        : [T] extends [Weekday[]]
          ? Kind<'weekdays'>
          : [T] extends [string[]]
            ? Kind<'holidays'>
            : [T] extends [DefaultOperatorData | null]
              ? Kind<'operatorData'>
              : [T] extends [string | null]
                ? string extends T
                  ? Kind<'text' | 'time' | 'timezone' | 'language' | 'nullableText'>
                  : { type: 'enum'; values: readonly T[] }
                : never

export type FieldDef<K extends keyof LineFields = keyof LineFields> = { api: string; kind: KindFor<LineFields[K]> }

const flag = { type: 'flag' } as const
const int = { type: 'int' } as const
const bot = { type: 'botRef' } as const
const ref = { type: 'idRef' } as const
const text = { type: 'text', max: 65_535 } as const
const short = { type: 'text', max: 255 } as const
const rule = { type: 'enum', values: ['none', 'text'] } as const

export const LINE_FIELDS: { [K in keyof LineFields]: FieldDef<K> } = {
  active: { api: 'ACTIVE', kind: flag },
  lineName: { api: 'LINE_NAME', kind: { type: 'text', max: 255, required: true } },
  xmlId: { api: 'XML_ID', kind: { type: 'nullableText', max: 255 } },
  crm: { api: 'CRM', kind: flag },
  crmCreate: { api: 'CRM_CREATE', kind: { type: 'enum', values: ['none', 'lead', 'deal'] } },
  crmCreateSecond: { api: 'CRM_CREATE_SECOND', kind: short },
  crmCreateThird: { api: 'CRM_CREATE_THIRD', kind: flag },
  crmForward: { api: 'CRM_FORWARD', kind: flag },
  crmChatTracker: { api: 'CRM_CHAT_TRACKER', kind: flag },
  crmTransferChange: { api: 'CRM_TRANSFER_CHANGE', kind: flag },
  crmSource: { api: 'CRM_SOURCE', kind: short },
  queueType: { api: 'QUEUE_TYPE', kind: { type: 'enum', values: ['evenly', 'strictly', 'all'] } },
  queueTime: { api: 'QUEUE_TIME', kind: int },
  noAnswerTime: { api: 'NO_ANSWER_TIME', kind: int },
  checkAvailable: { api: 'CHECK_AVAILABLE', kind: flag },
  watchTyping: { api: 'WATCH_TYPING', kind: flag },
  welcomeBotEnable: { api: 'WELCOME_BOT_ENABLE', kind: flag },
  welcomeBotJoin: { api: 'WELCOME_BOT_JOIN', kind: { type: 'enum', values: ['first', 'always'] } },
  welcomeBotId: { api: 'WELCOME_BOT_ID', kind: bot },
  welcomeBotTime: { api: 'WELCOME_BOT_TIME', kind: int },
  welcomeBotLeft: { api: 'WELCOME_BOT_LEFT', kind: { type: 'enum', values: ['queue', 'close'] } },
  welcomeMessage: { api: 'WELCOME_MESSAGE', kind: flag },
  welcomeMessageText: { api: 'WELCOME_MESSAGE_TEXT', kind: text },
  sendWelcomeEachSession: { api: 'SEND_WELCOME_EACH_SESSION', kind: flag },
  voteMessage: { api: 'VOTE_MESSAGE', kind: flag },
  voteTimeLimit: { api: 'VOTE_TIME_LIMIT', kind: int },
  voteBeforeFinish: { api: 'VOTE_BEFORE_FINISH', kind: flag },
  voteClosingDelay: { api: 'VOTE_CLOSING_DELAY', kind: flag },
  voteMessage1Text: { api: 'VOTE_MESSAGE_1_TEXT', kind: text },
  voteMessage1Like: { api: 'VOTE_MESSAGE_1_LIKE', kind: text },
  voteMessage1Dislike: { api: 'VOTE_MESSAGE_1_DISLIKE', kind: text },
  voteMessage2Text: { api: 'VOTE_MESSAGE_2_TEXT', kind: text },
  voteMessage2Like: { api: 'VOTE_MESSAGE_2_LIKE', kind: text },
  voteMessage2Dislike: { api: 'VOTE_MESSAGE_2_DISLIKE', kind: text },
  agreementMessage: { api: 'AGREEMENT_MESSAGE', kind: flag },
  agreementId: { api: 'AGREEMENT_ID', kind: ref },
  categoryEnable: { api: 'CATEGORY_ENABLE', kind: flag },
  categoryId: { api: 'CATEGORY_ID', kind: ref },
  noAnswerRule: { api: 'NO_ANSWER_RULE', kind: rule },
  noAnswerFormId: { api: 'NO_ANSWER_FORM_ID', kind: ref },
  noAnswerBotId: { api: 'NO_ANSWER_BOT_ID', kind: bot },
  noAnswerText: { api: 'NO_ANSWER_TEXT', kind: text },
  worktimeEnable: { api: 'WORKTIME_ENABLE', kind: flag },
  worktimeFrom: { api: 'WORKTIME_FROM', kind: { type: 'time' } },
  worktimeTo: { api: 'WORKTIME_TO', kind: { type: 'time' } },
  worktimeTimezone: { api: 'WORKTIME_TIMEZONE', kind: { type: 'timezone' } },
  worktimeHolidays: { api: 'WORKTIME_HOLIDAYS', kind: { type: 'holidays' } },
  worktimeDayoff: { api: 'WORKTIME_DAYOFF', kind: { type: 'weekdays' } },
  worktimeDayoffRule: { api: 'WORKTIME_DAYOFF_RULE', kind: rule },
  worktimeDayoffFormId: { api: 'WORKTIME_DAYOFF_FORM_ID', kind: ref },
  worktimeDayoffBotId: { api: 'WORKTIME_DAYOFF_BOT_ID', kind: bot },
  worktimeDayoffText: { api: 'WORKTIME_DAYOFF_TEXT', kind: text },
  closeRule: { api: 'CLOSE_RULE', kind: rule },
  closeFormId: { api: 'CLOSE_FORM_ID', kind: ref },
  closeBotId: { api: 'CLOSE_BOT_ID', kind: bot },
  closeText: { api: 'CLOSE_TEXT', kind: text },
  fullCloseTime: { api: 'FULL_CLOSE_TIME', kind: int },
  autoCloseRule: { api: 'AUTO_CLOSE_RULE', kind: rule },
  autoCloseFormId: { api: 'AUTO_CLOSE_FORM_ID', kind: ref },
  autoCloseBotId: { api: 'AUTO_CLOSE_BOT_ID', kind: bot },
  autoCloseTime: { api: 'AUTO_CLOSE_TIME', kind: int },
  autoCloseText: { api: 'AUTO_CLOSE_TEXT', kind: text },
  autoExpireTime: { api: 'AUTO_EXPIRE_TIME', kind: int },
  temporary: { api: 'TEMPORARY', kind: flag },
  languageId: { api: 'LANGUAGE_ID', kind: { type: 'language' } },
  quickAnswersIblockId: { api: 'QUICK_ANSWERS_IBLOCK_ID', kind: ref },
  sessionPriority: { api: 'SESSION_PRIORITY', kind: int },
  typeMaxChat: { api: 'TYPE_MAX_CHAT', kind: { type: 'enum', values: ['answered', 'answered_new', 'closed'] } },
  maxChat: { api: 'MAX_CHAT', kind: int },
  operatorData: { api: 'OPERATOR_DATA', kind: { type: 'enum', values: ['profile', 'queue', 'hide'] } },
  defaultOperatorData: { api: 'DEFAULT_OPERATOR_DATA', kind: { type: 'operatorData' } },
  kpiFirstAnswerTime: { api: 'KPI_FIRST_ANSWER_TIME', kind: int },
  kpiFirstAnswerAlert: { api: 'KPI_FIRST_ANSWER_ALERT', kind: flag },
  kpiFirstAnswerList: { api: 'KPI_FIRST_ANSWER_LIST', kind: { type: 'userList' } },
  kpiFirstAnswerText: { api: 'KPI_FIRST_ANSWER_TEXT', kind: text },
  kpiFurtherAnswerTime: { api: 'KPI_FURTHER_ANSWER_TIME', kind: int },
  kpiFurtherAnswerAlert: { api: 'KPI_FURTHER_ANSWER_ALERT', kind: flag },
  kpiFurtherAnswerList: { api: 'KPI_FURTHER_ANSWER_LIST', kind: { type: 'userList' } },
  kpiFurtherAnswerText: { api: 'KPI_FURTHER_ANSWER_TEXT', kind: text },
  kpiCheckOperatorActivity: { api: 'KPI_CHECK_OPERATOR_ACTIVITY', kind: flag },
  sendNotificationEmptyQueue: { api: 'SEND_NOTIFICATION_EMPTY_QUEUE', kind: flag },
  useWelcomeForm: { api: 'USE_WELCOME_FORM', kind: flag },
  welcomeFormId: { api: 'WELCOME_FORM_ID', kind: ref },
  welcomeFormDelay: { api: 'WELCOME_FORM_DELAY', kind: flag },
  confirmClose: { api: 'CONFIRM_CLOSE', kind: flag },
  ignoreWelcomeFormResponsible: { api: 'IGNORE_WELCOME_FORM_RESPONSIBLE', kind: flag },
}

export type LineFieldKey = keyof LineFields
export const LINE_FIELD_KEYS = Object.keys(LINE_FIELDS) as LineFieldKey[]

/** Bitrix name → domain key. */
export const FIELD_BY_API: ReadonlyMap<string, LineFieldKey> = new Map(LINE_FIELD_KEYS.map((k) => [LINE_FIELDS[k].api, k]))

export function fieldDef(key: LineFieldKey): { api: string; kind: FieldKind } {
  return LINE_FIELDS[key]
}

/**
 * A line created in Bitrix24 with nothing else given (the config.get page's
 * example, with its line-specific values — name, bot, language — reset).
 */
export function defaultLineFields(lineName: string): LineFields {
  const sorry = "We are sorry we couldn't assist you, we will strive to improve."
  return {
    active: true,
    lineName,
    xmlId: null,
    crm: true,
    crmCreate: 'lead',
    crmCreateSecond: '',
    crmCreateThird: true,
    crmForward: true,
    crmChatTracker: false,
    crmTransferChange: true,
    crmSource: 'create',
    queueType: 'evenly',
    queueTime: 60,
    noAnswerTime: 60,
    checkAvailable: true,
    watchTyping: true,
    welcomeBotEnable: false,
    welcomeBotJoin: 'always',
    welcomeBotId: null,
    welcomeBotTime: 180,
    welcomeBotLeft: 'queue',
    welcomeMessage: true,
    welcomeMessageText: `Welcome to the open line [b]«${lineName}»[/b][br]The first available operator will respond to you.`,
    sendWelcomeEachSession: false,
    voteMessage: true,
    voteTimeLimit: 0,
    voteBeforeFinish: true,
    voteClosingDelay: false,
    voteMessage1Text: 'Please rate the quality of service.',
    voteMessage1Like: 'Thank you for your feedback!',
    voteMessage1Dislike: sorry,
    voteMessage2Text: 'Please rate the quality of service.\r\n\r\nSend: 1 - good, 0 - bad',
    voteMessage2Like: 'Thank you for your feedback!',
    voteMessage2Dislike: sorry,
    agreementMessage: false,
    agreementId: null,
    categoryEnable: false,
    categoryId: null,
    noAnswerRule: 'none',
    noAnswerFormId: null,
    noAnswerBotId: null,
    noAnswerText: 'Unfortunately, we cannot respond to you at this moment, we will definitely get back to you.',
    worktimeEnable: false,
    worktimeFrom: '09:00',
    worktimeTo: '18:30',
    worktimeTimezone: '',
    worktimeHolidays: [],
    worktimeDayoff: ['SA', 'SU'],
    worktimeDayoffRule: 'text',
    worktimeDayoffFormId: null,
    worktimeDayoffBotId: null,
    worktimeDayoffText:
      'Unfortunately, we cannot respond to you at this moment.[br][br]Please write your question and we will definitely get back to you during working hours.',
    closeRule: 'none',
    closeFormId: null,
    closeBotId: null,
    closeText: 'Thank you for reaching out to us, please rate the quality of service.',
    fullCloseTime: 0,
    autoCloseRule: 'none',
    autoCloseFormId: null,
    autoCloseBotId: null,
    autoCloseTime: 3600,
    autoCloseText: '',
    autoExpireTime: 86400,
    temporary: false,
    languageId: 'en',
    quickAnswersIblockId: null,
    sessionPriority: 0,
    typeMaxChat: 'answered_new',
    maxChat: 0,
    operatorData: 'profile',
    defaultOperatorData: null,
    kpiFirstAnswerTime: 0,
    kpiFirstAnswerAlert: false,
    kpiFirstAnswerList: null,
    kpiFirstAnswerText: 'Employee #OPERATOR# exceeded the allowable response time to the client for the first message. Dialog №#DIALOG#.',
    kpiFurtherAnswerTime: 0,
    kpiFurtherAnswerAlert: false,
    kpiFurtherAnswerList: null,
    kpiFurtherAnswerText: 'Employee #OPERATOR# exceeded the allowable response time to the client for the message. Dialog №#DIALOG#.',
    kpiCheckOperatorActivity: false,
    sendNotificationEmptyQueue: false,
    useWelcomeForm: false,
    welcomeFormId: null,
    welcomeFormDelay: true,
    confirmClose: true,
    ignoreWelcomeFormResponsible: false,
  }
}
