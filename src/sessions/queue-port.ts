import type { Executor } from '../storage/db.js'
import type { SessionState } from './session-state.js'

/** Where a dialogue stands in its line's queue after a change: what consoles watching the line re-read. */
export interface QueueChange {
  lineId: number
  chatId: number
  sessionId: number
  status: SessionState['status']
  operatorId: number | null
}

/**
 * Tells consoles watching a line that one of its dialogues entered or left
 * the waiting queue, or changed operator or state, when the caller's
 * transaction commits (never for a change that rolls back).
 */
export interface QueuePort {
  changed(tx: Executor, change: QueueChange): Promise<void>
}

export const silentQueue: QueuePort = { changed: async () => {} }

/** A change consoles' queues and lists show: state, operator, line, or to whom it is offered. */
export function movesQueue(before: SessionState, after: SessionState): boolean {
  return before.status !== after.status || before.operatorId !== after.operatorId || before.lineId !== after.lineId
    || before.offeredTo.join(',') !== after.offeredTo.join(',')
}

/** The changes to signal: the line the dialogue is on, and the one it left when it was moved to another line. */
export function queueChanges(before: SessionState | null, after: SessionState, ids: { chatId: number; sessionId: number }): QueueChange[] {
  const at = (s: SessionState): QueueChange => ({ ...ids, lineId: s.lineId, status: after.status, operatorId: after.operatorId })
  return before && before.lineId !== after.lineId ? [at(after), at(before)] : [at(after)]
}
