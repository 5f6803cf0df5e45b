import type { DialogueEvent, DialogueEvents } from '../../src/sessions/index.js'
import type { Executor } from '../../src/storage/db.js'

export interface RecordedEvent extends DialogueEvent {
  /** Recorded inside a transaction, as the outbox requires. */
  inTransaction: boolean
}

/** Captures events the dialogue code records; the outbox itself belongs to the events domain. */
export class FakeEvents implements DialogueEvents {
  readonly recorded: RecordedEvent[] = []

  async record(tx: Executor, event: DialogueEvent): Promise<void> {
    this.recorded.push({ ...event, inTransaction: tx.isTransaction })
  }

  named(name: DialogueEvent['name']): RecordedEvent[] {
    return this.recorded.filter((e) => e.name === name)
  }

  clear(): void {
    this.recorded.length = 0
  }
}
