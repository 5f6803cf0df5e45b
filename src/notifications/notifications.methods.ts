import { Type } from '@sinclair/typebox'
import { RestError } from '../platform/errors.js'
import { defineMethod } from '../rest/define-method.js'
import { yes } from '../rest/flags.js'
import { pageRequest, toPage } from '../rest/paging.js'

/**
 * Not Bitrix24 methods (the upstream docs have no notification pages): the
 * caller's own notifications, such as open-line KPI alerts. See
 * docs/notifications.md.
 */
export const notifyList = defineMethod({
  name: 'openlines.notify.list',
  scope: 'im',
  description: "The caller's notifications, newest first, 50 a page (start). UNREAD=Y: only those not yet read.",
  input: Type.Object({ UNREAD: Type.Optional(Type.Unknown()) }),
  errors: [],
  handler: async ({ input, actor, deps, tx, start }) => {
    const page = pageRequest(start)
    const { items, total } = await deps.notifications.list(tx, actor.userId, {
      unreadOnly: yes(input.UNREAD), offset: page.offset, limit: page.limit, withTotal: page.withTotal,
    })
    return toPage(items, total, page)
  },
})

const notifyIdError = () => new RestError('NOTIFY_ID', 'Notification not found', 400)

export const notifyRead = defineMethod({
  name: 'openlines.notify.read',
  scope: 'im',
  description: "Marks the caller's notifications read: ID (one id or an array of ids), or all of them when ID is not given. Returns how many changed.",
  input: Type.Object({ ID: Type.Optional(Type.Unknown()) }),
  errors: ['NOTIFY_ID'],
  handler: async ({ input, actor, deps, tx }) => {
    const raw = input.ID
    let ids: number[] | 'all' = 'all'
    if (raw !== undefined && raw !== null && raw !== '') {
      const list = (Array.isArray(raw) ? raw : [raw]).map((v) => Number(v))
      if (!list.length || list.some((n) => !Number.isInteger(n) || n <= 0)) throw notifyIdError()
      ids = list
    }
    const changed = await deps.notifications.read(tx, actor.userId, ids)
    if (changed === null) throw notifyIdError()
    return changed
  },
})

export const notificationMethods = [notifyList, notifyRead]
