import type { Logger } from 'pino'
import { createImDialogs } from '../chats/im-dialogs.service.js'
import { createImMessages } from '../chats/im-messages.service.js'
import { sideChatsSlot, type SideChats } from '../chats/side-chats.js'
import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import { createPresence } from '../routing/presence.service.js'
import { createRouter } from '../routing/router.js'
import type { Db, Executor } from '../storage/db.js'
import { openSessionsOfLine } from './sessions.repo.js'
import type { TimerService } from '../timers/index.js'
import { createEngine } from './engine.js'
import { cachedLineReader, perTransactionLineReader } from './line-cache.js'
import type { DialogueCrm } from './crm-port.js'
import { noBots, openChannels, type BotPort, type ChannelPort, type DialogueEvents, type DialogueNotices } from './events-port.js'
import { createDialogView } from './dialog-view.service.js'
import { createInbound } from './inbound.service.js'
import { createOperatorActions } from './operator.service.js'
import { createSessionActions } from './session.service.js'
import type { InboundCustomer, InboundMessage } from './inbound.schema.js'
import type { LineReader } from './line-port.js'
import { createQueueDispatch } from './queue-dispatch.js'
import type { QueuePort } from './queue-port.js'
import { registerSessionTimers } from './session-timers.js'

export interface DialoguesDeps {
  db: Db
  clock: Clock
  ids: Ids
  logger: Logger
  lines: LineReader
  events: DialogueEvents
  timers: TimerService
  /** The CRM side of dialogues (crm-chats domain); none: dialogues run without CRM. */
  crm?: DialogueCrm
  /** Bots holding dialogues (the bots domain); none by default. */
  bots?: BotPort
  /** Chats outside open lines that another domain owns (network lines joined here); none by default. */
  sideChats?: SideChats
  /** Channel rules and signals (connectors, widget); none: operators may always edit, nothing is signalled. */
  channels?: ChannelPort
  /** Notifications to people (KPI alerts); none: alerts are only the chat's system message. */
  notices?: DialogueNotices
  /** Signals to consoles watching a line (the realtime feed); none: consoles find changes by reading again. */
  queueSignals?: QueuePort
}

/** How long routing may use a line's settings and queue before reading them again. */
const LINE_CACHE_MS = 2000

/** Chats, sessions and routing wired together; the one object the rest of the server holds. */
export function createDialogues(deps: DialoguesDeps) {
  const d: DialoguesDeps = { ...deps, lines: perTransactionLineReader(deps.lines) }
  // Routing and the per-message path read line settings and queues kept for a moment; requests read them fresh.
  const cachedLines = cachedLineReader(d.lines, d.clock, LINE_CACHE_MS, d.db)
  const side = d.sideChats ?? sideChatsSlot()
  const router = createRouter({ lines: cachedLines })
  const bots = d.bots ?? noBots
  const engine = createEngine({ clock: d.clock, logger: d.logger, lines: d.lines, cachedLines, events: d.events, timers: d.timers, router, crm: d.crm, bots, notices: d.notices, queueSignals: d.queueSignals })
  const queue = createQueueDispatch({ db: d.db, clock: d.clock, logger: d.logger, engine, router, lines: cachedLines })
  const inbound = createInbound({ engine, queue, lines: d.lines, ids: d.ids, clock: d.clock, crm: d.crm, bots })
  const presence = createPresence({ engine, queue })
  registerSessionTimers(d.timers, engine, queue)
  d.timers.addPeriodic((now) => queue.sweep(now))

  return {
    deps: d,
    engine,
    queue,
    router,
    presence,
    operator: createOperatorActions({ engine, queue, lines: d.lines, crm: d.crm }),
    session: createSessionActions({ engine, queue, lines: d.lines, channels: d.channels }),
    view: createDialogView({ lines: d.lines }),
    im: createImMessages({ engine, queue, events: d.events, ids: d.ids, clock: d.clock, side, channels: d.channels ?? openChannels, bots }),
    /** A customer's message was edited or deleted through a channel (in the change's transaction): bots in the chat hear of it. */
    messageChanged: async (tx: Executor, e: { chatId: number; messageId: number; kind: 'update' | 'delete' }) => {
      await bots.changed?.(tx, e)
    },
    imDialogs: createImDialogs({ lines: d.lines, clock: d.clock, side, channels: d.channels ?? openChannels }),
    /** A customer's message from a channel, in its own transaction. */
    receiveCustomerMessage: (input: InboundMessage) => inbound.receiveOwn(d.db, input),
    /** The same inside the caller's transaction. */
    receiveCustomerMessageIn: inbound.receive,
    /** A customer's like (true) or dislike from vote buttons; null when the chat does not exist. */
    receiveCustomerVote: (who: InboundCustomer, like: boolean) => d.db.transaction().execute((tx) => inbound.receiveVote(tx, who, like)),
    /** A line being deleted: its open dialogues close (history kept), in the deletion's transaction. */
    closeLine: (tx: Executor, lineId: number) =>
      queue.run(tx, async (op) => {
        for (const s of await openSessionsOfLine(tx, lineId)) {
          const loaded = await engine.load(op, s.chatId)
          if (!loaded?.rec || loaded.rec.id !== s.id) continue
          await engine.apply(op, { chat: loaded.chat, line: loaded.line, rec: loaded.rec }, { type: 'finish', at: op.now, by: 0, reason: 'line' })
        }
      }),
  }
}

export type Dialogues = ReturnType<typeof createDialogues>
