import type { ChatRow } from '../chats/chats.repo.js'
import type { Executor } from '../storage/db.js'

/**
 * The one place where dialogues call the CRM side (the crm-chats domain
 * implements it; without it dialogues run with no CRM):
 * - `preferredOperator` when a dialogue is routed (CRM_FORWARD: a known
 *   customer goes to their responsible user first);
 * - `sessionStarted` after a customer's new dialogue is started and routed
 *   (find or create the customer's CRM objects and bind the chat);
 * - `transferred` after a dialogue moved to another operator (CRM_TRANSFER_CHANGE);
 * - `customerMessage` after a customer's message is stored (CRM_CHAT_TRACKER:
 *   phones and e-mails in it go to the CRM), for texts `wantsMessage` accepts;
 *   other messages keep the engine's single-statement fast path.
 * All run inside the dialogue's transaction. The last two are optional.
 */
export interface DialogueCrm {
  preferredOperator(tx: Executor, chat: ChatRow): Promise<number | null>
  sessionStarted(tx: Executor, s: { chat: ChatRow; sessionId: number; operatorId: number | null }): Promise<void>
  transferred(tx: Executor, s: { chat: ChatRow; sessionId: number; operatorId: number }): Promise<void>
  /** Cheap and synchronous: whether `customerMessage` wants to see this text. */
  wantsMessage?(text: string): boolean
  customerMessage?(tx: Executor, m: { chat: ChatRow; sessionId: number; messageId: number; text: string }): Promise<void>
}
