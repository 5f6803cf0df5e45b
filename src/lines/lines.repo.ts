import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'
import { LINE_FIELD_KEYS } from './line-fields.schemas.js'
import type { DefaultOperatorData, LineSettings, QueueEntity, QueueUserFields } from './lines.types.js'

/** camelCase → snake_case, as the settings' column names are spelled. */
type Snake<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Uppercase<H> ? (H extends Lowercase<H> ? H : `_${Lowercase<H>}`) : H}${Snake<T>}`
  : S

export function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

/** One column per setting; DEFAULT_OPERATOR_DATA is a small JSON object. */
type SettingColumns = {
  [K in keyof LineSettings as Snake<K>]: K extends 'defaultOperatorData' ? ColumnType<DefaultOperatorData | null, string | null, string | null> : LineSettings[K]
}
type SettingValues = { [K in keyof LineSettings as Snake<K>]: K extends 'defaultOperatorData' ? string | null : LineSettings[K] }

export interface LinesTable extends SettingColumns {
  id: Generated<number>
  active: boolean
  line_name: string
  xml_id: string | null
  queue_users_fields: ColumnType<Record<string, QueueUserFields>, string, string>
  version: Generated<number>
  created_at: Date
  modified_at: Date
  modify_user_id: number | null
  deleted_at: Date | null
  deleted_by: number | null
}

export const SETTING_KEYS = LINE_FIELD_KEYS.filter((k): k is keyof LineSettings => k !== 'active' && k !== 'lineName' && k !== 'xmlId')

/** [setting, column] pairs, computed once: rows are mapped in hot paths. */
const SETTING_COLUMNS = SETTING_KEYS.map((key) => [key, snake(key)] as const)

function settingValues(s: LineSettings): SettingValues {
  const out: Record<string, unknown> = {}
  for (const [key, column] of SETTING_COLUMNS) out[column] = key === 'defaultOperatorData' ? (s[key] ? JSON.stringify(s[key]) : null) : s[key]
  return out as SettingValues
}

export function rowSettings(row: LineRow): LineSettings {
  const cells = row as unknown as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [key, column] of SETTING_COLUMNS) out[key] = cells[column]
  return out as unknown as LineSettings
}

export interface LineQueueTable {
  id: Generated<number>
  line_id: number
  sort: number
  entity_type: 'user' | 'department'
  entity_id: number
}

export interface LineGrantsTable {
  id: Generated<number>
  user_id: number
  line_id: number | null
  role: 'manager' | 'supervisor'
  granted_by: number
  granted_at: Date
}

declare module '../storage/schema.js' {
  interface Database {
    lines: LinesTable
    line_queue: LineQueueTable
    line_grants: LineGrantsTable
  }
}

export type LineRow = Selectable<LinesTable>

export interface LineWrite {
  active: boolean
  lineName: string
  xmlId: string | null
  settings: LineSettings
  queueUsersFields: Record<string, QueueUserFields>
  at: Date
  userId: number
}

export async function insertLine(tx: Executor, w: LineWrite): Promise<number> {
  const row = await tx
    .insertInto('lines')
    .values({
      active: w.active,
      line_name: w.lineName,
      xml_id: w.xmlId,
      ...settingValues(w.settings),
      queue_users_fields: JSON.stringify(w.queueUsersFields),
      created_at: w.at,
      modified_at: w.at,
      modify_user_id: w.userId,
      deleted_at: null,
      deleted_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A live line; `forUpdate` locks it until the transaction ends, so changes to one line queue up. */
export function findLine(db: Executor, id: number, opts: { forUpdate?: boolean } = {}): Promise<LineRow | undefined> {
  const q = db.selectFrom('lines').selectAll().where('id', '=', id).where('deleted_at', 'is', null)
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst()
}

/** Writes a whole new state and raises the version. */
export async function updateLine(tx: Executor, id: number, w: LineWrite): Promise<void> {
  await tx
    .updateTable('lines')
    .set((eb) => ({
      active: w.active,
      line_name: w.lineName,
      xml_id: w.xmlId,
      ...settingValues(w.settings),
      queue_users_fields: JSON.stringify(w.queueUsersFields),
      modified_at: w.at,
      modify_user_id: w.userId,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute()
}

export async function renameLine(tx: Executor, id: number, lineName: string, welcomeMessageText: string): Promise<void> {
  await tx.updateTable('lines').set({ line_name: lineName, welcome_message_text: welcomeMessageText }).where('id', '=', id).execute()
}

/** The row stays (dialogue history names its line); its queue goes, so nobody is routed to it. */
export async function markLineDeleted(tx: Executor, id: number, at: Date, userId: number): Promise<void> {
  await tx.updateTable('lines').set((eb) => ({ deleted_at: at, deleted_by: userId, modified_at: at, modify_user_id: userId, version: eb('version', '+', 1) })).where('id', '=', id).execute()
  await tx.deleteFrom('line_queue').where('line_id', '=', id).execute()
}

export async function replaceQueue(tx: Executor, lineId: number, queue: readonly QueueEntity[]): Promise<void> {
  await tx.deleteFrom('line_queue').where('line_id', '=', lineId).execute()
  if (!queue.length) return
  await tx
    .insertInto('line_queue')
    .values(queue.map((e, sort) => ({ line_id: lineId, sort, entity_type: e.type, entity_id: e.id })))
    .execute()
}

export function queueEntries(db: Executor, lineIds: readonly number[]) {
  if (!lineIds.length) return Promise.resolve([])
  return db
    .selectFrom('line_queue')
    .select(['id', 'line_id', 'sort', 'entity_type', 'entity_id'])
    .where('line_id', 'in', lineIds)
    .orderBy('line_id')
    .orderBy('sort')
    .execute()
}
