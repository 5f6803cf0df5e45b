import type { AnyMethod } from './define-method.js'
import { systemMethods } from '../system/system.methods.js'
import { appsMethods } from '../apps/index.js'
import { eventsMethods } from '../events/index.js'
import { departmentMethods, userMethods } from '../users/index.js'
import { profileMethods } from '../system/profile.methods.js'
import { appInfoMethods } from '../system/app-info.methods.js'
import { accessMethods } from '../system/access.methods.js'
import { batchMethods } from '../system/batch.methods.js'
import { crmMethods } from '../crm/index.js'
import { lineMethods } from '../lines/lines.methods.js'
import { lineAccessMethods } from '../lines/line-access.methods.js'
import { quickAnswerMethods } from '../quick-answers/quick-answers.methods.js'
import { dialogueMethods } from '../sessions/methods.js'
import { crmChatMethods } from '../crm-chats/index.js'
import { connectorMethods } from '../connectors/index.js'
import { botMethods } from '../bots/index.js'
import { networkMethods } from '../network/index.js'
import { widgetMethods } from '../widget/widget.methods.js'
import { operatorFileMethods } from '../widget/operator-files.methods.js'
import { notificationMethods } from '../notifications/index.js'
import { passwordMethods } from '../console/index.js'
import { incomingWebhookMethods } from '../auth/incoming-webhooks.methods.js'

/** Every domain's list of methods; the registry refuses duplicates at start. */
export const allMethods: AnyMethod[] = [
  ...systemMethods,
  ...appsMethods,
  ...eventsMethods,
  ...userMethods,
  ...departmentMethods,
  ...profileMethods,
  ...appInfoMethods,
  ...accessMethods,
  ...batchMethods,
  ...crmMethods,
  ...lineMethods,
  ...lineAccessMethods,
  ...quickAnswerMethods,
  ...dialogueMethods,
  ...crmChatMethods,
  ...connectorMethods,
  ...botMethods,
  ...networkMethods,
  ...widgetMethods,
  ...operatorFileMethods,
  ...notificationMethods,
  ...passwordMethods,
  ...incomingWebhookMethods,
] as AnyMethod[]
