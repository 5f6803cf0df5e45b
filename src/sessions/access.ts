import { findMember } from '../chats/chats.repo.js'
import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import type { LineReader, LineRole } from './line-port.js'

/**
 * Who may do what to a dialogue, from the line-permission table:
 * - an operator of the line (queue) or a chat member works the dialogue;
 * - supervisors and administrators of the line (and global admins) also
 *   finish others' dialogues, rate them and see every dialogue of the line.
 */
export async function roleOn(lines: LineReader, tx: Executor, lineId: number, actor: Actor): Promise<LineRole | null> {
  if (actor.isAdmin) return 'admin'
  return lines.roleOf(tx, lineId, actor.userId)
}

export const isManager = (role: LineRole | null): boolean => role === 'supervisor' || role === 'admin'

/** Sees and works the dialogue: a member of its chat or anyone with a role on its line. */
export async function canWork(lines: LineReader, tx: Executor, chatId: number, lineId: number, actor: Actor): Promise<boolean> {
  if (await findMember(tx, chatId, actor.userId)) return true
  return (await roleOn(lines, tx, lineId, actor)) !== null
}

/** CHAT_ID, SESSION_ID and similar arrive as numbers or numeric strings; anything else is "empty". */
export function positiveInt(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN
  return Number.isSafeInteger(n) && n > 0 ? n : null
}
