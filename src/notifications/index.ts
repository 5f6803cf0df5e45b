/** Notifications to users (open-line KPI alerts): stored, readable through openlines.notify.*, and signalled live. */
export { createNotifications, notificationView, NOTIFICATION_SIGNAL, type Notifications, type NotificationView, type RealtimeSignal } from './notifications.service.js'
export { notificationMethods } from './notifications.methods.js'
