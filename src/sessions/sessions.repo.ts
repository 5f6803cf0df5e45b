import { sql, type Generated, type Selectable, type Updateable } from 'kysely'
import type { Executor } from '../storage/db.js'
import type { CloseReason, SessionState, SessionStatus } from './session-state.js'

export interface SessionsTable {
  id: Generated<number>
  chat_id: number
  number: number
  line_id: number
  parent_id: number | null
  status: string
  operator_id: number | null
  offered_to: Generated<number[]>
  tried: Generated<number[]>
  version: Generated<number>
  pinned: Generated<boolean>
  silent: Generated<boolean>
  spam: Generated<boolean>
  bot_id: number | null
  wait_answer: Generated<boolean>
  transfer_count: Generated<number>
  created_at: Date
  queued_at: Date | null
  offered_at: Date | null
  answered_at: Date | null
  first_answer_at: Date | null
  last_customer_at: Date | null
  last_operator_at: Date | null
  finished_at: Date | null
  closed_at: Date | null
  closed_by: number | null
  close_reason: string | null
  no_answer_sent_at: Date | null
  kpi_first_alert_at: Date | null
  kpi_further_alert_at: Date | null
  vote_requested_at: Date | null
  vote_closed_at: Date | null
  vote: number | null
  vote_head: number | null
  comment_head: string | null
}

declare module '../storage/schema.js' {
  interface Database {
    sessions: SessionsTable
  }
}

export type SessionRow = Selectable<SessionsTable>

/** A session as the engine holds it: identity, CAS version and the state machine's view. */
export interface SessionRecord {
  id: number
  chatId: number
  number: number
  parentId: number | null
  version: number
  voteHead: number | null
  commentHead: string | null
  state: SessionState
}

export function toRecord(r: SessionRow): SessionRecord {
  return {
    id: r.id, chatId: r.chat_id, number: r.number, parentId: r.parent_id, version: r.version, voteHead: r.vote_head,
    commentHead: r.comment_head,
    state: {
      status: r.status as SessionStatus, lineId: r.line_id, operatorId: r.operator_id, offeredTo: r.offered_to, tried: r.tried,
      pinned: r.pinned, silent: r.silent, spam: r.spam, botId: r.bot_id, waitAnswer: r.wait_answer, transferCount: r.transfer_count,
      createdAt: r.created_at, queuedAt: r.queued_at, offeredAt: r.offered_at, answeredAt: r.answered_at,
      firstAnswerAt: r.first_answer_at, lastCustomerAt: r.last_customer_at, lastOperatorAt: r.last_operator_at,
      finishedAt: r.finished_at, closedAt: r.closed_at, closedBy: r.closed_by, closeReason: r.close_reason as CloseReason | null,
      noAnswerSentAt: r.no_answer_sent_at, kpiFirstAlertAt: r.kpi_first_alert_at, kpiFurtherAlertAt: r.kpi_further_alert_at,
      voteRequestedAt: r.vote_requested_at, voteClosedAt: r.vote_closed_at, vote: r.vote,
    },
  }
}

function columns(s: SessionState): Updateable<SessionsTable> {
  return {
    status: s.status, line_id: s.lineId, operator_id: s.operatorId, offered_to: s.offeredTo, tried: s.tried, pinned: s.pinned,
    silent: s.silent, spam: s.spam, bot_id: s.botId, wait_answer: s.waitAnswer, transfer_count: s.transferCount,
    queued_at: s.queuedAt, offered_at: s.offeredAt, answered_at: s.answeredAt, first_answer_at: s.firstAnswerAt,
    last_customer_at: s.lastCustomerAt, last_operator_at: s.lastOperatorAt, finished_at: s.finishedAt, closed_at: s.closedAt,
    closed_by: s.closedBy, close_reason: s.closeReason, no_answer_sent_at: s.noAnswerSentAt, kpi_first_alert_at: s.kpiFirstAlertAt,
    kpi_further_alert_at: s.kpiFurtherAlertAt, vote_requested_at: s.voteRequestedAt, vote_closed_at: s.voteClosedAt, vote: s.vote,
  }
}

export async function insertSession(
  db: Executor,
  s: { chatId: number; number: number; parentId: number | null; state: SessionState },
): Promise<SessionRecord> {
  const row = await db
    .insertInto('sessions')
    .values({ ...columns(s.state), chat_id: s.chatId, number: s.number, parent_id: s.parentId, line_id: s.state.lineId, status: s.state.status, created_at: s.state.createdAt })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toRecord(row)
}

/**
 * Writes the next state only if nobody changed the session since it was read
 * (`WHERE version = $seen`): of two operators answering at once, exactly one
 * update matches. Returns null for the loser.
 */
export async function saveSession(db: Executor, rec: SessionRecord, next: SessionState): Promise<SessionRecord | null> {
  const row = await db
    .updateTable('sessions')
    .set({ ...columns(next), version: rec.version + 1 })
    .where('id', '=', rec.id)
    .where('version', '=', rec.version)
    .returningAll()
    .executeTakeFirst()
  return row ? toRecord(row) : null
}

export async function findSession(db: Executor, id: number): Promise<SessionRecord | null> {
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toRecord(row) : null
}

export async function openSessionOfChat(db: Executor, chatId: number): Promise<SessionRecord | null> {
  const row = await db.selectFrom('sessions').selectAll().where('chat_id', '=', chatId).where('status', '<>', 'closed').executeTakeFirst()
  return row ? toRecord(row) : null
}

export async function lastSessionOfChat(db: Executor, chatId: number): Promise<SessionRecord | null> {
  const row = await db.selectFrom('sessions').selectAll().where('chat_id', '=', chatId).orderBy('id', 'desc').limit(1).executeTakeFirst()
  return row ? toRecord(row) : null
}

/** Sessions an operator answers right now (pinAll / unpinAll). */
export async function answeredBy(db: Executor, operatorId: number): Promise<SessionRecord[]> {
  const rows = await db.selectFrom('sessions').selectAll().where('operator_id', '=', operatorId).where('status', '=', 'answered').orderBy('id', 'desc').execute()
  return rows.map(toRecord)
}

/** Sessions offered to an operator alone (they go back to the queue when the operator goes offline). */
export async function offeredTo(db: Executor, operatorId: number): Promise<Array<{ id: number; chatId: number }>> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'chat_id'])
    .where('status', '=', 'offered')
    .where((eb) => eb.or([eb('operator_id', '=', operatorId), sql<boolean>`${operatorId} = any(offered_to)`]))
    .execute()
  return rows.map((r) => ({ id: r.id, chatId: r.chat_id }))
}

export async function setHeadVote(db: Executor, id: number, vote: number | null, comment: string | null): Promise<void> {
  await db
    .updateTable('sessions')
    .set((eb) => ({
      ...(vote !== null ? { vote_head: vote } : {}),
      ...(comment !== null ? { comment_head: comment } : {}),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute()
}

export async function sessionsByIds(db: Executor, ids: number[]): Promise<SessionRecord[]> {
  if (!ids.length) return []
  const rows = await db.selectFrom('sessions').selectAll().where('id', 'in', ids).execute()
  return rows.map(toRecord)
}
