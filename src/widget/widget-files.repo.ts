import type { Generated } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface WidgetFilesTable {
  id: Generated<number>
  line_id: number
  /** The visitor who sent it; null for an operator's file (0910). */
  visitor_id: number | null
  /** The operator who sent it (openlines.message.file.add); null for a visitor's file. */
  author_id: Generated<number | null>
  chat_id: number | null
  message_id: number | null
  name: string
  mime: string
  size: number
  content: Buffer
  created_at: Date
}

declare module '../storage/schema.js' {
  interface Database {
    widget_files: WidgetFilesTable
  }
}

export async function insertWidgetFile(db: Executor, f: { lineId: number; visitorId: number; name: string; mime: string; content: Buffer; at: Date }): Promise<number> {
  const row = await db.insertInto('widget_files')
    .values({ line_id: f.lineId, visitor_id: f.visitorId, name: f.name, mime: f.mime, size: f.content.length, content: f.content, created_at: f.at })
    .returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function attachWidgetFile(db: Executor, id: number, chatId: number, messageId: number): Promise<void> {
  await db.updateTable('widget_files').set({ chat_id: chatId, message_id: messageId }).where('id', '=', id).execute()
}

export async function dropWidgetFile(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('widget_files').where('id', '=', id).execute()
}

/** An operator's file, stored before the message that carries it. */
export async function insertOperatorFile(db: Executor, f: { lineId: number; authorId: number; name: string; mime: string; content: Buffer; at: Date }): Promise<number> {
  const row = await db.insertInto('widget_files')
    .values({ line_id: f.lineId, visitor_id: null, author_id: f.authorId, name: f.name, mime: f.mime, size: f.content.length, content: f.content, created_at: f.at })
    .returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Whether the message a file belongs to went to the customer (not a silent-mode or whispered one) and still stands. */
export async function fileSentToCustomer(db: Executor, chatId: number, messageId: number): Promise<boolean> {
  const row = await db.selectFrom('messages').select('id').where('chat_id', '=', chatId).where('id', '=', messageId)
    .where('to_customer', '=', true).where('deleted', '=', false).executeTakeFirst()
  return row !== undefined
}

/** A stored file with its bytes; only files that belong to a message are served. */
export function widgetFile(db: Executor, id: number) {
  return db.selectFrom('widget_files').select(['id', 'line_id', 'chat_id', 'message_id', 'visitor_id', 'name', 'mime', 'size', 'content'])
    .where('id', '=', id).where('chat_id', 'is not', null).executeTakeFirst()
}

/** The files of these messages of a chat, without their bytes. */
export function widgetFilesOf(db: Executor, chatId: number, messageIds: number[]) {
  if (!messageIds.length) return Promise.resolve([])
  return db.selectFrom('widget_files').select(['id', 'message_id', 'name', 'mime', 'size'])
    .where('chat_id', '=', chatId).where('message_id', 'in', messageIds).orderBy('id').execute()
}
