import { sql, type Generated, type Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'
import type { QuickAnswer } from './quick-answers.types.js'

export interface QuickAnswersTable {
  id: Generated<number>
  line_id: number
  title: string
  text: string
  chat_id: number | null
  message_id: number | null
  created_by: number
  created_at: Date
}

declare module '../storage/schema.js' {
  interface Database {
    quick_answers: QuickAnswersTable
  }
}

function toQuickAnswer(r: Selectable<QuickAnswersTable>): QuickAnswer {
  return { id: r.id, lineId: r.line_id, title: r.title, text: r.text, chatId: r.chat_id, messageId: r.message_id, createdBy: r.created_by, createdAt: r.created_at }
}

/** Saving the same message again keeps the first copy. */
export async function insertQuickAnswer(tx: Executor, a: Omit<QuickAnswer, 'id'>): Promise<void> {
  await tx
    .insertInto('quick_answers')
    .values({ line_id: a.lineId, title: a.title, text: a.text, chat_id: a.chatId, message_id: a.messageId, created_by: a.createdBy, created_at: a.createdAt })
    .onConflict((oc) => oc.columns(['line_id', 'message_id']).where('message_id', 'is not', null).doNothing())
    .execute()
}

function pattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, '\\$&')}%`
}

/** A line's quick answers, newest first, optionally those containing `search` in title or text. */
export function findQuickAnswers(db: Executor, q: { lineId: number; search: string | null }) {
  let query = db.selectFrom('quick_answers').where('line_id', '=', q.lineId)
  if (q.search) {
    const p = pattern(q.search)
    query = query.where((eb) => eb.or([eb('title', 'ilike', p), eb('text', 'ilike', p)]))
  }
  return {
    page: async (offset: number, limit: number) =>
      (await query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute()).map(toQuickAnswer),
    count: async () => Number((await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n),
  }
}
