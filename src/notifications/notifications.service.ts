import { toBitrixDate } from '../platform/dates.js'
import type { Clock } from '../platform/clock.js'
import type { Executor } from '../storage/db.js'
import { countNotifications, insertNotifications, listNotifications, markRead, ownedIds, type NewNotification, type NotificationRow } from './notifications.repo.js'

/**
 * Sends a passing signal to a realtime channel, delivered when `tx` commits
 * (and never for a rolled-back change).
 */
export type RealtimeSignal = (tx: Executor, channel: string, name: string, data: unknown) => Promise<void>

/** The realtime signal a recipient's console hears on `user:<id>`. */
export const NOTIFICATION_SIGNAL = 'notification'

export interface NotificationView {
  ID: number
  TYPE: string
  TEXT: string
  DATE: string
  CHAT_ID: number | null
  SESSION_ID: number | null
  LINE_ID: number | null
  PARAMS: Record<string, unknown>
  READ: 'Y' | 'N'
}

export function notificationView(r: NotificationRow): NotificationView {
  return {
    ID: Number(r.id), TYPE: r.kind, TEXT: r.text, DATE: toBitrixDate(r.created_at), CHAT_ID: r.chat_id, SESSION_ID: r.session_id,
    LINE_ID: r.line_id, PARAMS: r.params, READ: r.read_at ? 'Y' : 'N',
  }
}

/** Notifications to users: stored to be read later, and signalled live on each recipient's `user:<id>` channel. */
export function createNotifications(d: { clock: Clock; signal: RealtimeSignal }) {
  /** In the caller's transaction: one notification per distinct, active recipient. Returns the rows written. */
  async function notify(tx: Executor, userIds: number[], n: Omit<NewNotification, 'at'> & { at?: Date }): Promise<NotificationRow[]> {
    const recipients = [...new Set(userIds.filter((id) => Number.isInteger(id) && id > 0))]
    const rows = await insertNotifications(tx, recipients, { ...n, at: n.at ?? d.clock.now() })
    for (const row of rows) await d.signal(tx, `user:${row.user_id}`, NOTIFICATION_SIGNAL, notificationView(row))
    return rows
  }

  async function list(tx: Executor, userId: number, opts: { unreadOnly: boolean; offset: number; limit: number; withTotal: boolean }) {
    const rows = await listNotifications(tx, userId, opts)
    const total = opts.withTotal ? await countNotifications(tx, userId, opts.unreadOnly) : null
    return { items: rows.map(notificationView), total }
  }

  /** Marks the caller's own notifications read; null when an id is not theirs (or does not exist). */
  async function read(tx: Executor, userId: number, ids: number[] | 'all'): Promise<number | null> {
    if (ids !== 'all') {
      const owned = await ownedIds(tx, userId, ids)
      if (owned.length !== new Set(ids).size) return null
    }
    return markRead(tx, userId, ids, d.clock.now())
  }

  return { notify, list, read }
}

export type Notifications = ReturnType<typeof createNotifications>
