import type { Executor } from '../storage/db.js'

/**
 * What quick answers need to know about line chats and their messages. The
 * dialogue domain, which owns chats and messages, provides it (wired in
 * container.ts); until then `noLineChats` answers that no chat exists.
 */
export interface MessageSource {
  /** null: no such chat; lineId null: the chat exists but is not an open-line chat. */
  getChat(tx: Executor, chatId: number): Promise<{ lineId: number | null } | null>
  /** A message of an open-line chat, or null when there is no such message. */
  getLineMessage(tx: Executor, messageId: number): Promise<{ chatId: number; lineId: number; text: string } | null>
}

export const noLineChats: MessageSource = {
  getChat: async () => null,
  getLineMessage: async () => null,
}

export interface QuickAnswer {
  id: number
  lineId: number
  title: string
  text: string
  chatId: number | null
  messageId: number | null
  createdBy: number
  createdAt: Date
}
