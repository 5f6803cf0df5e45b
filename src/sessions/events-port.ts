import type { ChatRow } from '../chats/chats.repo.js'
import type { MessageRow } from '../chats/messages.repo.js'
import type { PlannedOutbox } from '../events/index.js'
import type { Executor } from '../storage/db.js'
import type { SessionRecord } from './sessions.repo.js'

export type DialogueEventName =
  | 'OnSessionStart'
  | 'OnSessionFinish'
  | 'OnOpenLineMessageAdd'
  | 'OnOpenLineMessageUpdate'
  | 'OnOpenLineMessageDelete'

export interface DialogueEvent {
  name: DialogueEventName
  /** The `data` object handlers receive, as the event's page shows it. */
  data: Record<string, unknown>
  /**
   * Open-line events go only to the application that registered the chat's
   * connector ("Only those events intended for the connector added by the
   * application can be received"); the outbox resolves the connector to its app.
   */
  connectorId: string
  lineId: number
  /** Per-chat order key for delivery. */
  chatId: number
  /** The user whose action raised it (the operator, the message's author), when there is one. */
  userId?: number | null
}

/** Writes an event into the outbox inside the caller's transaction. */
export interface DialogueEvents {
  record(tx: Executor, event: DialogueEvent): Promise<void>
  /**
   * The same event as outbox rows that the statement writing its message can
   * insert too (see events/planned-outbox.ts), without reading anything first;
   * null (or absent) when recording needs more (reads, other writes): the
   * caller then writes the message and calls `record` in a transaction.
   */
  plan?(event: DialogueEvent): PlannedOutbox | null
}

/**
 * The one place the bots domain hears of dialogues a bot holds: it joined
 * (WELCOME_BOT_ID) or the customer wrote. It records ONIMBOTJOINCHAT /
 * ONIMBOTMESSAGEADD in the caller's transaction.
 */
export interface BotPort {
  deliver(tx: Executor, e: { chat: ChatRow; rec: SessionRecord; kind: 'join' | 'message'; botId: number }): Promise<void>
  /** A message of the chat was edited or deleted (by the customer through a channel, or im.message.update / delete): bots in it hear of it. */
  changed?(tx: Executor, e: { chatId: number; messageId: number; kind: 'update' | 'delete' }): Promise<void>
  /**
   * A person wrote a `/command` in the chat (see `mayBeCommand`): COMMON=Y commands and those of bots in
   * the chat hear of it. `rec`: the chat's open session after the message, if any.
   */
  command?(tx: Executor, e: { chat: ChatRow; message: MessageRow; rec: SessionRecord | null }): Promise<void>
}

/** Only a message that starts with a slash can be a bot command; every other message skips the lookup. */
export const mayBeCommand = (text: string): boolean => text.trimStart().startsWith('/')

export const noBots: BotPort = { deliver: async () => undefined }

/**
 * What the customer's channel adds to operators' actions in its chats
 * (connectors and the widget): whether operators may edit or delete their
 * messages there (a connector's EDIT_INTERNAL_MESSAGES / DEL_INTERNAL_MESSAGES),
 * and the passing states the customer sees (operator typing, read marks),
 * sent when the caller's transaction commits.
 */
export interface ChannelPort {
  allowsOperatorChange(tx: Executor, connectorId: string, kind: 'edit' | 'delete'): Promise<boolean>
  operatorSignal(tx: Executor, chatId: number, s: { kind: 'typing'; userId: number } | { kind: 'read'; userId: number; upTo: number }): Promise<void>
}

export const openChannels: ChannelPort = {
  allowsOperatorChange: async () => true,
  operatorSignal: async () => {},
}

/**
 * Notifications to people (KPI alerts): stored for them to read later and
 * signalled live on their `user:<id>` channel, in the caller's transaction.
 */
export interface DialogueNotices {
  notify(tx: Executor, userIds: number[], n: {
    kind: string; text: string; chatId: number; sessionId: number; lineId: number; params: Record<string, unknown>
  }): Promise<unknown>
}
