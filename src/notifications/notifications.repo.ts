import { sql, type Generated, type Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface NotificationsTable {
  id: Generated<number>
  user_id: number
  kind: string
  text: string
  chat_id: number | null
  session_id: number | null
  line_id: number | null
  params: Generated<Record<string, unknown>>
  created_at: Date
  read_at: Date | null
}

declare module '../storage/schema.js' {
  interface Database {
    notifications: NotificationsTable
  }
}

export type NotificationRow = Selectable<NotificationsTable>

export interface NewNotification {
  kind: string
  text: string
  chatId: number | null
  sessionId: number | null
  lineId: number | null
  params: Record<string, unknown>
  at: Date
}

/** One row per recipient that exists (unknown or deleted users are skipped). */
export async function insertNotifications(db: Executor, userIds: number[], n: NewNotification): Promise<NotificationRow[]> {
  if (!userIds.length) return []
  const res = await sql<NotificationRow>`
    insert into notifications (user_id, kind, text, chat_id, session_id, line_id, params, created_at)
    select u.id, ${n.kind}, ${n.text}, ${n.chatId}::int, ${n.sessionId}::int, ${n.lineId}::int, ${JSON.stringify(n.params)}::jsonb, ${n.at}::timestamptz
    from users u where u.id = any(${sql.val(userIds)}::int[]) and u.active
    order by u.id
    returning *`.execute(db)
  return res.rows
}

/** A user's notifications, newest first (keyset on id when `beforeId` is given). */
export async function listNotifications(
  db: Executor, userId: number, opts: { unreadOnly: boolean; offset: number; limit: number },
): Promise<NotificationRow[]> {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId)
  if (opts.unreadOnly) q = q.where('read_at', 'is', null)
  return q.orderBy('id', 'desc').offset(opts.offset).limit(opts.limit).execute()
}

export async function countNotifications(db: Executor, userId: number, unreadOnly: boolean): Promise<number> {
  let q = db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId)
  if (unreadOnly) q = q.where('read_at', 'is', null)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

/** Marks the user's notifications read: the given ones, or all. Returns how many changed. */
export async function markRead(db: Executor, userId: number, ids: number[] | 'all', at: Date): Promise<number> {
  let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null)
  if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : [0])
  const res = await q.executeTakeFirst()
  return Number(res.numUpdatedRows)
}

export async function ownedIds(db: Executor, userId: number, ids: number[]): Promise<number[]> {
  if (!ids.length) return []
  const rows = await db.selectFrom('notifications').select('id').where('user_id', '=', userId).where('id', 'in', ids).execute()
  return rows.map((r) => Number(r.id))
}
