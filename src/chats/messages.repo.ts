import { sql, type Generated, type Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface MessagesTable {
  id: Generated<number>
  chat_id: number
  session_id: number | null
  author_id: Generated<number>
  text: Generated<string>
  params: Generated<Record<string, unknown>>
  is_system: Generated<boolean>
  to_customer: Generated<boolean>
  external_id: string | null
  uuid: string | null
  created_at: Date
  updated_at: Date | null
  deleted: Generated<boolean>
}

export interface MessageFilesTable {
  id: Generated<number>
  chat_id: number
  message_id: number
  name: string
  type: Generated<string>
  extension: Generated<string>
  size: Generated<number>
  url: Generated<string>
  width: number | null
  height: number | null
  author_id: Generated<number>
  created_at: Date
}

declare module '../storage/schema.js' {
  interface Database {
    messages: MessagesTable
    message_files: MessageFilesTable
  }
}

export type MessageRow = Selectable<MessagesTable>
export type FileRow = Selectable<MessageFilesTable>

export interface NewMessage {
  chatId: number
  sessionId: number | null
  authorId: number
  text: string
  params: Record<string, unknown>
  isSystem: boolean
  toCustomer: boolean
  externalId: string | null
  uuid: string | null
  at: Date
}

export function messageValues(m: NewMessage) {
  return {
    chat_id: m.chatId, session_id: m.sessionId, author_id: m.authorId, text: m.text,
    params: JSON.stringify(m.params) as unknown as Record<string, unknown>, is_system: m.isSystem,
    to_customer: m.toCustomer, external_id: m.externalId, uuid: m.uuid, created_at: m.at, updated_at: null,
  }
}

/** The row `m` will be once stored, with `id` standing in for the id the insert gives it. */
export function provisionalRow(m: NewMessage, id: number): MessageRow {
  return { id, ...messageValues(m), params: m.params, deleted: false }
}

/** The chat's counters follow a stored message (used inside the insert's statement). */
export function chatCountersSet(m: NewMessage) {
  return {
    last_message_id: sql<number>`greatest(chats.last_message_id, (select id from ins))`,
    message_count: sql<number>`chats.message_count + (select count(*) from ins)`,
    last_message_at: m.at,
  }
}

/**
 * Stores a message and moves the chat's counters in one statement. With an
 * external id, a second delivery of the same message stores nothing and
 * returns null.
 */
export async function insertMessage(db: Executor, m: NewMessage): Promise<MessageRow | null> {
  const inserted = await db
    .with('ins', (w) =>
      w
        .insertInto('messages')
        .values(messageValues(m))
        .onConflict((oc) => oc.columns(['chat_id', 'external_id']).where('external_id', 'is not', null).doNothing())
        .returning('id'),
    )
    .with('chat', (w) => w.updateTable('chats').set(chatCountersSet(m)).where('id', '=', m.chatId).where(sql<boolean>`exists (select 1 from ins)`).returning('chats.id'))
    .selectFrom('ins')
    .select('id')
    .executeTakeFirst()
  // Only the id comes back: the rest of the row is what was given.
  return inserted ? provisionalRow(m, Number(inserted.id)) : null
}

export function findMessage(db: Executor, id: number): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findByExternalId(db: Executor, chatId: number, externalId: string): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('chat_id', '=', chatId).where('external_id', '=', externalId).executeTakeFirst()
}

export async function updateMessage(db: Executor, id: number, patch: { text?: string; params?: Record<string, unknown>; deleted?: boolean; at: Date }): Promise<void> {
  await db
    .updateTable('messages')
    .set({
      ...(patch.text !== undefined ? { text: patch.text } : {}),
      ...(patch.params !== undefined ? { params: JSON.stringify(patch.params) as unknown as Record<string, unknown> } : {}),
      ...(patch.deleted !== undefined ? { deleted: patch.deleted } : {}),
      updated_at: patch.at,
    })
    .where('id', '=', id)
    .execute()
}

/** Moves a message and everything after it in its session to another session. */
export async function moveMessages(db: Executor, chatId: number, fromSessionId: number | null, firstId: number, toSessionId: number): Promise<void> {
  let q = db.updateTable('messages').set({ session_id: toSessionId }).where('chat_id', '=', chatId).where('id', '>=', firstId)
  q = fromSessionId === null ? q.where('session_id', 'is', null) : q.where('session_id', '=', fromSessionId)
  await q.execute()
}

/**
 * A window of a chat's messages by id: the newest `limit` before `lastId`,
 * or the oldest `limit` after `firstId`. Always an index range scan.
 */
export function messagesWindow(db: Executor, chatId: number, w: { lastId?: number; firstId?: number; limit: number }) {
  let q = db.selectFrom('messages').selectAll().where('chat_id', '=', chatId)
  if (w.firstId !== undefined) return q.where('id', '>', w.firstId).orderBy('id', 'asc').limit(w.limit).execute()
  if (w.lastId !== undefined) q = q.where('id', '<', w.lastId)
  return q.orderBy('id', 'desc').limit(w.limit).execute()
}

/** The newest `limit` messages of one session, newest first. */
export function sessionMessages(db: Executor, chatId: number, sessionId: number, limit: number) {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('session_id', '=', sessionId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export async function countUnread(db: Executor, chatId: number, userId: number, afterId: number): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chat_id', '=', chatId)
    .where('id', '>', afterId)
    .where('author_id', '<>', userId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function insertFiles(db: Executor, rows: Array<Omit<FileRow, 'id'>>): Promise<FileRow[]> {
  if (!rows.length) return []
  return db.insertInto('message_files').values(rows).returningAll().execute()
}

export function filesOfMessages(db: Executor, chatId: number, messageIds: number[]): Promise<FileRow[]> {
  if (!messageIds.length) return Promise.resolve([])
  return db.selectFrom('message_files').selectAll().where('chat_id', '=', chatId).where('message_id', 'in', messageIds).orderBy('id').execute()
}

/** The first message after `afterId` someone else wrote, or 0. */
export async function firstUnreadId(db: Executor, chatId: number, userId: number, afterId: number): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('chat_id', '=', chatId)
    .where('id', '>', afterId)
    .where('author_id', '<>', userId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
  return row?.id ?? 0
}

export function messagesByIds(db: Executor, ids: number[]): Promise<MessageRow[]> {
  if (!ids.length) return Promise.resolve([])
  return db.selectFrom('messages').selectAll().where('id', 'in', ids).execute()
}

/** Which of these messages carry files. */
export async function messagesWithFiles(db: Executor, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set()
  const rows = await db.selectFrom('message_files').select('message_id').distinct().where('message_id', 'in', ids).execute()
  return new Set(rows.map((r) => r.message_id))
}
