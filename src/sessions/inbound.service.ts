import { addMembers, createChat, type ChatRow } from '../chats/chats.repo.js'
import { findByExternalId, insertFiles, insertMessage, type MessageRow, type NewMessage } from '../chats/messages.repo.js'
import { findOrCreateGuest } from '../chats/people.repo.js'
import type { Ids } from '../platform/ids.js'
import { isWorkingTime } from '../routing/worktime.js'
import type { Db, Executor } from '../storage/db.js'
import type { Clock } from '../platform/clock.js'
import type { DialogueCrm } from './crm-port.js'
import type { Engine, Live, Loaded, Op } from './engine.js'
import { transition } from './transition.js'
import { customerCode, normalizeInbound, type InboundCustomer, type InboundFile, type InboundMessage, type NormalizedInbound } from './inbound.schema.js'
import type { LineConfig, LineReader } from './line-port.js'
import { mayBeCommand, type BotPort } from './events-port.js'
import type { QueueDispatch } from './queue-dispatch.js'
import { rulesFor, worktimeOf } from './rules.js'
import { newSession, type Action, type SessionState } from './session-state.js'
import { chatState, insertSession, lastSessionOfChat, type SessionRecord } from './sessions.repo.js'
import { inboundErrors } from './sessions.errors.js'

export interface InboundResult {
  chatId: number
  sessionId: number
  messageId: number
  /** The customer's guest user. */
  userId: number
  /** The message was delivered before (same external id): nothing was stored again. */
  duplicate: boolean
  sessionStarted: boolean
  /** The message was the customer's answer to a vote request. */
  voted: boolean
}

const COLORS = ['#58cc47', '#ab7761', '#29619b', '#e8a441', '#df532d', '#4ba984', '#ba9c7b', '#1eb4aa']

/** Ratings sent as text from channels without vote buttons (VOTE_MESSAGE_2_TEXT: "1 - good, 0 - bad"). */
function voteOf(text: string): boolean | null {
  const t = text.trim()
  return t === '1' ? true : t === '0' ? false : null
}

export function createInbound(d: { engine: Engine; queue: QueueDispatch; lines: LineReader; ids: Ids; clock: Clock; crm?: DialogueCrm; bots?: BotPort }) {
  /** A customer's `/command`: bot commands of the chat hear of it (COMMON=Y ones in every chat). */
  async function commandOf(op: Op, chat: ChatRow, message: MessageRow, rec: SessionRecord | null): Promise<void> {
    if (d.bots?.command && mayBeCommand(message.text)) await d.bots.command(op.tx, { chat, message, rec })
  }

  /** The chat of a customer's first message: guest user, chat, membership. */
  async function createChatFor(op: Op, m: NormalizedInbound): Promise<ChatRow & { created?: true }> {
    const line = await d.lines.getLine(op.tx, m.lineId)
    if (!line) throw inboundErrors.lineNotFound(m.lineId)
    if (!line.active) throw inboundErrors.lineInactive(m.lineId)
    const u = m.user
    const guestUserId = await findOrCreateGuest(op.tx, {
      xmlId: `imconnector|${m.connector}|${m.lineId}|${m.connectorUserId}`, name: u.name, lastName: u.lastName, email: u.email,
      phone: u.phone, photo: u.avatar, www: u.url, gender: u.gender,
    })
    const guestName = `${u.name} ${u.lastName}`.trim()
    const chat = await createChat(op.tx, {
      userCode: m.userCode, lineId: m.lineId, connectorId: m.connector, connectorChatId: m.connectorChatId,
      connectorUserId: m.connectorUserId, guestUserId, name: m.chatName ?? `${guestName} - ${line.lineName}`,
      color: COLORS[guestUserId % COLORS.length], at: op.now,
    })
    // The customer is a member of their chat, as in Bitrix24's userInChat.
    await addMembers(op.tx, chat.id, [guestUserId], op.now)
    return chat
  }

  function startAction(line: LineConfig, rec: SessionRecord, at: Date): Action {
    const first = rec.number === 1
    const welcome = line.welcomeMessage && (line.sendWelcomeEachSession || first) ? line.welcomeMessageText : null
    const closed = !isWorkingTime(worktimeOf(line), at)
    const offHours = closed && line.worktimeDayoffRule === 'text' ? line.worktimeDayoffText : null
    const welcomeBot = line.welcomeBotEnable && line.welcomeBotId > 0 && (line.welcomeBotJoin === 'always' || first) ? line.welcomeBotId : null
    // Outside working time the line's off-hours bot (WORKTIME_DAYOFF_BOT_ID) takes every new dialogue.
    const bot = closed && (line.worktimeDayoffBotId ?? 0) > 0 ? line.worktimeDayoffBotId! : welcomeBot
    return { type: 'start', at, botId: bot, welcomeText: welcome, offHoursText: offHours }
  }

  function customerMessage(op: Op, chat: ChatRow, sessionId: number, m: NormalizedInbound): NewMessage {
    return {
      chatId: chat.id, sessionId, authorId: chat.guest_user_id, text: m.text, params: m.params, isSystem: false, toCustomer: true,
      externalId: m.externalId, uuid: d.ids.uuid(), at: m.date ?? op.now,
    }
  }

  async function storeFiles(op: Op, chat: ChatRow, row: MessageRow, m: NormalizedInbound): Promise<void> {
    if (m.files.length) await insertFiles(op.tx, m.files.map((f: InboundFile) => fileRow(chat, row, f, op.now)))
  }

  async function store(op: Op, chat: ChatRow, sessionId: number, m: NormalizedInbound): Promise<MessageRow | null> {
    const row = await insertMessage(op.tx, customerMessage(op, chat, sessionId, m))
    if (row) await storeFiles(op, chat, row, m)
    return row
  }

  /**
   * A rating from a channel with vote buttons (the widget): applied to the
   * chat's last session if it asked for one and the vote window is open.
   */
  async function receiveVote(tx: Executor, who: InboundCustomer, like: boolean): Promise<{ sessionId: number; voted: boolean } | null> {
    const userCode = customerCode(who)
    return d.queue.run(tx, async (op) => {
      const locked = await d.engine.loadFast(op, { userCode })
      if (!locked) return null
      const rec = await lastSessionOfChat(op.tx, locked.chat.id)
      if (!rec) return null
      const live: Live = { chat: locked.chat, line: await d.engine.lineOf(op.tx, rec.state.lineId), rec }
      const res = await d.engine.apply(op, live, { type: 'vote', at: op.now, like })
      return { sessionId: rec.id, voted: res.ok }
    })
  }

  /** A rating answer to the last session's vote request, if it is one. */
  async function tryVote(op: Op, chat: ChatRow, m: NormalizedInbound): Promise<InboundResult | null> {
    const like = voteOf(m.text)
    if (like === null) return null
    const rec = await lastSessionOfChat(op.tx, chat.id)
    if (!rec || rec.state.voteRequestedAt === null || rec.state.vote !== null || rec.state.voteClosedAt !== null) return null
    const live: Live = { chat, line: await d.engine.lineOf(op.tx, rec.state.lineId), rec }
    const row = await store(op, chat, rec.id, m)
    const res = await d.engine.apply(op, live, { type: 'vote', at: op.now, like })
    if (!res.ok || !row) return null
    return { chatId: chat.id, sessionId: rec.id, messageId: row.id, userId: chat.guest_user_id, duplicate: false, sessionStarted: false, voted: true }
  }

  /**
   * The chat locked, with its open session and an earlier delivery, in one
   * round trip; `fresh` when that read was made with the lock already held
   * (the session is as it is now), else it may be a moment old.
   */
  async function lockFor(op: Op, m: NormalizedInbound, fresh: boolean): Promise<{ loaded: Loaded; fresh: boolean }> {
    if (fresh) {
      const locked = await d.engine.loadFast(op, { userCode: m.userCode })
      if (!locked) throw new Error(`chat ${m.userCode} vanished`)
      return { loaded: await stateOf(op, locked.chat, m), fresh: true }
    }
    const loaded = await d.engine.loadFast(op, { userCode: m.userCode }, { externalId: m.externalId })
    if (loaded) return { loaded, fresh: false }
    const chat = await createChatFor(op, m)
    if (chat.created) {
      // Made by this transaction: nobody else has seen it, so there is nothing to read back.
      const { created: _, ...row } = chat
      return { loaded: { chat: row, rec: null, isMember: false, memberSilent: false, duplicate: null, line: await d.engine.lineOf(op.tx, row.line_id) }, fresh: true }
    }
    return { loaded: await stateOf(op, chat, m), fresh: true }
  }

  /** A locked chat's open session and an earlier delivery of the message, read now. */
  async function stateOf(op: Op, chat: ChatRow, m: NormalizedInbound): Promise<Loaded> {
    const state = await chatState(op.tx, chat.id)
    const seen = m.externalId === null ? undefined : await findByExternalId(op.tx, chat.id, m.externalId)
    const line = await d.engine.lineOf(op.tx, state.rec?.state.lineId ?? chat.line_id)
    return { chat, rec: state.rec, isMember: state.isMember, memberSilent: state.memberSilent, duplicate: seen ? { id: seen.id, sessionId: seen.session_id } : null, line }
  }

  /**
   * A new session's first state. Without a welcome bot the customer's message
   * changes only the session's own columns, so it is folded into the insert
   * (the same state the 'customerMessage' transition would write after start).
   */
  function firstState(line: LineConfig, chat: ChatRow, start: Action, at: Date): { state: SessionState; messageApplied: boolean } {
    const state = newSession(chat.line_id, at)
    if (start.type !== 'start' || start.botId !== null) return { state, messageApplied: false }
    const res = transition(state, { type: 'customerMessage', at }, rulesFor(line, chat.connector_id))
    return res.ok && res.effects.length === 0 ? { state: res.state, messageApplied: true } : { state, messageApplied: false }
  }

  async function receiveIn(op: Op, m: NormalizedInbound, retry = false): Promise<InboundResult> {
    const { loaded, fresh } = await lockFor(op, m, retry)
    const { chat, line } = loaded
    const base = { chatId: chat.id, userId: chat.guest_user_id, voted: false }
    if (loaded.duplicate) return { ...base, sessionId: loaded.duplicate.sessionId ?? 0, messageId: loaded.duplicate.id, duplicate: true, sessionStarted: false }
    const voted = await tryVote(op, chat, m)
    if (voted) return voted
    if (loaded.rec) {
      // The common case, a message in an open dialogue: one statement writes the message and the session.
      const live: Live = { chat, line, rec: loaded.rec }
      const done = await d.engine.applyWithMessage(op, live, { type: 'customerMessage', at: op.now }, customerMessage(op, chat, live.rec.id, m))
      if (!done) return receiveIn(op, m, true)
      await storeFiles(op, chat, done.message, m)
      await tellCrm(op, chat, live.rec.id, done.message.id, m)
      await commandOf(op, chat, done.message, done.applied.ok ? done.applied.live.rec : live.rec)
      return { ...base, sessionId: live.rec.id, messageId: done.message.id, duplicate: false, sessionStarted: false }
    }
    // No open session seen: make sure with a fresh read before starting one.
    if (!fresh) return receiveIn(op, m, true)
    const sessionLine = await d.engine.lineOf(op.tx, chat.line_id)
    const probe = newSession(chat.line_id, op.now)
    const start = startAction(sessionLine, { id: 0, chatId: chat.id, number: chat.session_count + 1, parentId: null, version: 0, voteHead: null, commentHead: null, state: probe }, op.now)
    const first = firstState(sessionLine, chat, start, op.now)
    const rec = await insertSession(op.tx, { chatId: chat.id, number: chat.session_count + 1, parentId: chat.last_session_id, state: first.state })
    const row = await store(op, chat, rec.id, m)
    if (!row) throw new Error(`message ${m.externalId} of chat ${chat.id} stored twice under the chat lock`)
    const current: ChatRow = { ...chat, session_count: chat.session_count + 1, last_session_id: rec.id }
    let live: Live = { chat: current, line: sessionLine, rec }
    live = mustApply(await d.engine.apply(op, live, start), live)
    if (!first.messageApplied) live = mustApply(await d.engine.apply(op, live, { type: 'customerMessage', at: op.now }), live)
    await d.crm?.sessionStarted(op.tx, { chat: current, sessionId: rec.id, operatorId: live.rec.state.operatorId })
    await tellCrm(op, current, rec.id, row.id, m)
    await commandOf(op, current, row, live.rec)
    return { ...base, sessionId: rec.id, messageId: row.id, duplicate: false, sessionStarted: true }
  }

  /** A stored customer message the CRM side wants to read (CRM_CHAT_TRACKER). */
  async function tellCrm(op: Op, chat: ChatRow, sessionId: number, messageId: number, m: NormalizedInbound): Promise<void> {
    if (m.text && d.crm?.customerMessage && d.crm.wantsMessage?.(m.text)) await d.crm.customerMessage(op.tx, { chat, sessionId, messageId, text: m.text })
  }

  /** Most messages: an open dialogue, nothing but the session row to change, no transaction needed. */
  async function receiveFast(db: Db, m: NormalizedInbound): Promise<InboundResult | null> {
    if (m.files.length || voteOf(m.text) !== null || mayBeCommand(m.text) || (m.text && d.crm?.wantsMessage?.(m.text))) return null
    const now = d.clock.now()
    const op: Op = { tx: db, now, freed: new Set() }
    const done = await d.engine.fastMessage(db, { userCode: m.userCode }, { externalId: m.externalId }, { type: 'customerMessage', at: now }, (seen) =>
      customerMessage(op, seen.chat, seen.rec.id, m))
    if (!done) return null
    return { chatId: done.chat.id, userId: done.chat.guest_user_id, voted: false, sessionId: done.rec.id, messageId: done.message.id, duplicate: false, sessionStarted: false }
  }

  /** In its own transaction (or a single statement when that suffices). */
  async function receiveOwn(db: Db, input: InboundMessage): Promise<InboundResult> {
    const m = normalizeInbound(input)
    return (await receiveFast(db, m)) ?? db.transaction().execute((tx) => d.queue.run(tx, (op) => receiveIn(op, m)))
  }

  /**
   * The one way a customer's message enters: finds or creates the guest user
   * and the chat (by USER_CODE), starts a session when none is open, stores
   * the message once per external id, and routes the dialogue.
   */
  function receive(tx: Executor, input: InboundMessage): Promise<InboundResult> {
    const m = normalizeInbound(input)
    return d.queue.run(tx, (op) => receiveIn(op, m))
  }

  return { receive, receiveOwn, receiveVote }
}

function mustApply(res: Awaited<ReturnType<Engine['apply']>>, live: Live): Live {
  return res.ok ? res.live : live
}

function fileRow(chat: ChatRow, m: MessageRow, f: InboundFile, at: Date) {
  const extension = (/\.([a-z0-9]{1,10})$/i.exec(f.name)?.[1] ?? '').toLowerCase()
  return {
    chat_id: chat.id, message_id: m.id, name: f.name, type: f.type, extension, size: f.size, url: f.url,
    width: f.width ?? null, height: f.height ?? null, author_id: m.author_id, created_at: at,
  }
}
