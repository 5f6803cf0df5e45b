import { findChat } from '../chats/chats.repo.js'
import { findMessage } from '../chats/messages.repo.js'
import type { Executor } from '../storage/db.js'

/** Chats and messages as the quick-answers domain reads them (imopenlines.message.quick.save). */
export const lineMessages = {
  async getChat(tx: Executor, chatId: number): Promise<{ lineId: number | null } | null> {
    const chat = await findChat(tx, chatId)
    if (!chat) return null
    return { lineId: chat.type === 'lines' ? chat.line_id : null }
  },
  async getLineMessage(tx: Executor, messageId: number): Promise<{ chatId: number; lineId: number; text: string } | null> {
    const m = await findMessage(tx, messageId)
    if (!m || m.deleted) return null
    const chat = await findChat(tx, m.chat_id)
    if (!chat || chat.type !== 'lines') return null
    return { chatId: chat.id, lineId: chat.line_id, text: m.text }
  },
}
