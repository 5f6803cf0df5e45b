import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDialogues, linesFromDomain } from '../../../src/sessions/index.js'
import { createTimerService } from '../../../src/timers/index.js'
import { createLogger } from '../../../src/platform/logger.js'
import { insertUser } from '../../../src/users/users.repo.js'
import { buildDialogueApp, type DialogueApp } from '../../helpers/dialogue-app.js'

describe('dialogue timers with a controlled clock', () => {
  let t: DialogueApp
  beforeEach(async () => {
    // A Monday, 10:00 UTC.
    t = await buildDialogueApp('2026-03-02T10:00:00Z')
  })
  afterEach(() => t.close())

  async function systemMessages(chatId: number) {
    const rows = await t.deps.db.selectFrom('messages').selectAll().where('chat_id', '=', chatId).where('author_id', '=', 0).orderBy('id').execute()
    return rows.map((m) => ({ code: m.params.CODE, text: m.text, toCustomer: m.to_customer }))
  }

  it('NO_ANSWER_TIME with NO_ANSWER_RULE=text: one message while nobody answers', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], noAnswerTime: 120, noAnswerRule: 'text', noAnswerText: 'Please hold on', queueTime: 0 })
    const d = await t.inbound(line.id, 'c1', 'Hello')
    await t.tick(119)
    expect(await systemMessages(d.chatId)).toEqual([])
    t.events.clear()
    expect(await t.tick(1)).toBe(1)
    expect(await systemMessages(d.chatId)).toEqual([{ code: 'NO_ANSWER', text: 'Please hold on', toCustomer: true }])
    expect(t.events.named('OnOpenLineMessageAdd')).toHaveLength(1)
    await t.tick(600)
    expect(await systemMessages(d.chatId)).toHaveLength(1)
  })

  it('working hours: the day-off text on a Saturday, on a holiday and after hours, none during work', async () => {
    const op = await t.operator()
    const line = await t.lines.add({
      queue: [op.id], worktimeEnable: true, worktimeFrom: '9', worktimeTo: '18', worktimeTimezone: 'Europe/Berlin',
      worktimeDayoff: ['SA', 'SU'], worktimeHolidays: ['08.03'], worktimeDayoffRule: 'text', worktimeDayoffText: 'We are closed',
    })
    const during = await t.inbound(line.id, 'mon', 'Hi')
    expect(await systemMessages(during.chatId)).toEqual([])
    t.clock.set('2026-03-07T10:00:00Z')
    const saturday = await t.inbound(line.id, 'sat', 'Hi')
    expect(await systemMessages(saturday.chatId)).toEqual([{ code: 'WORKTIME_DAYOFF', text: 'We are closed', toCustomer: true }])
    // The dialogue is still routed: an online operator may take it.
    expect((await t.session(saturday.sessionId)).status).toBe('offered')
    t.clock.set('2026-03-09T17:30:00Z')
    const evening = await t.inbound(line.id, 'eve', 'Hi')
    expect(await systemMessages(evening.chatId)).toHaveLength(1)
    t.clock.set('2026-03-08T11:00:00Z')
    expect(await systemMessages((await t.inbound(line.id, 'hol', 'Hi')).chatId)).toHaveLength(1)
  })

  it('WELCOME_MESSAGE once per chat unless SEND_WELCOME_EACH_SESSION', async () => {
    const op = await t.operator()
    const once = await t.lines.add({ queue: [op.id], welcomeMessage: true, welcomeMessageText: 'Welcome', sendWelcomeEachSession: false })
    const d = await t.inbound(once.id, 'w1', 'Hi')
    expect(await systemMessages(d.chatId)).toEqual([{ code: 'WELCOME', text: 'Welcome', toCustomer: true }])
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, op.hook)
    await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, op.hook)
    await t.inbound(once.id, 'w1', 'Again')
    expect(await systemMessages(d.chatId)).toHaveLength(1)
    await t.lines.update(once.id, { sendWelcomeEachSession: true })
    expect((await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, op.hook)).body.result).toBe(true)
    await t.inbound(once.id, 'w1', 'Third time')
    expect((await systemMessages(d.chatId)).filter((m) => m.code === 'WELCOME')).toHaveLength(2)
  })

  it('AUTO_CLOSE_TIME with AUTO_CLOSE_RULE=text closes a dialogue the customer left', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], autoCloseTime: 600, autoCloseRule: 'text', autoCloseText: 'Closing, no reply' })
    const d = await t.inbound(line.id, 'c1', 'Hello')
    await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Hi, how can I help?' }, op.hook)
    await t.tick(300)
    await t.inbound(line.id, 'c1', 'Let me check')
    await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Sure' }, op.hook)
    await t.tick(599)
    expect((await t.session(d.sessionId)).status).toBe('answered')
    t.events.clear()
    await t.tick(1)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'closed', close_reason: 'auto' })
    expect(await systemMessages(d.chatId)).toEqual([{ code: 'CLOSE', text: 'Closing, no reply', toCustomer: true }])
    expect(t.events.named('OnSessionFinish')).toHaveLength(1)
  })

  it('FULL_CLOSE_TIME: a message soon after closing reopens the dialogue; later it starts a new one', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], fullCloseTime: 10 })
    const d = await t.inbound(line.id, 'c1', 'Hello')
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, op.hook)
    await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, op.hook)
    expect((await t.session(d.sessionId)).status).toBe('closing')
    await t.tick(300)
    const back = await t.inbound(line.id, 'c1', 'One more thing')
    expect(back).toMatchObject({ sessionId: d.sessionId, sessionStarted: false })
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'answered', operator_id: op.id })
    await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, op.hook)
    await t.tick(600)
    expect((await t.session(d.sessionId)).status).toBe('closed')
    expect((await t.inbound(line.id, 'c1', 'Hello again')).sessionStarted).toBe(true)
  })

  it('AUTO_EXPIRE_TIME closes an untouched dialogue silently, and the timer fires once', async () => {
    const op = await t.operator({ online: false })
    const line = await t.lines.add({ queue: [op.id], autoExpireTime: 3600 })
    const d = await t.inbound(line.id, 'c1', 'Hello')
    expect((await t.session(d.sessionId)).status).toBe('waiting')
    t.events.clear()
    expect(await t.tick(3600)).toBe(1)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'closed', close_reason: 'expire' })
    expect(t.events.named('OnSessionFinish')).toHaveLength(1)
    expect(await t.deps.timers.runDueTimers(t.clock.now())).toBe(0)
  })

  it('KPI alerts for a late first answer and a late further answer go to operators only', async () => {
    const op = await t.operator({ name: 'Kate' })
    const line = await t.lines.add({
      queue: [op.id], kpiFirstAnswerTime: 60, kpiFirstAnswerAlert: true, kpiFirstAnswerText: '#OPERATOR# late in #DIALOG#',
      kpiFurtherAnswerTime: 120, kpiFurtherAnswerAlert: true, kpiFurtherAnswerText: '#OPERATOR# slow in #DIALOG#', queueTime: 0,
    })
    const d = await t.inbound(line.id, 'c1', 'Hello')
    await t.tick(60)
    expect(await systemMessages(d.chatId)).toEqual([{ code: 'KPI_FIRST_ANSWER', text: `Kate late in ${d.sessionId}`, toCustomer: false }])
    await t.call('im.message.add', { DIALOG_ID: `chat${d.chatId}`, MESSAGE: 'Sorry for the wait' }, op.hook)
    await t.inbound(line.id, 'c1', 'Question')
    await t.tick(120)
    expect((await systemMessages(d.chatId)).at(-1)).toEqual({ code: 'KPI_FURTHER_ANSWER', text: `Kate slow in ${d.sessionId}`, toCustomer: false })
  })

  it('vote request at close; the customer answers 1 and gets the thank-you text', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], voteMessage: true, voteMessage2Text: 'Rate: 1 good, 0 bad', voteMessage2Like: 'Thanks!', closeRule: 'text', closeText: 'Bye' })
    const d = await t.inbound(line.id, 'c1', 'Hello')
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, op.hook)
    await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, op.hook)
    expect((await systemMessages(d.chatId)).map((m) => m.code)).toEqual(['CLOSE', 'VOTE_REQUEST'])
    const vote = await t.inbound(line.id, 'c1', '1')
    expect(vote).toMatchObject({ voted: true, sessionStarted: false, sessionId: d.sessionId })
    expect((await t.session(d.sessionId)).vote).toBe(5)
    expect((await systemMessages(d.chatId)).at(-1)).toEqual({ code: 'VOTE_LIKE', text: 'Thanks!', toCustomer: true })
    expect((await t.inbound(line.id, 'c1', '1')).sessionStarted).toBe(true)
  })

  it('a vote from the widget\'s buttons goes to the session that asked for it', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], voteMessage: true, voteClosingDelay: true, fullCloseTime: 10 })
    const d = await t.inbound(line.id, 'w1', 'Hello', { connector: 'livechat' })
    const who = { connector: 'livechat', lineId: line.id, connectorChatId: 'c-w1', connectorUserId: 'u-w1' }
    expect(await t.deps.dialogues.receiveCustomerVote(who, true)).toEqual({ sessionId: d.sessionId, voted: false })
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, op.hook)
    await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, op.hook)
    expect((await t.session(d.sessionId)).status).toBe('closing')
    expect(await t.deps.dialogues.receiveCustomerVote(who, false)).toEqual({ sessionId: d.sessionId, voted: true })
    // VOTE_CLOSING_DELAY: the vote closes the dialogue without waiting for FULL_CLOSE_TIME.
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'closed', vote: 1 })
    expect(await t.deps.dialogues.receiveCustomerVote({ ...who, connectorUserId: 'nobody' }, true)).toBeNull()
  })

  it('VOTE_TIME_LIMIT: a late rating is an ordinary message', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id], voteMessage: true, voteTimeLimit: 300 })
    const d = await t.inbound(line.id, 'c1', 'Hello', { connector: 'livechat' })
    await t.call('imopenlines.operator.answer', { CHAT_ID: d.chatId }, op.hook)
    await t.call('imopenlines.operator.finish', { CHAT_ID: d.chatId }, op.hook)
    expect((await systemMessages(d.chatId)).at(-1)).toEqual({ code: 'VOTE_REQUEST', text: 'Rate us', toCustomer: true })
    await t.tick(300)
    expect((await t.inbound(line.id, 'c1', '0', { connector: 'livechat' })).voted).toBe(false)
  })

  it('the welcome bot holds the dialogue for WELCOME_BOT_TIME, then the queue gets it', async () => {
    const op = await t.operator()
    const bot = await insertUser(t.deps.db, { name: 'Bot', userType: 'bot' })
    const line = await t.lines.add({ queue: [op.id], welcomeBotEnable: true, welcomeBotId: bot.id, welcomeBotTime: 180 })
    const d = await t.inbound(line.id, 'c1', 'Hello')
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'bot', bot_id: bot.id })
    await t.tick(180)
    expect(await t.session(d.sessionId)).toMatchObject({ status: 'offered', operator_id: op.id })
    expect((await t.call('im.chat.user.list', { CHAT_ID: d.chatId }, op.hook)).body.result).not.toContain(bot.id)
  })

  it('timers are rows: another timer service over the same store fires them (a restart)', async () => {
    const op = await t.operator()
    const line = await t.lines.add({ queue: [op.id, (await t.operator()).id], queueType: 'strictly', queueTime: 60 })
    const d = await t.inbound(line.id, 'c1', 'Hello')
    const timers = createTimerService({ db: t.deps.db, clock: t.clock, logger: createLogger('silent') })
    createDialogues({ db: t.deps.db, clock: t.clock, ids: t.deps.ids, logger: createLogger('silent'), lines: linesFromDomain, events: t.events, timers })
    expect(await timers.runDueTimers(t.clock.advance(60))).toBe(1)
    expect((await t.session(d.sessionId)).operator_id).not.toBe(op.id)
  })
})
