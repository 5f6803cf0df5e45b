import { loadConfig } from '../../src/config.js'
import type { Clock } from '../../src/platform/clock.js'
import type { InboundMessage } from '../../src/sessions/index.js'
import { buildTestApp, type TestApp } from './test-app.js'
import { FakeEvents } from './fake-events.js'
import { ApiLines } from './api-lines.js'

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-03-02T10:00:00Z')) {}
  now = () => new Date(this.current)
  monotonic = () => performance.now()
  set(date: Date | string) {
    this.current = new Date(date)
  }
  advance(seconds: number) {
    this.current = new Date(this.current.getTime() + seconds * 1000)
    return this.now()
  }
}

export interface DialogueApp extends TestApp {
  lines: ApiLines
  events: FakeEvents
  clock: TestClock
  /** An employee with a webhook, online unless said otherwise. */
  operator(opts?: { name?: string; online?: boolean; isAdmin?: boolean }): Promise<{ id: number; hook: string }>
  setOnline(userId: number, online: boolean): Promise<void>
  /** A customer's message through the internal entry point. */
  inbound(lineId: number, customer: string, text: string, extra?: Partial<InboundMessage['message']> & { connector?: string }): ReturnType<TestApp['deps']['dialogues']['receiveCustomerMessage']>
  /** Fires due timers at the clock's time. */
  tick(seconds: number): Promise<number>
  session(id: number): Promise<Record<string, unknown>>
}

/** `outbox: true` records events into the real outbox (events domain) instead of the capturing fake. */
export async function buildDialogueApp(start?: string, opts: { outbox?: boolean } = {}): Promise<DialogueApp> {
  const events = new FakeEvents()
  const clock = new TestClock(start ? new Date(start) : undefined)
  // Handlers on loopback are allowed so that apps in tests can bind them.
  const config = { events: { ...loadConfig({}).events, allowPrivateHandlers: true } }
  const t = await buildTestApp({ clock, config, overrides: opts.outbox ? {} : { dialogueEvents: events } })
  const lines = new ApiLines((method, params) => t.call(method, params))
  const setOnline = async (userId: number, online: boolean) => {
    await t.deps.db.updateTable('users').set({ is_online: online }).where('id', '=', userId).execute()
  }
  return {
    ...t,
    lines,
    events,
    clock,
    setOnline,
    async operator(o = {}) {
      const u = await t.createUser({ name: o.name ?? 'Operator', isAdmin: o.isAdmin })
      if (o.online !== false) await setOnline(u.id, true)
      return u
    },
    inbound(lineId, customer, text, extra = {}) {
      const { connector = 'telegrambot', ...message } = extra
      return t.deps.dialogues.receiveCustomerMessage({
        connector, lineId, connectorChatId: `c-${customer}`, connectorUserId: `u-${customer}`, user: { name: customer }, message: { text, ...message },
      })
    },
    async tick(seconds) {
      const now = clock.advance(seconds)
      return t.deps.timers.runDueTimers(now)
    },
    async session(id) {
      return t.deps.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    },
  }
}
