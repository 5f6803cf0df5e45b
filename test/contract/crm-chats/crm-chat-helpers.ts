import type { DialogueApp } from '../../helpers/dialogue-app.js'
import { timeShape } from '../../helpers/envelope.js'

/** A customer's message from a channel (the widget is `livechat`), with what the channel knows of them. */
export function customerWrites(
  t: DialogueApp, lineId: number, who: string, text: string,
  o: { connector?: string; email?: string; phone?: string; name?: string; lastName?: string } = {},
) {
  return t.deps.dialogues.receiveCustomerMessage({
    connector: o.connector ?? 'livechat', lineId, connectorChatId: `chat-${who}`, connectorUserId: `user-${who}`,
    user: { name: o.name ?? who, lastName: o.lastName, email: o.email, phone: o.phone }, message: { text },
  })
}

export const ok = (result: unknown) => ({ status: 200, body: { result, time: timeShape } })
export const err = (status: number, error: string, description: string) => ({ status, body: { error, error_description: description } })

/** The chat's CRM columns and its binding log. */
export async function bindingRow(t: DialogueApp, chatId: number) {
  return t.deps.db.selectFrom('chats').select(['crm_lead_id', 'crm_deal_id', 'crm_contact_id', 'crm_company_id']).where('id', '=', chatId).executeTakeFirstOrThrow()
}

export async function systemTexts(t: DialogueApp, chatId: number) {
  const rows = await t.deps.db.selectFrom('messages').select(['text', 'params']).where('chat_id', '=', chatId).where('is_system', '=', true).orderBy('id').execute()
  return rows.map((r) => r.text)
}
