import { toBitrixDate } from '../platform/dates.js'
import { LINE_FIELD_KEYS, LINE_FIELDS, FIELD_BY_API, fieldDef } from './line-fields.schemas.js'
import type { SelectItem } from './line-list.schemas.js'
import { formatValue } from './line-values.schemas.js'
import type { LineView } from './lines.service.js'
import type { LineConfig, QueueMember, QueueUserFields } from './lines.types.js'

/** One field of a line as config.get / config.list.get answer it (Bitrix returns numbers as strings). */
export function apiField(line: LineConfig, api: string): unknown {
  switch (api) {
    case 'ID':
      return String(line.id)
    case 'DATE_CREATE':
      return toBitrixDate(line.createdAt)
    case 'DATE_MODIFY':
      return toBitrixDate(line.modifiedAt)
    case 'MODIFY_USER_ID':
      return String(line.modifyUserId ?? 0)
    case 'VERSION':
      return String(line.version)
  }
  const key = FIELD_BY_API.get(api)
  return key === undefined ? undefined : formatValue(fieldDef(key).kind, line[key])
}

function settingsOf(line: LineConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ID: String(line.id) }
  for (const key of LINE_FIELD_KEYS) out[LINE_FIELDS[key].api] = formatValue(fieldDef(key).kind, line[key])
  for (const api of ['DATE_CREATE', 'DATE_MODIFY', 'MODIFY_USER_ID', 'VERSION']) out[api] = apiField(line, api)
  return out
}

const NO_FIELDS: QueueUserFields = { userName: null, workPosition: null, avatar: null, avatarId: null }

function userFields(line: LineConfig, userId: number, avatarId: (id: number | null) => unknown) {
  const f = line.queueUsersFields[String(userId)] ?? NO_FIELDS
  return { USER_NAME: f.userName, USER_WORK_POSITION: f.workPosition, USER_AVATAR: f.avatar, USER_AVATAR_ID: avatarId(f.avatarId) }
}

/** PHP answers an empty keyed array as `[]`; clients written against Bitrix24 expect that. */
function keyed(entries: Array<[string, unknown]>): unknown {
  return entries.length ? Object.fromEntries(entries) : []
}

/** config.get: every setting, and with WITH_QUEUE the expanded queue as the page shows it. */
export function configGetResult(view: LineView, showOffline: boolean): Record<string, unknown> {
  const out = settingsOf(view.line)
  if (!view.members) return out
  const members = showOffline ? view.members : view.members.filter((m) => m.isOnline)
  const asString = (id: number | null) => String(id ?? 0)
  out.QUEUE = members.map((m) => String(m.userId))
  out.QUEUE_FULL = keyed(
    members.map((m, sort): [string, unknown] => [
      String(m.userId),
      { ID: String(m.entryId), SORT: String(sort), USER_ID: String(m.userId), DEPARTMENT_ID: String(m.departmentId ?? 0), ...userFields(view.line, m.userId, asString) },
    ]),
  )
  out.QUEUE_USERS_FIELDS = keyed(members.map((m): [string, unknown] => [String(m.userId), userFields(view.line, m.userId, asString)]))
  out.QUEUE_ONLINE = view.members.some((m) => m.isOnline) ? 'Y' : 'N'
  return out
}

function listQueue(line: LineConfig, members: QueueMember[]): Record<string, unknown> {
  // The list page shows ids and avatar ids as numbers, unlike config.get.
  const asNumber = (id: number | null) => id
  return {
    QUEUE: members.map((m) => m.userId),
    QUEUE_USERS_FIELDS: keyed(members.map((m): [string, unknown] => [String(m.userId), userFields(line, m.userId, asNumber)])),
  }
}

/** One config.list.get element: the selected fields (under their aliases), then the queues asked for by OPTIONS. */
export function listItem(view: LineView, select: readonly SelectItem[], withConfigQueue: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const s of select) out[s.out] = apiField(view.line, s.field)
  if (view.members) Object.assign(out, listQueue(view.line, view.members))
  if (withConfigQueue) out.CONFIG_QUEUE = view.line.queue.map((e) => ({ ENTITY_ID: String(e.id), ENTITY_TYPE: e.type }))
  return out
}
