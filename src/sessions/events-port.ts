import type { Executor } from '../storage/db.js'

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
}
