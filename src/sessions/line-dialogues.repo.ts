import { sql } from 'kysely'
import type { Executor } from '../storage/db.js'

/** One page of a line's open sessions with their chats, newest first (index sessions_line_open_idx). */
export function openSessionsOfLine(db: Executor, lineId: number, offset: number, limit: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('chats as c', 'c.id', 's.chat_id')
    .select(['s.id', 's.chat_id', 's.line_id', 's.status', 's.operator_id', 's.wait_answer', 's.pinned', 's.created_at', 'c.name', 'c.last_message_at'])
    .where('s.line_id', '=', lineId)
    .where('s.status', '<>', 'closed')
    .orderBy('s.id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
}

export async function countOpenSessionsOfLine(db: Executor, lineId: number): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('line_id', '=', lineId)
    .where('status', '<>', 'closed')
    .executeTakeFirstOrThrow()
  return row.n
}
