import type { QueueChange, QueuePort } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import type { RealtimeFeed } from './feed.js'

/**
 * `line:<id>`: the channel of one open line's queue. Consoles of the line's
 * operators and supervisors join it to update their waiting queue and lists
 * the moment a dialogue enters or leaves the queue, or changes operator or
 * state, instead of polling. Only signals travel here, never messages.
 */
export const LINE_CHANNEL = /^line:(\d+)$/
export const lineChannel = (lineId: number): string => `line:${lineId}`

/**
 * The signal's name, and its data: the fields of openlines.dialogue.list that changed. Bounded in
 * size (a NOTIFY payload is limited), so not whom a dialogue is offered to: consoles re-read that.
 */
export const LINE_DIALOGUE_SIGNAL = 'lineDialogue'

export interface LineDialogueSignal {
  LINE_ID: number
  CHAT_ID: number
  SESSION_ID: number
  STATUS: string
  OPERATOR_ID: number
}

export function lineDialogueSignal(c: QueueChange): LineDialogueSignal {
  return { LINE_ID: c.lineId, CHAT_ID: c.chatId, SESSION_ID: c.sessionId, STATUS: c.status, OPERATOR_ID: c.operatorId ?? 0 }
}

/** The dialogues' queue port over the feed: signalled when the change's transaction commits. */
export function lineQueueSignals(feed: Pick<RealtimeFeed, 'signalAtCommit'>): QueuePort {
  return {
    changed: (tx: Executor, c: QueueChange) => feed.signalAtCommit(tx, lineChannel(c.lineId), LINE_DIALOGUE_SIGNAL, lineDialogueSignal(c)),
  }
}
