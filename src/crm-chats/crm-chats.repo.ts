import type { Generated } from 'kysely'
import type { CrmType } from '../crm/index.js'
import type { Executor } from '../storage/db.js'

export interface CrmChatLogTable {
  id: Generated<number>
  chat_id: number
  entity_type: CrmType
  entity_id: number
  action: 'bind' | 'unbind'
  reason: 'found' | 'created' | 'deleted'
  session_id: number | null
  user_id: number
  created_at: Date
}

declare module '../storage/schema.js' {
  interface Database {
    crm_chat_log: CrmChatLogTable
  }
}

/** The chat columns holding its CRM binding (migration 0700), by object type. */
export const BINDING_COLUMN = {
  lead: 'crm_lead_id',
  deal: 'crm_deal_id',
  contact: 'crm_contact_id',
  company: 'crm_company_id',
} as const satisfies Record<CrmType, string>

export type Binding = Record<CrmType, number>

export async function bindingOf(db: Executor, chatId: number): Promise<Binding | null> {
  const row = await db
    .selectFrom('chats')
    .select(['crm_lead_id', 'crm_deal_id', 'crm_contact_id', 'crm_company_id'])
    .where('id', '=', chatId)
    .executeTakeFirst()
  return row ? { lead: row.crm_lead_id, deal: row.crm_deal_id, contact: row.crm_contact_id, company: row.crm_company_id } : null
}

export async function setBinding(db: Executor, chatId: number, patch: Partial<Binding>): Promise<void> {
  const set: Partial<Record<(typeof BINDING_COLUMN)[CrmType], number>> = {}
  for (const [type, id] of Object.entries(patch) as Array<[CrmType, number]>) set[BINDING_COLUMN[type]] = id
  if (Object.keys(set).length) await db.updateTable('chats').set(set).where('id', '=', chatId).execute()
}

export interface EntityChat {
  id: number
  connectorId: string
}

/**
 * The chats bound to one object, newest first; with `activeOnly` only those
 * with an open dialogue. Reads the partial index of the object's column.
 */
export async function chatsOfEntity(db: Executor, type: CrmType, entityId: number, opts: { activeOnly: boolean; limit?: number }): Promise<EntityChat[]> {
  let q = db.selectFrom('chats as c').select(['c.id', 'c.connector_id']).where(`c.${BINDING_COLUMN[type]}`, '=', entityId)
  if (opts.activeOnly) {
    q = q.where((eb) => eb.exists(eb.selectFrom('sessions as s').select('s.id').whereRef('s.chat_id', '=', 'c.id').where('s.status', '<>', 'closed')))
  }
  const rows = await q.orderBy('c.id', 'desc').limit(opts.limit ?? 500).execute()
  return rows.map((r) => ({ id: r.id, connectorId: r.connector_id }))
}

/** Unbinds every chat of a deleted object; returns the chats it was bound to. */
export async function unbindEntity(db: Executor, type: CrmType, entityId: number): Promise<Array<{ id: number; lastSessionId: number | null }>> {
  const column = BINDING_COLUMN[type]
  const rows = await db
    .updateTable('chats')
    .set({ [column]: 0 })
    .where(column, '=', entityId)
    .returning(['id', 'last_session_id'])
    .execute()
  return rows.map((r) => ({ id: r.id, lastSessionId: r.last_session_id }))
}

export async function logBindings(db: Executor, rows: Array<Omit<CrmChatLogTable, 'id'>>): Promise<void> {
  if (rows.length) await db.insertInto('crm_chat_log').values(rows).execute()
}

export function chatLog(db: Executor, chatId: number) {
  return db.selectFrom('crm_chat_log').selectAll().where('chat_id', '=', chatId).orderBy('id').execute()
}

export interface CrmChatTrackerTable {
  id: Generated<number>
  chat_id: number
  session_id: number
  message_id: number
  /** found: the value identified an object the chat was then bound to; extend: it was added to the chat's object */
  action: 'found' | 'extend'
  entity_type: CrmType
  entity_id: number
  field: 'PHONE' | 'EMAIL'
  value: string
  created_at: Date
}

declare module '../storage/schema.js' {
  interface Database {
    crm_chat_tracker: CrmChatTrackerTable
  }
}

export async function logTracker(db: Executor, row: Omit<CrmChatTrackerTable, 'id'>): Promise<void> {
  await db.insertInto('crm_chat_tracker').values(row).execute()
}

export function trackerLog(db: Executor, chatId: number) {
  return db.selectFrom('crm_chat_tracker').selectAll().where('chat_id', '=', chatId).orderBy('id').execute()
}
