import { sql, type Generated, type RawBuilder, type Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface ChatsTable {
  id: Generated<number>
  type: Generated<string>
  entity_type: Generated<string>
  entity_id: string
  line_id: number
  connector_id: string
  connector_chat_id: string
  connector_user_id: string
  guest_user_id: number
  name: Generated<string>
  description: string | null
  color: Generated<string>
  owner_id: Generated<number>
  session_count: Generated<number>
  last_session_id: number | null
  last_message_id: Generated<number>
  message_count: Generated<number>
  last_message_at: Date | null
  created_at: Date
  /** CRM binding (0: none), written by the crm-chats domain; shown in ENTITY_DATA_1/2. */
  crm_lead_id: Generated<number>
  crm_deal_id: Generated<number>
  crm_contact_id: Generated<number>
  crm_company_id: Generated<number>
}

export interface ChatMembersTable {
  chat_id: number
  user_id: number
  role: Generated<string>
  last_read_id: Generated<number>
  joined_at: Date
  /** Joined silently (0910): the customer is not told, and what the member writes stays among operators. */
  silent: Generated<boolean>
}

declare module '../storage/schema.js' {
  interface Database {
    chats: ChatsTable
    chat_members: ChatMembersTable
  }
}

export type ChatRow = Selectable<ChatsTable>

export function findChat(db: Executor, id: number): Promise<ChatRow | undefined> {
  return db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Every change to a chat's dialogue starts by locking its row, so they queue per chat and never deadlock. */
export function lockChat(db: Executor, id: number): Promise<ChatRow | undefined> {
  return db.selectFrom('chats').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function findChatByCode(db: Executor, userCode: string, lock = false): Promise<ChatRow | undefined> {
  let q = db.selectFrom('chats').selectAll().where('entity_type', '=', 'LINES').where('entity_id', '=', userCode)
  if (lock) q = q.forUpdate()
  return q.executeTakeFirst()
}

export interface NewChat {
  userCode: string
  lineId: number
  connectorId: string
  connectorChatId: string
  connectorUserId: string
  guestUserId: number
  name: string
  color: string
  at: Date
}

/** Creates the chat unless a concurrent first message already did; either way returns it locked. */
/**
 * Creates the chat of a USER_CODE, or finds (and locks) the one another
 * transaction created first. `created`: this transaction inserted it, so
 * nobody else has seen it and it has no sessions or messages yet.
 */
export async function createChat(db: Executor, c: NewChat): Promise<ChatRow & { created?: true }> {
  const inserted = await db
    .insertInto('chats')
    .values({
      entity_id: c.userCode, line_id: c.lineId, connector_id: c.connectorId, connector_chat_id: c.connectorChatId,
      connector_user_id: c.connectorUserId, guest_user_id: c.guestUserId, name: c.name, color: c.color,
      description: null, last_session_id: null, last_message_at: null, created_at: c.at,
    })
    .onConflict((oc) => oc.columns(['entity_type', 'entity_id']).doNothing())
    .returningAll()
    .executeTakeFirst()
  if (inserted) return { ...inserted, created: true }
  const row = await findChatByCode(db, c.userCode, true)
  if (!row) throw new Error(`chat ${c.userCode} vanished after insert`)
  return row
}

export async function bumpChatSession(db: Executor, chatId: number, sessionId: number): Promise<void> {
  await db.updateTable('chats').set((eb) => ({ session_count: eb('session_count', '+', 1), last_session_id: sessionId })).where('id', '=', chatId).execute()
}

export async function touchChat(db: Executor, chatId: number, messageId: number, at: Date, added: number): Promise<void> {
  await db
    .updateTable('chats')
    .set((eb) => ({ last_message_id: sql<number>`greatest(${eb.ref('last_message_id')}, ${messageId})`, message_count: eb('message_count', '+', added), last_message_at: at }))
    .where('id', '=', chatId)
    .execute()
}

export async function setChatCounters(db: Executor, chatId: number, lastMessageId: number, count: number): Promise<void> {
  await db.updateTable('chats').set({ last_message_id: lastMessageId, message_count: count }).where('id', '=', chatId).execute()
}

// ---- members ----

/** Adds people to a chat; one who sat in it silently becomes a visible member (they join for real now). */
export async function addMembers(db: Executor, chatId: number, userIds: number[], at: Date, role = 'member'): Promise<void> {
  if (!userIds.length) return
  await db
    .insertInto('chat_members')
    .values(userIds.map((user_id) => ({ chat_id: chatId, user_id, role, joined_at: at })))
    .onConflict((oc) => oc.columns(['chat_id', 'user_id']).doUpdateSet({ silent: false }).where('chat_members.silent', '=', true))
    .execute()
}

/** The same as one INSERT for a CTE of a larger statement, done only when `when` holds; null when nobody is added. */
export function addMembersSql(chatId: number, userIds: number[], at: Date, when: RawBuilder<boolean>): RawBuilder<unknown> | null {
  if (!userIds.length) return null
  return sql`
    insert into chat_members (chat_id, user_id, role, joined_at)
    select ${chatId}::int, x.u, 'member', ${at.toISOString()}::timestamptz from (select distinct unnest(${sql.val(userIds)}::int[]) as u) x
    where ${when}
    on conflict (chat_id, user_id) do update set silent = false where chat_members.silent`
}

/** A silent member (session.join with SILENT=Y); false when the user is in the chat already. */
export async function addSilentMember(db: Executor, chatId: number, userId: number, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('chat_members')
    .values({ chat_id: chatId, user_id: userId, joined_at: at, silent: true })
    .onConflict((oc) => oc.columns(['chat_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst()
  return row !== undefined
}

/** Whether the user sits in the chat silently (false when not a member at all). */
export async function isSilentMember(db: Executor, chatId: number, userId: number): Promise<boolean> {
  const row = await db.selectFrom('chat_members').select('silent').where('chat_id', '=', chatId).where('user_id', '=', userId).executeTakeFirst()
  return row?.silent === true
}

export async function removeMembers(db: Executor, chatId: number, userIds: number[]): Promise<void> {
  if (!userIds.length) return
  await db.deleteFrom('chat_members').where('chat_id', '=', chatId).where('user_id', 'in', userIds).execute()
}

export function findMember(db: Executor, chatId: number, userId: number) {
  return db.selectFrom('chat_members').selectAll().where('chat_id', '=', chatId).where('user_id', '=', userId).executeTakeFirst()
}

export async function memberIds(db: Executor, chatId: number): Promise<number[]> {
  const rows = await db.selectFrom('chat_members').select('user_id').where('chat_id', '=', chatId).orderBy('joined_at').orderBy('user_id').execute()
  return rows.map((r) => r.user_id)
}

export async function setLastRead(db: Executor, chatId: number, userId: number, lastId: number): Promise<void> {
  await db.updateTable('chat_members').set({ last_read_id: lastId }).where('chat_id', '=', chatId).where('user_id', '=', userId).execute()
}

/** The user's line chats, most recently active first, with their unread counters, for im.recent.list. */
export function recentChats(db: Executor, userId: number, opts: { before: Date | null; offset: number; limit: number; unreadOnly: boolean }) {
  const counter = sql<number>`(select count(*)::int from messages x where x.chat_id = c.id and x.id > m.last_read_id and x.author_id <> ${userId})`
  let q = db
    .selectFrom('chat_members as m')
    .innerJoin('chats as c', 'c.id', 'm.chat_id')
    .selectAll('c')
    .select(['m.last_read_id', 'm.role as member_role', counter.as('counter'), sql<number>`(select count(*)::int from chat_members y where y.chat_id = c.id)`.as('user_counter')])
    .where('m.user_id', '=', userId)
  if (opts.before) q = q.where('c.last_message_at', '<', opts.before)
  if (opts.unreadOnly) q = q.where(sql<boolean>`${counter} > 0`)
  return q.orderBy('c.last_message_at', (ob) => ob.desc().nullsLast()).orderBy('c.id', 'desc').offset(opts.offset).limit(opts.limit).execute()
}

/** Members with their names and read marks, for a chat's view. */
export function membersWithNames(db: Executor, chatId: number) {
  return db
    .selectFrom('chat_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'm.last_read_id', 'm.silent', sql<string>`trim(u.name || ' ' || u.last_name)`.as('name')])
    .where('m.chat_id', '=', chatId)
    .orderBy('m.joined_at')
    .orderBy('m.user_id')
    .execute()
}
