import type { Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface WidgetVisitorsTable {
  id: import('kysely').Generated<number>
  line_id: number
  token_hash: string
  name: import('kysely').Generated<string>
  created_at: Date
  last_seen_at: Date
  /** The site's own user id, when the visitor came with a signed identity (0510). */
  external_id: import('kysely').Generated<string | null>
  email: import('kysely').Generated<string>
}

export interface WidgetSecretsTable {
  line_id: number
  secret: string
  updated_at: Date
}

declare module '../storage/schema.js' {
  interface Database {
    widget_visitors: WidgetVisitorsTable
    widget_secrets: WidgetSecretsTable
  }
}

export type VisitorRow = Selectable<WidgetVisitorsTable>

export function visitorByHash(db: Executor, hash: string): Promise<VisitorRow | undefined> {
  return db.selectFrom('widget_visitors').selectAll().where('token_hash', '=', hash).executeTakeFirst()
}

export function insertVisitor(db: Executor, v: { lineId: number; hash: string; at: Date; externalId?: string; name?: string; email?: string }): Promise<VisitorRow> {
  return db.insertInto('widget_visitors').values({
    line_id: v.lineId, token_hash: v.hash, created_at: v.at, last_seen_at: v.at,
    ...(v.externalId !== undefined ? { external_id: v.externalId, name: v.name ?? '', email: v.email ?? '' } : {}),
  }).returningAll().executeTakeFirstOrThrow()
}

export async function setVisitorProfile(db: Executor, id: number, p: { name: string; email: string; at: Date }): Promise<void> {
  await db.updateTable('widget_visitors').set({ name: p.name, email: p.email, last_seen_at: p.at }).where('id', '=', id).execute()
}

export function readWidgetSecret(db: Executor, lineId: number) {
  return db.selectFrom('widget_secrets').select(['secret', 'updated_at']).where('line_id', '=', lineId).executeTakeFirst()
}

/** Stores a secret; without `replace` an existing one wins (two first reads at once agree on one secret). */
export async function writeWidgetSecret(db: Executor, lineId: number, secret: string, at: Date, replace: boolean): Promise<string> {
  const q = db.insertInto('widget_secrets').values({ line_id: lineId, secret, updated_at: at })
  if (replace) {
    await q.onConflict((oc) => oc.column('line_id').doUpdateSet({ secret, updated_at: at })).execute()
    return secret
  }
  await q.onConflict((oc) => oc.column('line_id').doNothing()).execute()
  const row = await readWidgetSecret(db, lineId)
  return row?.secret ?? secret
}

export async function setVisitorName(db: Executor, id: number, name: string): Promise<void> {
  await db.updateTable('widget_visitors').set({ name }).where('id', '=', id).execute()
}

/**
 * What a visitor may read of their chat: their own messages and what was
 * sent to them (replies, welcome, off-hours, no-answer, vote texts); never
 * operator-only system notes, deleted messages, or other chats.
 */
export function visitorMessages(db: Executor, chatId: number, afterId: number, limit: number) {
  return db.selectFrom('messages').leftJoin('users', 'users.id', 'messages.author_id')
    .select(['messages.id', 'messages.author_id', 'messages.text', 'messages.params', 'messages.is_system', 'messages.created_at', 'users.name as author_name'])
    .where('messages.chat_id', '=', chatId).where('messages.id', '>', afterId).where('messages.to_customer', '=', true)
    .where('messages.deleted', '=', false)
    .orderBy('messages.id', 'desc').limit(limit).execute()
}

export function visitorMessage(db: Executor, chatId: number, id: number) {
  return db.selectFrom('messages').leftJoin('users', 'users.id', 'messages.author_id')
    .select(['messages.id', 'messages.author_id', 'messages.text', 'messages.params', 'messages.is_system', 'messages.created_at', 'users.name as author_name'])
    .where('messages.chat_id', '=', chatId).where('messages.id', '=', id).where('messages.to_customer', '=', true)
    .where('messages.deleted', '=', false).executeTakeFirst()
}

/** The visitor's read mark: the operator messages they have seen (someone who joined silently reads unseen). */
export function operatorReadMark(db: Executor, chatId: number, guestUserId: number) {
  return db.selectFrom('chat_members').select(({ fn }) => fn.max('last_read_id').as('last')).where('chat_id', '=', chatId)
    .where('user_id', '<>', guestUserId).where('silent', '=', false).executeTakeFirst()
}
