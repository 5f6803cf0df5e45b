import { getLineSettings, lineAccess, queueUserIds, type LineConfig as Line } from '../lines/index.js'
import type { LineConfig, LineReader, LineRole } from './line-port.js'

function toPort(l: Omit<Line, 'queue'>): LineConfig {
  return {
    id: l.id, active: l.active, lineName: l.lineName, queueType: l.queueType, queueTime: l.queueTime, noAnswerTime: l.noAnswerTime,
    noAnswerRule: l.noAnswerRule, noAnswerText: l.noAnswerText, checkAvailable: l.checkAvailable, maxChat: l.maxChat,
    typeMaxChat: l.typeMaxChat, welcomeMessage: l.welcomeMessage, welcomeMessageText: l.welcomeMessageText,
    sendWelcomeEachSession: l.sendWelcomeEachSession, worktimeEnable: l.worktimeEnable, worktimeFrom: l.worktimeFrom,
    worktimeTo: l.worktimeTo, worktimeTimezone: l.worktimeTimezone, worktimeDayoff: l.worktimeDayoff, worktimeHolidays: l.worktimeHolidays,
    worktimeDayoffRule: l.worktimeDayoffRule, worktimeDayoffText: l.worktimeDayoffText, closeRule: l.closeRule, closeText: l.closeText,
    autoCloseRule: l.autoCloseRule, autoCloseTime: l.autoCloseTime, autoCloseText: l.autoCloseText, fullCloseTime: l.fullCloseTime,
    autoExpireTime: l.autoExpireTime, voteMessage: l.voteMessage, voteTimeLimit: l.voteTimeLimit, voteClosingDelay: l.voteClosingDelay,
    voteMessage1Text: l.voteMessage1Text, voteMessage1Like: l.voteMessage1Like, voteMessage1Dislike: l.voteMessage1Dislike,
    voteMessage2Text: l.voteMessage2Text, voteMessage2Like: l.voteMessage2Like, voteMessage2Dislike: l.voteMessage2Dislike,
    kpiFirstAnswerTime: l.kpiFirstAnswerTime, kpiFirstAnswerAlert: l.kpiFirstAnswerAlert, kpiFirstAnswerList: l.kpiFirstAnswerList ?? [],
    kpiFirstAnswerText: l.kpiFirstAnswerText, kpiFurtherAnswerTime: l.kpiFurtherAnswerTime, kpiFurtherAnswerAlert: l.kpiFurtherAnswerAlert,
    kpiFurtherAnswerList: l.kpiFurtherAnswerList ?? [], kpiFurtherAnswerText: l.kpiFurtherAnswerText, welcomeBotEnable: l.welcomeBotEnable,
    welcomeBotId: l.welcomeBotId ?? 0, welcomeBotTime: l.welcomeBotTime, welcomeBotJoin: l.welcomeBotJoin, welcomeBotLeft: l.welcomeBotLeft,
    worktimeDayoffBotId: l.worktimeDayoffBotId ?? 0, noAnswerBotId: l.noAnswerBotId ?? 0,
  }
}

/**
 * The lines domain behind the dialogue's port. Line managers act as
 * administrators of their line here (both may do everything with its dialogues).
 */
export const linesFromDomain: LineReader = {
  async getLine(db, id) {
    // Settings only: dialogues take the queue from queueUserIds.
    const line = await getLineSettings(db, id)
    return line ? toPort(line) : null
  },
  queueUserIds,
  async roleOf(db, lineId, userId): Promise<LineRole | null> {
    const { roles } = await lineAccess(db, { userId, isAdmin: false }, lineId)
    if (roles.has('admin') || roles.has('manager')) return 'admin'
    if (roles.has('supervisor')) return 'supervisor'
    return roles.has('operator') ? 'operator' : null
  },
}
