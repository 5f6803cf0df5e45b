/**
 * The open lines domain's public face. Other domains (dialogues, routing,
 * bots, CRM, channels) read lines only through what is exported here.
 */
import type { Executor } from '../storage/db.js'
import { expandQueues } from './line-queue.service.js'
import { findLine } from './lines.repo.js'
import { loadQueues, toLineConfig } from './lines.service.js'
import type { LineConfig, QueueMember } from './lines.types.js'

export type {
  BotJoin,
  BotLeft,
  CrmCreate,
  DefaultOperatorData,
  LineConfig,
  LineFields,
  MaxChatType,
  OperatorDataMode,
  QueueEntity,
  QueueMember,
  QueueType,
  QueueUserFields,
  ScenarioRule,
  Weekday,
} from './lines.types.js'
export { LINE_PERMISSIONS, allows, lineAccess, type LineAccess, type LineAction, type LineRole, type Who } from './line-access.service.js'
export { createLineService, noLineEvents, type LineDeletingListener, type LineEvents, type LineService } from './lines.service.js'

/**
 * Path of the public open-lines page, as Bitrix24 serves it at `/online/`.
 * imopenlines.config.path.get answers it as PUBLIC_PATH beside PUBLIC_URL;
 * the widget serves its full-page chat there.
 */
export const PUBLIC_PATH = '/online/'

export { isStorableText } from './line-values.schemas.js'

/** A live (not deleted) line with its configured queue, or null. */
export async function getLine(db: Executor, id: number): Promise<LineConfig | null> {
  const row = await findLine(db, id)
  if (!row) return null
  return toLineConfig(row, (await loadQueues(db, [id])).get(id)!)
}

/**
 * A live line's settings without its QUEUE (an empty list there), or null:
 * for the dialogue paths, which take the queue from `queueUserIds` and would
 * otherwise read every queue entry of a large line on each operation.
 */
export async function getLineSettings(db: Executor, id: number): Promise<Omit<LineConfig, 'queue'> | null> {
  const row = await findLine(db, id)
  return row ? toLineConfig(row, []) : null
}

/**
 * The line's operators in routing order: QUEUE entries as configured, each
 * department replaced by the active employees of it and its sub-departments
 * (by user id), each user once at their first place; inactive users left out.
 * Empty for a deleted or unknown line.
 */
export async function queueMembers(db: Executor, lineId: number): Promise<QueueMember[]> {
  return (await expandQueues(db, [lineId])).get(lineId)!
}

export async function queueUserIds(db: Executor, lineId: number): Promise<number[]> {
  return (await queueMembers(db, lineId)).map((m) => m.userId)
}
