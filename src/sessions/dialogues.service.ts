import type { Logger } from 'pino'
import { createImDialogs } from '../chats/im-dialogs.service.js'
import { createImMessages } from '../chats/im-messages.service.js'
import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import { createPresence } from '../routing/presence.service.js'
import { createRouter } from '../routing/router.js'
import type { Db } from '../storage/db.js'
import type { TimerService } from '../timers/index.js'
import { createEngine } from './engine.js'
import type { DialogueEvents } from './events-port.js'
import { createDialogView } from './dialog-view.service.js'
import { createInbound } from './inbound.service.js'
import { createOperatorActions } from './operator.service.js'
import { createSessionActions } from './session.service.js'
import type { InboundMessage } from './inbound.schema.js'
import type { LineReader } from './line-port.js'
import { createQueueDispatch } from './queue-dispatch.js'
import { registerSessionTimers } from './session-timers.js'

export interface DialoguesDeps {
  db: Db
  clock: Clock
  ids: Ids
  logger: Logger
  lines: LineReader
  events: DialogueEvents
  timers: TimerService
}

/** Chats, sessions and routing wired together; the one object the rest of the server holds. */
export function createDialogues(d: DialoguesDeps) {
  const router = createRouter({ lines: d.lines })
  const engine = createEngine({ clock: d.clock, logger: d.logger, lines: d.lines, events: d.events, timers: d.timers, router })
  const queue = createQueueDispatch({ db: d.db, clock: d.clock, logger: d.logger, engine, router, lines: d.lines })
  const inbound = createInbound({ engine, queue, lines: d.lines, ids: d.ids, clock: d.clock })
  const presence = createPresence({ engine, queue })
  registerSessionTimers(d.timers, engine, queue)
  d.timers.addPeriodic((now) => queue.sweep(now))

  return {
    deps: d,
    engine,
    queue,
    router,
    presence,
    operator: createOperatorActions({ engine, queue, lines: d.lines }),
    session: createSessionActions({ engine, queue, lines: d.lines }),
    view: createDialogView({ lines: d.lines }),
    im: createImMessages({ engine, queue, events: d.events, ids: d.ids, clock: d.clock }),
    imDialogs: createImDialogs({ lines: d.lines, clock: d.clock }),
    /** A customer's message from a channel, in its own transaction. */
    receiveCustomerMessage: (input: InboundMessage) => inbound.receiveOwn(d.db, input),
    /** The same inside the caller's transaction. */
    receiveCustomerMessageIn: inbound.receive,
  }
}

export type Dialogues = ReturnType<typeof createDialogues>
