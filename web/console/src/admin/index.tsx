/** Administration screens (built by console-auth); the layout lists them for administrators. */
import type { ComponentType } from 'preact'
import './admin.css'
import { AppsScreen } from './apps.js'
import { DeliveriesScreen } from './deliveries.js'
import { LinesScreen } from './lines.js'
import { UsersScreen } from './users.js'

export const adminRoutes: { path: string; title: string; view: ComponentType }[] = [
  { path: '/lines', title: 'Lines', view: LinesScreen },
  { path: '/users', title: 'Users and departments', view: UsersScreen },
  { path: '/apps', title: 'Apps and webhooks', view: AppsScreen },
  { path: '/deliveries', title: 'Event deliveries', view: DeliveriesScreen },
]
