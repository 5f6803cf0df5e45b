import type { Logger } from 'pino'
import type { Config } from './config.js'
import type { Clock } from './platform/clock.js'
import type { Ids } from './platform/ids.js'
import type { Db, Store } from './storage/db.js'
import type { AuthService } from './auth/auth.service.js'
import type { MethodRegistry } from './rest/registry.js'
import type { Metrics } from './http/metrics.js'
import type { AppsService } from './apps/index.js'
import type { EventsService } from './events/index.js'
import type { DepartmentsService, UsersService } from './users/index.js'
import type { CrmService } from './crm/index.js'
import type { CrmChatApi } from './crm-chats/index.js'
import type { LineService } from './lines/index.js'
import type { QuickAnswerService } from './quick-answers/index.js'
import type { Dialogues } from './sessions/index.js'
import type { TimerService } from './timers/index.js'
import type { ConnectorService } from './connectors/index.js'
import type { Realtime } from './realtime/index.js'
import type { Notifications } from './notifications/index.js'
import type { Bots } from './bots/index.js'
import type { Network } from './network/index.js'
import type { ConsoleService } from './console/index.js'

/**
 * Everything a handler or service may use, wired once in container.ts.
 * Domains add their services here as they arrive.
 */
export interface Deps {
  config: Config
  clock: Clock
  ids: Ids
  logger: Logger
  store: Store
  db: Db
  auth: AuthService
  registry: MethodRegistry
  metrics: Metrics
  apps: AppsService
  events: EventsService
  users: UsersService
  departments: DepartmentsService
  crm: CrmService
  crmChats: CrmChatApi
  lines: LineService
  quickAnswers: QuickAnswerService
  timers: TimerService
  dialogues: Dialogues
  connectors: ConnectorService
  realtime: Realtime
  notifications: Notifications
  bots: Bots
  network: Network
  console: ConsoleService
}
