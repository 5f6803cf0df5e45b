import { sql, type Generated, type Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface ConnectorsTable {
  id: string
  app_id: number
  name: string
  icon: string
  icon_disabled: string | null
  placement_handler: string
  del_external_messages: boolean
  edit_internal_messages: boolean
  del_internal_messages: boolean
  newsletter: boolean
  need_system_messages: boolean
  need_signature: boolean
  chat_group: boolean
  created_at: Date
  updated_at: Date
}

export interface ConnectorLinesTable {
  connector_id: string
  line_id: number
  active: Generated<boolean>
  data: string | null
  updated_at: Date
}

export interface ConnectorOutgoingTable {
  message_id: number
  chat_id: number
  external_ids: string
  delivered_at: Date | null
  updated_at: Date
}

declare module '../storage/schema.js' {
  interface Database {
    connectors: ConnectorsTable
    connector_lines: ConnectorLinesTable
    connector_outgoing: ConnectorOutgoingTable
  }
}

export type ConnectorRow = Selectable<ConnectorsTable>
export type ConnectorFlags = Pick<ConnectorRow,
  'del_external_messages' | 'edit_internal_messages' | 'del_internal_messages' | 'newsletter' | 'need_system_messages' | 'need_signature' | 'chat_group'>

export interface ConnectorInput extends ConnectorFlags {
  id: string
  appId: number
  name: string
  icon: Record<string, string>
  iconDisabled: Record<string, string> | null
  placementHandler: string
}

export function findConnector(db: Executor, id: string): Promise<ConnectorRow | undefined> {
  return db.selectFrom('connectors').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Registers or, for the same app, updates a connector; null when another app owns the id. */
export async function upsertConnector(db: Executor, c: ConnectorInput, at: Date): Promise<boolean> {
  const { id, appId, name, icon, iconDisabled, placementHandler, ...flags } = c
  const row = await db.insertInto('connectors')
    .values({
      id, app_id: appId, name, icon: JSON.stringify(icon), icon_disabled: iconDisabled ? JSON.stringify(iconDisabled) : null,
      placement_handler: placementHandler, ...flags, created_at: at, updated_at: at,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
      name: eb.ref('excluded.name'), icon: eb.ref('excluded.icon'), icon_disabled: eb.ref('excluded.icon_disabled'),
      placement_handler: eb.ref('excluded.placement_handler'), del_external_messages: eb.ref('excluded.del_external_messages'),
      edit_internal_messages: eb.ref('excluded.edit_internal_messages'), del_internal_messages: eb.ref('excluded.del_internal_messages'),
      newsletter: eb.ref('excluded.newsletter'), need_system_messages: eb.ref('excluded.need_system_messages'),
      need_signature: eb.ref('excluded.need_signature'), chat_group: eb.ref('excluded.chat_group'), updated_at: at,
    })).where('connectors.app_id', '=', appId))
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/** Removes an app's connector and its line settings; false when the app has no such connector. */
export async function deleteConnector(db: Executor, appId: number, id: string): Promise<boolean> {
  const row = await db.deleteFrom('connectors').where('id', '=', id).where('app_id', '=', appId).returning('id').executeTakeFirst()
  if (!row) return false
  await db.deleteFrom('connector_lines').where('connector_id', '=', id).execute()
  return true
}

export function allConnectors(db: Executor): Promise<Array<Pick<ConnectorRow, 'id' | 'name'>>> {
  return db.selectFrom('connectors').select(['id', 'name']).orderBy('created_at').orderBy('id').execute()
}

export function connectorLine(db: Executor, connectorId: string, lineId: number): Promise<Selectable<ConnectorLinesTable> | undefined> {
  return db.selectFrom('connector_lines').selectAll().where('connector_id', '=', connectorId).where('line_id', '=', lineId).executeTakeFirst()
}

/** Sets a connector active or not on a line; returns whether it was active before. */
export async function setActive(db: Executor, connectorId: string, lineId: number, active: boolean, at: Date): Promise<boolean> {
  const before = await db.selectFrom('connector_lines').select('active').where('connector_id', '=', connectorId).where('line_id', '=', lineId)
    .forUpdate().executeTakeFirst()
  await db.insertInto('connector_lines').values({ connector_id: connectorId, line_id: lineId, active, updated_at: at })
    .onConflict((oc) => oc.columns(['connector_id', 'line_id']).doUpdateSet({ active, updated_at: at }))
    .execute()
  return before?.active ?? false
}

export async function setLineData(db: Executor, connectorId: string, lineId: number, data: Record<string, unknown>, at: Date): Promise<void> {
  const json = JSON.stringify(data)
  await db.insertInto('connector_lines').values({ connector_id: connectorId, line_id: lineId, data: json, updated_at: at })
    .onConflict((oc) => oc.columns(['connector_id', 'line_id']).doUpdateSet({ data: json, updated_at: at }))
    .execute()
}

/** App connectors active on a line, with their apps; the line's rows go with it. */
export async function takeLineConnectors(db: Executor, lineId: number): Promise<Array<{ id: string; app_id: number }>> {
  const rows = await db.selectFrom('connector_lines').innerJoin('connectors', 'connectors.id', 'connector_lines.connector_id')
    .select(['connectors.id', 'connectors.app_id']).where('connector_lines.line_id', '=', lineId).where('connector_lines.active', '=', true)
    .orderBy('connectors.id').execute()
  await db.deleteFrom('connector_lines').where('line_id', '=', lineId).execute()
  return rows
}

/** Records external ids of our message and, when given, its delivery time. */
export async function markOutgoing(db: Executor, o: { messageId: number; chatId: number; externalIds: string[]; deliveredAt: Date | null; at: Date }): Promise<void> {
  const ids = JSON.stringify(o.externalIds)
  await db.insertInto('connector_outgoing')
    .values({ message_id: o.messageId, chat_id: o.chatId, external_ids: ids, delivered_at: o.deliveredAt, updated_at: o.at })
    .onConflict((oc) => oc.column('message_id').doUpdateSet({
      external_ids: sql<string>`case when ${ids}::jsonb = '[]'::jsonb then connector_outgoing.external_ids else ${ids}::jsonb end`,
      delivered_at: sql<Date | null>`coalesce(connector_outgoing.delivered_at, ${o.deliveredAt})`,
      updated_at: o.at,
    }))
    .execute()
}

export async function externalIdsOf(db: Executor, messageId: number): Promise<string[]> {
  const row = await db.selectFrom('connector_outgoing').select('external_ids').where('message_id', '=', messageId).executeTakeFirst()
  const v: unknown = row ? (typeof row.external_ids === 'string' ? JSON.parse(row.external_ids) : row.external_ids) : []
  return Array.isArray(v) ? v.map(String) : []
}

export function outgoing(db: Executor, messageId: number) {
  return db.selectFrom('connector_outgoing').selectAll().where('message_id', '=', messageId).executeTakeFirst()
}

/** chat.name.set: the open-line chat's title (the chats table belongs to the dialogues domain; only its name changes here). */
export async function renameChat(db: Executor, chatId: number, name: string): Promise<boolean> {
  const r = await db.updateTable('chats').set({ name }).where('id', '=', chatId).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** The customer read our messages up to this one in the channel: their read mark only moves forward. */
export async function raiseReadMark(db: Executor, chatId: number, userId: number, messageId: number): Promise<void> {
  await db.updateTable('chat_members').set({ last_read_id: sql<number>`greatest(last_read_id, ${messageId})` })
    .where('chat_id', '=', chatId).where('user_id', '=', userId).execute()
}

/** Connector and signature settings of a chat's connector, when an app registered it. */
/** A condition for a planned statement: no app registered connector `id`. */
export function noAppConnector(id: string) {
  return sql`not exists (select 1 from connectors where id = ${id})`
}

export function appConnector(db: Executor, id: string) {
  return db.selectFrom('connectors').select(['id', 'app_id', 'need_signature', 'need_system_messages']).where('id', '=', id).executeTakeFirst()
}

/** Whether operators may edit or delete their messages in chats of an app's connector. */
export function connectorRules(db: Executor, id: string) {
  return db.selectFrom('connectors').select(['edit_internal_messages', 'del_internal_messages']).where('id', '=', id).executeTakeFirst()
}
