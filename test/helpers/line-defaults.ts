import type { LineConfig } from '../../src/sessions/index.js'

/** Bitrix24's defaults for a new line (as `imopenlines.config.get` shows them), with rules off unless a test turns them on. */
export function lineDefaults(id: number): LineConfig {
  return {
    id, active: true, lineName: `Line ${id}`, queueType: 'evenly', queueTime: 60, noAnswerTime: 60, noAnswerRule: 'none',
    noAnswerText: 'We will get back to you.', checkAvailable: true, maxChat: 0, typeMaxChat: 'answered_new', welcomeMessage: false,
    welcomeMessageText: 'Welcome!', sendWelcomeEachSession: true, worktimeEnable: false, worktimeFrom: '9', worktimeTo: '18.30',
    worktimeTimezone: 'UTC', worktimeDayoff: ['SA', 'SU'], worktimeHolidays: [], worktimeDayoffRule: 'none',
    worktimeDayoffText: 'We are closed now.', closeRule: 'none', closeText: 'Thank you!', autoCloseRule: 'none', autoCloseTime: 3600,
    autoCloseText: 'Closed for inactivity.', fullCloseTime: 0, autoExpireTime: 86400, voteMessage: false, voteTimeLimit: 0,
    voteClosingDelay: false, voteMessage1Text: 'Rate us', voteMessage1Like: 'Thanks!', voteMessage1Dislike: 'Sorry.',
    voteMessage2Text: 'Rate us: 1 - good, 0 - bad', voteMessage2Like: 'Thanks!', voteMessage2Dislike: 'Sorry.',
    kpiFirstAnswerTime: 0, kpiFirstAnswerAlert: false, kpiFirstAnswerList: [], kpiFirstAnswerText: 'Operator #OPERATOR# is late in dialog #DIALOG#',
    kpiFurtherAnswerTime: 0, kpiFurtherAnswerAlert: false, kpiFurtherAnswerList: [], kpiFurtherAnswerText: 'Operator #OPERATOR# is late again in dialog #DIALOG#',
    welcomeBotEnable: false, welcomeBotId: 0, welcomeBotTime: 180, welcomeBotJoin: 'always', welcomeBotLeft: 'queue',
  }
}
