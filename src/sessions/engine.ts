import type { Logger } from 'pino'
import { addMembers, lockChat, removeMembers, type ChatRow } from '../chats/chats.repo.js'
import { insertMessage, type MessageRow, type NewMessage } from '../chats/messages.repo.js'
import { personName } from '../chats/people.repo.js'
import type { Clock } from '../platform/clock.js'
import { RestError } from '../platform/errors.js'
import type { RouteDecision, Router } from '../routing/router.js'
import { applyLoad, type LoadDelta } from '../routing/routing.repo.js'
import { outboxSql, type PlannedOutbox } from '../events/index.js'
import type { Executor } from '../storage/db.js'
import type { TimerService } from '../timers/index.js'
import type { DialogueCrm } from './crm-port.js'
import type { BotPort, DialogueEvents, DialogueNotices } from './events-port.js'
import type { LineConfig, LineReader } from './line-port.js'
import { movesQueue, queueChanges, type QueuePort } from './queue-port.js'
import { closeTermMinutes, rulesFor } from './rules.js'
import { messageAddEvent, sessionEvent } from './session-events.js'
import type { Action, Effect, Rejection, SessionState } from './session-state.js'
import { chatState, insertMessageSavingSession, insertMessageWithOutbox, lockChatWithSession, saveSession, type LockedChat, type SessionRecord } from './sessions.repo.js'
import { transition } from './transition.js'

/**
 * What a one-statement message also writes to the outbox, given the chat and
 * the message about to be stored (its id is `ROW_ID_SLOT` there); null when
 * its events need the transactional path.
 */
export type OutboxPlanner = (chat: ChatRow, message: NewMessage) => PlannedOutbox | null

export interface EngineDeps {
  clock: Clock
  logger: Logger
  lines: LineReader
  /** The same lines, kept a moment (the one-statement message path). */
  cachedLines: LineReader
  events: DialogueEvents
  timers: TimerService
  router: Router
  /** The CRM side (CRM_FORWARD), when wired. */
  crm?: DialogueCrm
  bots: BotPort
  notices?: DialogueNotices
  /** Consoles watching a line hear of its dialogues' queue changes; none: nothing is signalled. */
  queueSignals?: QueuePort
}

/** One operation on dialogues inside one transaction; operators freed by it get waiting dialogues at the end. */
export interface Op {
  tx: Executor
  now: Date
  freed: Set<number>
}

/** A chat whose row this transaction has locked, with its line and current session. */
export interface Live {
  chat: ChatRow
  line: LineConfig
  rec: SessionRecord
}

export type Applied = { ok: true; live: Live } | { ok: false; reason: Rejection }

/** A locked chat with its line, open session, and what the caller asked about (membership, an earlier delivery). */
export interface Loaded extends LockedChat {
  line: LineConfig
}

/** Another transaction changed the session between read and write; the chat lock makes this a bug, not a race. */
export class SessionConflict extends Error {}

export const timerKind = (kind: string) => `session.${kind}`

const isUniqueViolation = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505'

type Bucket = 'offered' | 'answered' | 'closing' | null

function bucket(s: SessionState): Bucket {
  if (s.operatorId === null) return null
  if (s.status === 'offered' || s.status === 'answered' || s.status === 'closing') return s.status
  return null
}

/** How a state change moves operator load, from the two states alone. */
export function loadDiff(before: SessionState, after: SessionState, at: Date): LoadDelta[] {
  const b = bucket(before)
  const a = bucket(after)
  if (b === a && before.operatorId === after.operatorId && before.lineId === after.lineId) return []
  const out: LoadDelta[] = []
  const zero = { offered: 0, answered: 0, closing: 0 }
  if (b !== null && before.operatorId !== null) out.push({ lineId: before.lineId, userId: before.operatorId, ...zero, [b]: -1, offeredAt: null })
  if (a !== null && after.operatorId !== null) {
    const assigned = after.operatorId !== before.operatorId || a === 'offered'
    out.push({ lineId: after.lineId, userId: after.operatorId, ...zero, [a]: 1, offeredAt: assigned && a !== 'closing' ? at : null })
  }
  return out
}

/** A chat and its session as this process last wrote them; only a hint, every write compare-and-sets. */
export interface HotChat {
  chat: ChatRow
  rec: SessionRecord
}

/** How many chats' last known session the process keeps for the one-statement path. */
const HOT_CHATS = 10_000
/** How long a chat whose events needed the transactional path goes straight to it. */
const OUTBOX_REFUSAL_MS = 60_000

export function createEngine(d: EngineDeps) {
  // Customers write several messages in a row; remembering the session's version lets the next message
  // go in one statement. Another process or operation changing the session makes the compare-and-set
  // miss, and the message takes the longer path (which refreshes this).
  const hot = new Map<string, HotChat>()
  const outboxRefused = new Map<number, number>()

  async function lineOf(tx: Executor, id: number): Promise<LineConfig> {
    const line = await d.lines.getLine(tx, id)
    if (!line) throw new RestError('LINE_NOT_FOUND', `Open line ${id} not found`, 404)
    return line
  }

  /** Locks the chat, then reads its line, open session (null when none is open) and the caller's membership. */
  async function load(op: Op, chatId: number, opts: { userId?: number } = {}): Promise<Loaded | null> {
    const chat = await lockChat(op.tx, chatId)
    if (!chat) return null
    const state = await chatState(op.tx, chatId, opts.userId)
    return loadLocked(op, { chat, rec: state.rec, isMember: state.isMember, memberSilent: state.memberSilent, duplicate: null })
  }

  /**
   * The same in one round trip, for the hot paths that only write through
   * `applyWithMessage` (which re-reads a session that turned out stale).
   */
  async function loadFast(op: Op, key: { id: number } | { userCode: string }, opts: { userId?: number; externalId?: string | null } = {}): Promise<Loaded | null> {
    return loadLocked(op, await lockChatWithSession(op.tx, key, opts))
  }

  async function loadLocked(op: Op, locked: LockedChat | null): Promise<Loaded | null> {
    if (!locked) return null
    const line = await lineOf(op.tx, locked.rec?.state.lineId ?? locked.chat.line_id)
    return { ...locked, line }
  }

  async function apply(op: Op, live: Live, action: Action): Promise<Applied> {
    const res = transition(live.rec.state, action, rulesFor(live.line, live.chat.connector_id))
    if (!res.ok) return res
    let rec = live.rec
    let effects = res.effects
    if (res.state !== rec.state) {
      // Who joins the chat is written with the state (one statement), unless the same transition also removes them.
      const leaving = new Set(effects.flatMap((e) => (e.type === 'leave' ? e.userIds : [])))
      const joins = effects.filter((e) => e.type === 'join' && e.userIds.every((id) => !leaving.has(id)))
      const members = { chatId: live.chat.id, userIds: joins.flatMap((e) => (e.type === 'join' ? e.userIds : [])), at: op.now }
      const saved = await saveSession(op.tx, rec, res.state, { load: loadDiff(rec.state, res.state, op.now), members })
      if (!saved) throw new SessionConflict(`session ${rec.id} changed under ${action.type}`)
      rec = saved
      effects = effects.filter((e) => !joins.includes(e))
    }
    return { ok: true, live: await follow(op, live, rec, effects, { loadMoved: true }) }
  }

  /**
   * A message and the transition it causes, written in one statement (the
   * hot path of every dialogue). The message is stored even when the state
   * machine refuses the action. Null when nothing was written because the
   * session (or an earlier delivery of the message) changed meanwhile.
   */
  async function applyWithMessage(op: Op, live: Live, action: Action, message: NewMessage): Promise<{ applied: Applied; message: MessageRow } | null> {
    const res = transition(live.rec.state, action, rulesFor(live.line, live.chat.connector_id))
    if (!res.ok || res.state === live.rec.state) {
      const stored = await insertMessage(op.tx, message)
      if (!stored) return null
      return { applied: res.ok ? { ok: true, live: await follow(op, live, live.rec, res.effects) } : res, message: stored }
    }
    const written = await insertMessageSavingSession(op.tx, message, live.rec, res.state)
    // Null: the session read with the lock was a moment old. The caller reads again (the chat is locked now) and retries.
    if (!written) return null
    const rec: SessionRecord = { ...live.rec, version: live.rec.version + 1, state: res.state }
    return { applied: { ok: true, live: await follow(op, live, rec, res.effects) }, message: written }
  }

  /**
   * A message that changes nothing but its session's row, without an explicit
   * transaction: one read, then one statement that locks the chat,
   * compare-and-sets the session and stores the message (all or nothing).
   * Null when the case is not that simple (no open session, effects to run,
   * load to move, the session changed meanwhile, an earlier delivery): the
   * caller then takes the transactional path.
   */
  async function fastMessage(
    db: Executor,
    key: { id: number } | { userCode: string },
    opts: { userId?: number; externalId?: string | null; outbox?: OutboxPlanner },
    action: Action,
    build: (seen: HotChat) => NewMessage | null,
  ): Promise<{ chat: ChatRow; rec: SessionRecord; message: MessageRow & { eventIds?: number[]; queued?: number } } | null> {
    if (opts.outbox && 'id' in key && refusedLately(key.id)) return null
    const cacheKey = 'userCode' in key ? `code:${key.userCode}` : `chat:${key.id}`
    const cached = hot.get(cacheKey)
    if (cached) {
      const done = await writeFast(db, cached, action, build, opts)
      if (done) return remember(cacheKey, done)
      hot.delete(cacheKey)
    }
    const seen = await lockChatWithSession(db, key, { ...opts, lock: false })
    if (!seen?.rec || seen.duplicate || (opts.userId !== undefined && (!seen.isMember || seen.memberSilent))) return null
    return remember(cacheKey, await writeFast(db, { chat: seen.chat, rec: seen.rec }, action, build, opts))
  }

  /**
   * The line's settings for the one-statement path, kept a moment: there they
   * only decide whether the message needs more than the session row (a timer
   * to arm), so a setting changed a moment ago may miss one message.
   */
  function hotLine(db: Executor, id: number): Promise<LineConfig | null> {
    return d.cachedLines.getLine(db, id)
  }

  /** One statement: chat lock, session compare-and-set, message; null when the state was stale or not simple. */
  async function writeFast(db: Executor, seen: HotChat, action: Action, build: (seen: HotChat) => NewMessage | null, opts: { userId?: number; outbox?: OutboxPlanner }) {
    const line = await hotLine(db, seen.rec.state.lineId)
    if (!line) return null
    const res = transition(seen.rec.state, action, rulesFor(line, seen.chat.connector_id))
    if (!res.ok || res.effects.length || res.state === seen.rec.state || loadDiff(seen.rec.state, res.state, d.clock.now()).length) return null
    if (movesQueue(seen.rec.state, res.state)) return null
    const message = build(seen)
    if (!message) return null
    try {
      let row: (MessageRow & { eventIds?: number[]; queued?: number }) | null
      if (opts.outbox) {
        // The message's events in the same statement, when they can be planned; else the caller's transactional path.
        const plan = opts.outbox(seen.chat, message)
        if (!plan) return null
        const out = await insertMessageWithOutbox(db, message, seen.rec, res.state, { lockChat: true, memberId: opts.userId, outbox: outboxSql(plan, 'ins') })
        if (out.refused) {
          outboxRefused.set(seen.chat.id, d.clock.monotonic() + OUTBOX_REFUSAL_MS)
          if (outboxRefused.size > HOT_CHATS) outboxRefused.delete(outboxRefused.keys().next().value!)
        }
        row = out.row
      } else {
        row = await insertMessageSavingSession(db, message, seen.rec, res.state, { lockChat: true, memberId: opts.userId })
      }
      return row ? { chat: seen.chat, rec: { ...seen.rec, version: seen.rec.version + 1, state: res.state }, message: row } : null
    } catch (err) {
      // A concurrent delivery of the same message won the unique index: the transactional path reports it.
      if (isUniqueViolation(err)) return null
      throw err
    }
  }

  /**
   * Chats whose events could not be written by the one statement lately (an
   * app registered their connector): their messages take the transactional
   * path for a while instead of trying, and failing, first.
   */
  function refusedLately(chatId: number): boolean {
    const until = outboxRefused.get(chatId)
    if (until === undefined) return false
    if (until > d.clock.monotonic()) return true
    outboxRefused.delete(chatId)
    return false
  }

  /** Remembers the chat under both of its keys, so customer and operator messages share one entry. */
  function remember<T extends { chat: ChatRow; rec: SessionRecord } | null>(_key: string, done: T): T {
    if (done) {
      const entry = { chat: done.chat, rec: done.rec }
      for (const key of [`chat:${done.chat.id}`, `code:${done.chat.entity_id}`]) {
        hot.delete(key)
        hot.set(key, entry)
      }
      while (hot.size > HOT_CHATS * 2) hot.delete(hot.keys().next().value!)
    }
    return done
  }

  /** After a state change: operator load (unless the save moved it), then the transition's effects in order (timer cancels first, in one statement). */
  async function follow(op: Op, live: Live, rec: SessionRecord, effects: Effect[], opts: { loadMoved?: boolean } = {}): Promise<Live> {
    if (rec !== live.rec) {
      // saveSession moves the load with the session; a message statement that saved the session did not.
      if (!opts.loadMoved) await applyLoad(op.tx, loadDiff(live.rec.state, rec.state, op.now))
      if (movesQueue(live.rec.state, rec.state)) {
        for (const c of queueChanges(live.rec.state, rec.state, { chatId: live.chat.id, sessionId: rec.id })) await d.queueSignals?.changed(op.tx, c)
      }
    }
    let current: Live = { ...live, rec }
    const cancels = effects.flatMap((e) => (e.type === 'cancelTimer' ? [timerKind(e.kind)] : []))
    if (cancels.length) await d.timers.cancel(op.tx, cancels, rec.id)
    for (const effect of effects) current = await execute(op, current, effect)
    return current
  }

  async function execute(op: Op, live: Live, e: Effect): Promise<Live> {
    const { chat, rec } = live
    switch (e.type) {
      case 'route': return route(op, live, e.exclude)
      case 'setTimer': await d.timers.set(op.tx, timerKind(e.kind), rec.id, e.at, { chatId: chat.id }); return live
      case 'cancelTimer': return live
      case 'message': await systemMessage(op, live, e.code, e.text, e.toCustomer); return live
      case 'event': await d.events.record(op.tx, sessionEvent(e.name, chat, rec, closeTermMinutes(live.line))); return live
      case 'join': await addMembers(op.tx, chat.id, e.userIds, op.now); return live
      case 'leave': await removeMembers(op.tx, chat.id, e.userIds.filter((id) => id !== chat.guest_user_id)); return live
      case 'freed': op.freed.add(e.operatorId); return live
      case 'kpiAlert': await kpiAlert(op, live, e.kind, e.operatorId); return live
      case 'toBot': await d.bots.deliver(op.tx, { chat, rec, kind: e.kind, botId: e.botId }); return live
      default: return unreachable(e)
    }
  }

  function unreachable(e: never): never {
    throw new Error(`unknown effect ${JSON.stringify(e)}`)
  }

  /** Offers the dialogue by its line's queue type, or leaves it waiting. */
  /** `decided`: the caller already asked the router (queue dispatch asks before taking a waiting dialogue). */
  async function route(op: Op, live: Live, exclude: number[], decided?: RouteDecision): Promise<Live> {
    const line = live.rec.state.lineId === live.line.id ? live.line : await lineOf(op.tx, live.rec.state.lineId)
    const decision = decided ?? (await d.router.decide(op.tx, line, exclude, await d.crm?.preferredOperator(op.tx, live.chat)))
    const action: Action = decision
      ? { type: 'offer', at: op.now, operatorIds: decision.operatorIds, toAll: decision.toAll, newRound: decision.newRound }
      : { type: 'enqueue', at: op.now }
    const res = await apply(op, { ...live, line }, action)
    if (!res.ok) {
      d.logger.warn({ sessionId: live.rec.id, reason: res.reason, action: action.type }, 'routing result refused')
      return live
    }
    return res.live
  }

  async function systemMessage(op: Op, live: Live, code: string, text: string, toCustomer: boolean): Promise<MessageRow | null> {
    const m = await insertMessage(op.tx, {
      chatId: live.chat.id, sessionId: live.rec.id, authorId: 0, text, params: { CODE: code }, isSystem: true, toCustomer,
      externalId: null, uuid: null, at: op.now,
    })
    if (m && toCustomer) await d.events.record(op.tx, messageAddEvent(live.chat, m, []))
    return m
  }

  /**
   * KPI_*_ANSWER_ALERT: the text (#OPERATOR#, #DIALOG# filled in) goes into
   * the chat as an operators-only system message, and to the people of
   * KPI_*_ANSWER_LIST and the dialogue's operator as a notification they see
   * live and can read later.
   */
  async function kpiAlert(op: Op, live: Live, kind: 'first' | 'further', operatorId: number | null): Promise<void> {
    const l = live.line
    const template = kind === 'first' ? l.kpiFirstAnswerText : l.kpiFurtherAnswerText
    const recipients = kind === 'first' ? l.kpiFirstAnswerList : l.kpiFurtherAnswerList
    const code = kind === 'first' ? 'KPI_FIRST_ANSWER' : 'KPI_FURTHER_ANSWER'
    const name = operatorId !== null ? await personName(op.tx, operatorId) : ''
    const text = template.replaceAll('#OPERATOR#', name).replaceAll('#DIALOG#', String(live.rec.id))
    await insertMessage(op.tx, {
      chatId: live.chat.id, sessionId: live.rec.id, authorId: 0, text, isSystem: true, toCustomer: false,
      params: { CODE: code, KPI_OPERATOR_ID: operatorId ?? 0, KPI_RECIPIENTS: recipients },
      externalId: null, uuid: null, at: op.now,
    })
    const people = operatorId !== null ? [...recipients, operatorId] : recipients
    await d.notices?.notify(op.tx, people, {
      kind: code, text, chatId: live.chat.id, sessionId: live.rec.id, lineId: live.rec.state.lineId, params: { OPERATOR_ID: operatorId ?? 0 },
    })
  }

  return { apply, applyWithMessage, fastMessage, load, loadFast, lineOf, route, systemMessage }
}

export type Engine = ReturnType<typeof createEngine>
