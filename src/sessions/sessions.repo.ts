import { sql, type Generated, type RawBuilder, type Selectable, type Updateable } from 'kysely'
import type { OutboxSql } from '../events/index.js'
import { PREPARED, type Executor } from '../storage/db.js'
import { chatCountersSet, messageValues, provisionalRow, type MessageRow, type NewMessage } from '../chats/messages.repo.js'
import { addMembersSql, type ChatRow } from '../chats/chats.repo.js'
import { loadChangeSql, type LoadDelta } from '../routing/routing.repo.js'
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

const same = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : Array.isArray(a) && Array.isArray(b) ? a.join(',') === b.join(',') : a === b

/** Only what changed: most transitions touch two or three columns, which keeps the update small (and HOT). */
function changedColumns(before: SessionState, after: SessionState): Updateable<SessionsTable> {
  const a = columns(before) as Record<string, unknown>
  const b = columns(after) as Record<string, unknown>
  return Object.fromEntries(Object.entries(b).filter(([k, v]) => !same(a[k], v))) as Updateable<SessionsTable>
}

/** A new session of a chat, numbered next, and the chat's session counter and last session moved to it: one statement. */
export async function insertSession(
  db: Executor,
  s: { chatId: number; number: number; parentId: number | null; state: SessionState },
): Promise<SessionRecord> {
  const values = { ...columns(s.state), chat_id: s.chatId, number: s.number, parent_id: s.parentId, line_id: s.state.lineId, status: s.state.status, created_at: s.state.createdAt }
  const row = await db
    .with('s', (q) => q.insertInto('sessions').values(values).returningAll())
    .with('c', (q) => q.updateTable('chats').set((eb) => ({ session_count: eb('session_count', '+', 1), last_session_id: eb.selectFrom('s').select('s.id') })).where('id', '=', s.chatId))
    .selectFrom('s')
    .selectAll()
    .executeTakeFirstOrThrow()
  return toRecord(row as SessionRow)
}

/**
 * Writes the next state only if nobody changed the session since it was read
 * (`WHERE version = $seen`): of two operators answering at once, exactly one
 * update matches. Returns null for the loser.
 */
export async function saveSession(
  db: Executor,
  rec: SessionRecord,
  next: SessionState,
  along: { load?: LoadDelta[]; members?: { chatId: number; userIds: number[]; at: Date } } = {},
): Promise<SessionRecord | null> {
  const update = db
    .updateTable('sessions')
    .set({ ...changedColumns(rec.state, next), version: rec.version + 1 })
    .where('id', '=', rec.id)
    .where('version', '=', rec.version)
    .returning('id')
  // What goes with the new state (the operators' load, who joins the chat) is written by the same statement,
  // and only when the session was saved.
  const saved = sql<boolean>`exists (select 1 from saved)`
  const m = along.members
  const ctes = [
    loadChangeSql(along.load ?? [], saved),
    m ? addMembersSql(m.chatId, m.userIds, m.at, saved) : null,
  ].flatMap((c, i) => (c ? [sql`${sql.raw(`w${i}`)} as (${c})`] : []))
  // Only the id comes back: the saved row is the state just written, so nothing else is sent back and parsed.
  const savedRec: SessionRecord = { ...rec, version: rec.version + 1, state: next }
  if (!ctes.length) return (await update.executeTakeFirst()) ? savedRec : null
  const res = await sql<{ id: number }>`${sql.raw(PREPARED)} with saved as (${update}), ${sql.join(ctes)} select id from saved`.execute(db)
  return res.rows.length ? savedRec : null
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

/**
 * The hot path of a dialogue in one statement: write the session's next
 * state (compare-and-set on its version), and only if that matched, store
 * the message and move the chat's counters. Null when the session had
 * changed: nothing is written then.
 */
export async function insertMessageSavingSession(
  db: Executor,
  m: NewMessage,
  rec: SessionRecord,
  next: SessionState,
  opts: { lockChat?: boolean; memberId?: number } = {},
): Promise<MessageRow | null> {
  const res = await sql<{ id: number }>`${sql.raw(PREPARED)}
    with ${messageSavingSession(m, rec, next, opts, sql`true`)}
    select id from ins`.execute(db)
  const row = res.rows[0]
  return row ? provisionalRow(m, Number(row.id)) : null
}

/**
 * The same statement, also writing the message's outbox rows. `refused` when
 * the outbox's guard did not hold (nothing written: the caller takes its
 * transactional path); `row` null otherwise means the session had changed.
 */
export async function insertMessageWithOutbox(
  db: Executor,
  m: NewMessage,
  rec: SessionRecord,
  next: SessionState,
  opts: { lockChat?: boolean; memberId?: number; outbox: OutboxSql },
): Promise<{ row: (MessageRow & { eventIds: number[]; queued: number }) | null; refused: boolean }> {
  const res = await sql<{ id: number | null; event_ids__: number[] | null; queued__: number | null; outbox_ok__: boolean }>`${sql.raw(PREPARED)}
    with g as (select ${opts.outbox.guard} as ok), ${messageSavingSession(m, rec, next, opts, sql`(select ok from g)`)}${opts.outbox.ctes}
    select ins.id, ${opts.outbox.ids} as event_ids__, ${opts.outbox.queued} as queued__, g.ok as outbox_ok__ from g left join ins on true`.execute(db)
  const { id, event_ids__: ids, queued__: queued, outbox_ok__: ok } = res.rows[0]
  if (!ok) return { row: null, refused: true }
  if (id === null) return { row: null, refused: false }
  return { row: { ...provisionalRow(m, Number(id)), eventIds: (ids ?? []).map(Number), queued: Number(queued ?? 0) }, refused: false }
}

/**
 * The CTEs sess, ins and chat of the statements above; `guard` must hold for
 * anything to be written. `ins` returns only the new id: the rest of the row
 * is what the caller gave (provisionalRow), so nothing else is sent back and parsed.
 */
function messageSavingSession(m: NewMessage, rec: SessionRecord, next: SessionState, opts: { lockChat?: boolean; memberId?: number }, guard: RawBuilder<unknown>) {
  const v = messageValues(m)
  // Outside a transaction the statement takes the chat lock first (a one-time filter runs before any row is
  // touched), so it queues behind other work on the chat in the same order everything else does.
  const chatLock = opts.lockChat ? sql`exists (select 1 from chats where id = ${m.chatId} for update)` : sql`true`
  // A silent member's message never takes this path (it changes no session and reaches no customer).
  const member = opts.memberId === undefined ? sql`true` : sql`exists (select 1 from chat_members m where m.chat_id = ${m.chatId} and m.user_id = ${opts.memberId} and not m.silent)`
  const sets = Object.entries(changedColumns(rec.state, next)).map(([column, value]) => sql`${sql.ref(column)} = ${value}`)
  // Written as one SQL text rather than built: this runs for nearly every message.
  return sql`sess as (
      update sessions set ${sql.join([...sets, sql`version = ${rec.version + 1}`])}
      where id = ${rec.id} and version = ${rec.version} and ${guard} and ${chatLock} and ${member}
      returning id
    ), ins as (
      insert into messages (chat_id, session_id, author_id, text, params, is_system, to_customer, external_id, uuid, created_at)
      select ${v.chat_id}::int, ${v.session_id}::int, ${v.author_id}::int, ${v.text}::text, ${v.params}::jsonb,
        ${v.is_system}::boolean, ${v.to_customer}::boolean, ${v.external_id}::text, ${v.uuid}::text, ${v.created_at}::timestamptz
      from sess
      returning id
    ), chat as (
      update chats set last_message_id = greatest(chats.last_message_id, (select id from ins)),
        message_count = chats.message_count + 1, last_message_at = ${m.at}
      where id = ${m.chatId} and exists (select 1 from ins)
    )`
}

const SESSION_COLUMNS = [
  'id', 'chat_id', 'number', 'line_id', 'parent_id', 'status', 'operator_id', 'offered_to', 'tried', 'version', 'pinned', 'silent',
  'spam', 'bot_id', 'wait_answer', 'transfer_count', 'created_at', 'queued_at', 'offered_at', 'answered_at', 'first_answer_at',
  'last_customer_at', 'last_operator_at', 'finished_at', 'closed_at', 'closed_by', 'close_reason', 'no_answer_sent_at',
  'kpi_first_alert_at', 'kpi_further_alert_at', 'vote_requested_at', 'vote_closed_at', 'vote', 'vote_head', 'comment_head',
] as const satisfies ReadonlyArray<keyof SessionRow>

/** The session columns of `s` as `s__<column>`, beside a chat's own in one row (split by `chatAndSession`). */
const PREFIXED_SESSION_COLUMNS = sql.join(SESSION_COLUMNS.map((c) => sql`${sql.ref(`s.${c}`)} as ${sql.ref(`s__${c}`)}`))

export interface LockedChat {
  chat: ChatRow
  rec: SessionRecord | null
  /** Whether `userId` (when asked) is a member of the chat. */
  isMember: boolean
  /** Whether that member joined silently (session.join SILENT=Y). */
  memberSilent: boolean
  /** The message already stored under `externalId` (when asked), as { id, sessionId }. */
  duplicate: { id: number; sessionId: number | null } | null
}

/**
 * Locks a chat (by id or USER_CODE) and reads, in the same round trip, its
 * open session, the caller's membership and an earlier delivery of a message.
 * The chat row is current; the session may be a moment old if another
 * transaction changed it while this one waited for the lock (PostgreSQL
 * re-reads only the locked row), so writes based on it compare-and-set.
 */
export async function lockChatWithSession(
  db: Executor,
  key: { id: number } | { userCode: string },
  opts: { userId?: number; externalId?: string | null; lock?: boolean } = {},
): Promise<LockedChat | null> {
  const where = 'id' in key ? sql`c.id = ${key.id}` : sql`c.entity_type = 'LINES' and c.entity_id = ${key.userCode}`
  const member = opts.userId !== undefined ? sql`exists (select 1 from chat_members m where m.chat_id = c.id and m.user_id = ${opts.userId})` : sql`false`
  const silent = opts.userId !== undefined ? sql`exists (select 1 from chat_members m where m.chat_id = c.id and m.user_id = ${opts.userId} and m.silent)` : sql`false`
  const dup = opts.externalId ? sql`(select x.id from messages x where x.chat_id = c.id and x.external_id = ${opts.externalId})` : sql`null::bigint`
  const dupSession = opts.externalId ? sql`(select x.session_id from messages x where x.chat_id = c.id and x.external_id = ${opts.externalId})` : sql`null::int`
  const res = await sql<Record<string, unknown>>`${sql.raw(PREPARED)}
    select c.*, ${PREFIXED_SESSION_COLUMNS}, ${member} as is_member__, ${silent} as member_silent__, ${dup} as dup_id__, ${dupSession} as dup_session__
    from chats c left join sessions s on s.chat_id = c.id and s.status <> 'closed'
    where ${where} ${opts.lock === false ? sql`` : sql`for update of c`}`.execute(db)
  const row = res.rows[0]
  if (!row) return null
  const { chat, session } = chatAndSession(row)
  return {
    chat,
    rec: session.id === null ? null : toRecord(session as SessionRow),
    isMember: row.is_member__ === true,
    memberSilent: row.member_silent__ === true,
    duplicate: row.dup_id__ === null || row.dup_id__ === undefined ? null : { id: Number(row.dup_id__), sessionId: (row.dup_session__ as number | null) ?? null },
  }
}

/** A row of chat columns and `s__`-prefixed session columns, split. */
function chatAndSession(row: Record<string, unknown>): { chat: ChatRow; session: Record<string, unknown> } {
  const chat: Record<string, unknown> = {}
  const session: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) {
    if (k.startsWith('s__')) session[k.slice(3)] = v
    else if (!k.endsWith('__')) chat[k] = v
  }
  return { chat: chat as ChatRow, session }
}

/**
 * The oldest waiting session of a line whose chat nobody else is working on,
 * with its chat, both rows locked for this transaction in one round trip. The
 * session is as it is now: a row changed since the statement began is read
 * again once locked, and must still be waiting on this line.
 */
export async function lockOldestWaiting(db: Executor, lineId: number): Promise<{ chat: ChatRow; rec: SessionRecord } | null> {
  const row = await lockOldestRow(db, lineId, {})
  return row && { chat: row.chat, rec: row.rec }
}

/**
 * The statement both lockers share: the oldest waiting session of the line and
 * its chat, locked, skipping rows others hold; `with` and `columns` add a CTE
 * and output columns, `where` a condition on the candidate.
 */
async function lockOldestRow(
  db: Executor,
  lineId: number,
  extra: { with?: RawBuilder<unknown>; columns?: RawBuilder<unknown>; where?: RawBuilder<unknown> },
): Promise<{ chat: ChatRow; rec: SessionRecord; row: Record<string, unknown> } | null> {
  const res = await sql<Record<string, unknown>>`${sql.raw(PREPARED)}
    ${extra.with ?? sql``}
    select c.*, ${PREFIXED_SESSION_COLUMNS} ${extra.columns ? sql`, ${extra.columns}` : sql``}
    from sessions s join chats c on c.id = s.chat_id
    where s.line_id = ${lineId} and s.status = 'waiting' ${extra.where ? sql`and ${extra.where}` : sql``}
    order by s.queued_at, s.id limit 1
    for update of c, s skip locked`.execute(db)
  const row = res.rows[0]
  if (!row) return null
  const { chat, session } = chatAndSession(row)
  return { chat, rec: toRecord(session as SessionRow), row }
}

/**
 * `lockOldestWaiting` and the choice of its operator in one round trip: `pick`
 * (a statement choosing and locking one operator's row, `user_id`) runs first,
 * and only when it found someone is the oldest waiting dialogue looked for and
 * locked. `roomAfter` (given the pick as a relation) says whether the line has
 * room for one more after this offer; `more` adds that another dialogue waits.
 */
export async function lockOldestWaitingWithOperator(
  db: Executor,
  lineId: number,
  plan: { pick: RawBuilder<{ user_id: number }>; roomAfter: (picked: RawBuilder<unknown>) => RawBuilder<boolean> },
): Promise<{ chat: ChatRow; rec: SessionRecord; operatorId: number; more: boolean } | null> {
  const picked = sql`select user_id from pick`
  const found = await lockOldestRow(db, lineId, {
    with: sql`with pick as materialized (${plan.pick})`,
    columns: sql`(${picked}) as operator__, ${plan.roomAfter(picked)} and exists (
      select 1 from sessions w where w.line_id = ${lineId} and w.status = 'waiting' and w.id <> s.id) as more__`,
    where: sql`exists (select 1 from pick)`,
  })
  return found && { chat: found.chat, rec: found.rec, operatorId: Number(found.row.operator__), more: found.row.more__ === true }
}

/** After the chat is locked: its open session and the caller's membership, read fresh. */
export async function chatState(db: Executor, chatId: number, userId?: number): Promise<{ rec: SessionRecord | null; isMember: boolean; memberSilent: boolean }> {
  const member = userId !== undefined ? sql<boolean>`exists (select 1 from chat_members m where m.chat_id = ${chatId} and m.user_id = ${userId})` : sql<boolean>`false`
  const silent = userId !== undefined ? sql<boolean>`exists (select 1 from chat_members m where m.chat_id = ${chatId} and m.user_id = ${userId} and m.silent)` : sql<boolean>`false`
  const res = await sql<SessionRow & { is_member__: boolean; member_silent__: boolean; found__: boolean }>`
    select s.*, ${member} as is_member__, ${silent} as member_silent__, s.id is not null as found__
    from (select 1) one left join sessions s on s.chat_id = ${chatId} and s.status <> 'closed'`.execute(db)
  const row = res.rows[0]
  const { is_member__: isMember, member_silent__: memberSilent, found__: found, ...session } = row
  return { rec: found ? toRecord(session as SessionRow) : null, isMember, memberSilent }
}

/** Open sessions of a line, by chat (a deleted line closes them). */
export async function openSessionsOfLine(db: Executor, lineId: number): Promise<Array<{ id: number; chatId: number }>> {
  const rows = await db.selectFrom('sessions').select(['id', 'chat_id']).where('line_id', '=', lineId).where('status', '<>', 'closed').orderBy('chat_id').execute()
  return rows.map((r) => ({ id: r.id, chatId: r.chat_id }))
}
