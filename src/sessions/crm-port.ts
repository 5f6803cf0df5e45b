import type { ChatRow } from '../chats/chats.repo.js'
import type { Executor } from '../storage/db.js'

/**
 * The one place where dialogues call the CRM side (the crm-chats domain
 * implements it; without it dialogues run with no CRM):
 * - `preferredOperator` when a dialogue is routed (CRM_FORWARD: a known
 *   customer goes to their responsible user first);
 * - `sessionStarted` after a customer's new dialogue is started and routed
 *   (find or create the customer's CRM objects and bind the chat);
 * - `transferred` after a dialogue moved to another operator (CRM_TRANSFER_CHANGE).
 * All run inside the dialogue's transaction.
 */
export interface DialogueCrm {
  preferredOperator(tx: Executor, chat: ChatRow): Promise<number | null>
  sessionStarted(tx: Executor, s: { chat: ChatRow; sessionId: number; operatorId: number | null }): Promise<void>
  transferred(tx: Executor, s: { chat: ChatRow; sessionId: number; operatorId: number }): Promise<void>
}
