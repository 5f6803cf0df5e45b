import type { Logger } from 'pino'
import { addMembers, lockChat, removeMembers, type ChatRow } from '../chats/chats.repo.js'
import { insertMessage, type MessageRow } from '../chats/messages.repo.js'
import { personName } from '../chats/people.repo.js'
import type { Clock } from '../platform/clock.js'
import { RestError } from '../platform/errors.js'
import type { Router } from '../routing/router.js'
import { applyLoad, type LoadDelta } from '../routing/routing.repo.js'
import type { Executor } from '../storage/db.js'
import type { TimerService } from '../timers/index.js'
import type { DialogueEvents } from './events-port.js'
import type { LineConfig, LineReader } from './line-port.js'
import { closeTermMinutes, rulesFor } from './rules.js'
import { messageAddEvent, sessionEvent } from './session-events.js'
import type { Action, Effect, Rejection, SessionState } from './session-state.js'
import { openSessionOfChat, saveSession, type SessionRecord } from './sessions.repo.js'
import { transition } from './transition.js'

export interface EngineDeps {
  clock: Clock
  logger: Logger
  lines: LineReader
  events: DialogueEvents
  timers: TimerService
  router: Router
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

/** Another transaction changed the session between read and write; the chat lock makes this a bug, not a race. */
export class SessionConflict extends Error {}

export const timerKind = (kind: string) => `session.${kind}`

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

export function createEngine(d: EngineDeps) {
  async function lineOf(tx: Executor, id: number): Promise<LineConfig> {
    const line = await d.lines.getLine(tx, id)
    if (!line) throw new RestError('LINE_NOT_FOUND', `Open line ${id} not found`, 404)
    return line
  }

  /** Locks the chat and reads its line and open session (null when none is open). */
  async function load(op: Op, chatId: number): Promise<{ chat: ChatRow; line: LineConfig; rec: SessionRecord | null } | null> {
    const chat = await lockChat(op.tx, chatId)
    if (!chat) return null
    const rec = await openSessionOfChat(op.tx, chatId)
    const line = await lineOf(op.tx, rec?.state.lineId ?? chat.line_id)
    return { chat, line, rec }
  }

  async function apply(op: Op, live: Live, action: Action): Promise<Applied> {
    const res = transition(live.rec.state, action, rulesFor(live.line, live.chat.connector_id))
    if (!res.ok) return res
    let rec = live.rec
    if (res.state !== rec.state) {
      const saved = await saveSession(op.tx, rec, res.state)
      if (!saved) throw new SessionConflict(`session ${rec.id} changed under ${action.type}`)
      await applyLoad(op.tx, loadDiff(rec.state, saved.state, op.now))
      rec = saved
    }
    let current: Live = { ...live, rec }
    const cancels = res.effects.flatMap((e) => (e.type === 'cancelTimer' ? [timerKind(e.kind)] : []))
    if (cancels.length) await d.timers.cancel(op.tx, cancels, rec.id)
    for (const effect of res.effects) current = await execute(op, current, effect)
    return { ok: true, live: current }
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
      default: return unreachable(e)
    }
  }

  function unreachable(e: never): never {
    throw new Error(`unknown effect ${JSON.stringify(e)}`)
  }

  /** Offers the dialogue by its line's queue type, or leaves it waiting. */
  async function route(op: Op, live: Live, exclude: number[]): Promise<Live> {
    const line = live.rec.state.lineId === live.line.id ? live.line : await lineOf(op.tx, live.rec.state.lineId)
    const decision = await d.router.decide(op.tx, line, exclude)
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

  async function kpiAlert(op: Op, live: Live, kind: 'first' | 'further', operatorId: number | null): Promise<void> {
    const l = live.line
    const template = kind === 'first' ? l.kpiFirstAnswerText : l.kpiFurtherAnswerText
    const recipients = kind === 'first' ? l.kpiFirstAnswerList : l.kpiFurtherAnswerList
    const name = operatorId !== null ? await personName(op.tx, operatorId) : ''
    const text = template.replaceAll('#OPERATOR#', name).replaceAll('#DIALOG#', String(live.rec.id))
    await insertMessage(op.tx, {
      chatId: live.chat.id, sessionId: live.rec.id, authorId: 0, text, isSystem: true, toCustomer: false,
      params: { CODE: kind === 'first' ? 'KPI_FIRST_ANSWER' : 'KPI_FURTHER_ANSWER', KPI_OPERATOR_ID: operatorId ?? 0, KPI_RECIPIENTS: recipients },
      externalId: null, uuid: null, at: op.now,
    })
  }

  return { apply, load, lineOf, route, systemMessage }
}

export type Engine = ReturnType<typeof createEngine>
