import { lockChat } from '../chats/chats.repo.js'
import { deliveryStatesOfEvent } from '../events/index.js'
import type { Clock } from '../platform/clock.js'
import type { Dialogues } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import type { TimerService } from '../timers/index.js'

export const BOT_WATCH_TIMER = 'bot.delivery'
/** How soon after an event to the bot its delivery is looked at, and again while it is still being tried. */
export const BOT_WATCH_SECONDS = 15
/** Failed tries of one event after which the bot counts as down. */
export const BOT_FAILED_TRIES = 2

/** Arms the check of an event just recorded for the bot holding a session (one check per session, the latest event). */
export function watchDelivery(tx: Executor, d: { timers: TimerService; clock: Clock }, sessionId: number, chatId: number, eventId: number): Promise<void> {
  const due = new Date(d.clock.now().getTime() + BOT_WATCH_SECONDS * 1000)
  return d.timers.set(tx, BOT_WATCH_TIMER, sessionId, due, { chatId, eventId })
}

export const unreachableText = (why: string) =>
  `The chat bot's handler is not accepting events (${why}): the dialogue was passed to the operators.`

/**
 * A bot whose handler is down or answers errors must not hold a customer
 * until WELCOME_BOT_TIME: after BOT_FAILED_TRIES failed tries of an event
 * the dialogue goes to the queue with a note to operators saying why.
 */
export function registerBotWatch(d: { timers: TimerService; clock: Clock; dialogues: Dialogues }): void {
  d.timers.register(BOT_WATCH_TIMER, {
    lock: async (tx, t) => {
      await lockChat(tx, Number(t.payload.chatId))
    },
    run: async (tx, t, now) => {
      const rows = await deliveryStatesOfEvent(tx, Number(t.payload.eventId))
      if (!rows.length || rows.some((r) => r.state === 'delivered')) return
      const failed = rows.find((r) => r.state === 'failed' || r.attempts >= BOT_FAILED_TRIES)
      if (!failed) {
        await d.timers.set(tx, BOT_WATCH_TIMER, t.subjectId, new Date(now.getTime() + BOT_WATCH_SECONDS * 1000), t.payload)
        return
      }
      const why = failed.lastStatus ? `HTTP ${failed.lastStatus}` : failed.lastError ? failed.lastError.slice(0, 200) : 'no answer'
      await d.dialogues.queue.run(tx, async (op) => {
        const loaded = await d.dialogues.engine.load(op, Number(t.payload.chatId))
        if (!loaded?.rec || loaded.rec.id !== t.subjectId || loaded.rec.state.status !== 'bot') return
        const live = { chat: loaded.chat, line: loaded.line, rec: loaded.rec }
        await d.dialogues.engine.systemMessage(op, live, 'BOT_UNREACHABLE', unreachableText(why), false)
        await d.dialogues.engine.apply(op, live, { type: 'botToQueue', at: op.now })
      }, now)
    },
  })
}
