import type { LineConfig, LineReader, LineRole } from '../../src/sessions/index.js'

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

/** An in-memory stand-in for the lines domain, behind the same port. */
export class FakeLines implements LineReader {
  private readonly lines = new Map<number, LineConfig>()
  private readonly queues = new Map<number, number[]>()
  private readonly roles = new Map<string, LineRole>()
  private nextId = 1

  add(settings: Partial<LineConfig> & { queue?: number[] } = {}): LineConfig {
    const id = this.nextId++
    const { queue = [], ...rest } = settings
    const line = { ...lineDefaults(id), ...rest, id }
    this.lines.set(id, line)
    this.queues.set(id, queue)
    return line
  }

  update(id: number, patch: Partial<LineConfig> & { queue?: number[] }): void {
    const { queue, ...rest } = patch
    const line = this.lines.get(id)
    if (!line) throw new Error(`no line ${id}`)
    this.lines.set(id, { ...line, ...rest })
    if (queue) this.queues.set(id, queue)
  }

  grant(lineId: number, userId: number, role: LineRole): void {
    this.roles.set(`${lineId}:${userId}`, role)
  }

  async getLine(_db: unknown, id: number) {
    return this.lines.get(id) ?? null
  }

  async queueUserIds(_db: unknown, lineId: number) {
    return this.queues.get(lineId) ?? []
  }

  async roleOf(_db: unknown, lineId: number, userId: number) {
    return this.roles.get(`${lineId}:${userId}`) ?? ((this.queues.get(lineId) ?? []).includes(userId) ? 'operator' : null)
  }
}
