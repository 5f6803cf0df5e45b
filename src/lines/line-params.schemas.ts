import { Type, type TSchema } from '@sinclair/typebox'
import { systemErrors } from '../rest/system-errors.js'
import { FIELD_BY_API, LINE_FIELD_KEYS, LINE_FIELDS, fieldDef } from './line-fields.schemas.js'
import { listOf, parseNonNegativeInt, parsePositiveId, parseText, parseValue, type FieldKind } from './line-values.schemas.js'
import type { LineFields, QueueEntity, QueueUserFields } from './lines.types.js'

/** Ids a patch names that must exist in the store; checked by the service, reported under `field`. */
export interface RefCheck {
  field: string
  kind: 'bot' | 'employee' | 'department'
  ids: number[]
}

/** A parsed config.add / config.update PARAMS: only what the caller gave. */
export interface LinePatch {
  fields: Partial<LineFields>
  queue?: QueueEntity[]
  queueUsersFields?: Record<string, QueueUserFields>
  refs: RefCheck[]
}

/**
 * Fields config.get returns that are not settings. A client that reads a line
 * and writes it back sends them; they are ignored rather than refused, as are
 * names this server does not know (Bitrix24 ignores them too).
 */
const READ_ONLY = new Set(['ID', 'DATE_CREATE', 'DATE_MODIFY', 'MODIFY_USER_ID', 'QUEUE_FULL', 'QUEUE_ONLINE', 'CONFIG_QUEUE', 'VERSION'])
export const MAX_QUEUE_LENGTH = 1000

function bad(field: string, why: string): never {
  throw systemErrors.argument(field, why)
}

function parseQueueEntry(item: unknown, field: string): QueueEntity {
  // config.get returns QUEUE as plain user ids; accept them back as user entries.
  if (typeof item === 'number' || typeof item === 'string') return { type: 'user', id: parsePositiveId(item, `${field}.ENTITY_ID`) }
  if (!item || typeof item !== 'object' || Array.isArray(item)) return bad(field, 'must be an object with ENTITY_TYPE and ENTITY_ID')
  const entry = item as Record<string, unknown>
  const type = entry.ENTITY_TYPE ?? 'user'
  if (type !== 'user' && type !== 'department') return bad(`${field}.ENTITY_TYPE`, 'must be one of user, department')
  return { type, id: parsePositiveId(entry.ENTITY_ID, `${field}.ENTITY_ID`) }
}

export function parseQueue(raw: unknown, field: string): QueueEntity[] {
  const items = listOf(raw, field)
  if (items.length > MAX_QUEUE_LENGTH) bad(field, `must have at most ${MAX_QUEUE_LENGTH} entries`)
  const out: QueueEntity[] = []
  items.forEach((item, i) => {
    const entry = parseQueueEntry(item, `${field}[${i}]`)
    if (!out.some((e) => e.type === entry.type && e.id === entry.id)) out.push(entry)
  })
  return out
}

function optionalText(raw: unknown, field: string): string | null {
  if (raw === undefined || raw === null || raw === '') return null
  return parseText(raw, field, 2048)
}

export function parseQueueUsersFields(raw: unknown, field: string): Record<string, QueueUserFields> {
  if (raw === '' || raw === null || (Array.isArray(raw) && raw.length === 0)) return {}
  if (typeof raw !== 'object' || Array.isArray(raw)) return bad(field, 'must be an object keyed by user id')
  const out: Record<string, QueueUserFields> = {}
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const id = parsePositiveId(key, `${field}.${key}`)
    if (!value || typeof value !== 'object' || Array.isArray(value)) return bad(`${field}.${key}`, 'must be an object')
    const v = value as Record<string, unknown>
    out[String(id)] = {
      userName: optionalText(v.USER_NAME, `${field}.${key}.USER_NAME`),
      workPosition: optionalText(v.USER_WORK_POSITION, `${field}.${key}.USER_WORK_POSITION`),
      avatar: optionalText(v.USER_AVATAR, `${field}.${key}.USER_AVATAR`),
      avatarId: v.USER_AVATAR_ID === undefined || v.USER_AVATAR_ID === null || v.USER_AVATAR_ID === '' ? null : parseNonNegativeInt(v.USER_AVATAR_ID, `${field}.${key}.USER_AVATAR_ID`),
    }
  }
  return out
}

function refsOf(patch: LinePatch): RefCheck[] {
  const refs: RefCheck[] = []
  for (const key of Object.keys(patch.fields) as (keyof LineFields)[]) {
    const { api, kind } = fieldDef(key)
    const value = patch.fields[key]
    if (kind.type === 'botRef' && typeof value === 'number') refs.push({ field: `PARAMS.${api}`, kind: 'bot', ids: [value] })
    if (kind.type === 'userList' && Array.isArray(value)) refs.push({ field: `PARAMS.${api}`, kind: 'employee', ids: value.map(Number) })
  }
  patch.queue?.forEach((e, i) => refs.push({ field: `PARAMS.QUEUE[${i}].ENTITY_ID`, kind: e.type === 'user' ? 'employee' : 'department', ids: [e.id] }))
  const fieldUsers = Object.keys(patch.queueUsersFields ?? {}).map(Number)
  if (fieldUsers.length) refs.push({ field: 'PARAMS.QUEUE_USERS_FIELDS', kind: 'employee', ids: fieldUsers })
  return refs
}

/** PARAMS of config.add / config.update → a patch; the first bad value is reported by name. */
export function parseLineParams(raw: unknown): LinePatch {
  if (raw === undefined || raw === null || raw === '') return { fields: {}, refs: [] }
  if (typeof raw !== 'object' || Array.isArray(raw)) return bad('PARAMS', 'must be an object of line settings')
  const patch: LinePatch = { fields: {}, refs: [] }
  const fields: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (READ_ONLY.has(name)) continue
    if (name === 'QUEUE') patch.queue = parseQueue(value, 'PARAMS.QUEUE')
    else if (name === 'QUEUE_USERS_FIELDS') patch.queueUsersFields = parseQueueUsersFields(value, 'PARAMS.QUEUE_USERS_FIELDS')
    else {
      const key = FIELD_BY_API.get(name)
      if (key) fields[key] = parseValue(fieldDef(key).kind, value, `PARAMS.${name}`)
    }
  }
  patch.fields = fields as Partial<LineFields>
  patch.refs = refsOf(patch)
  return patch
}

function describeKind(kind: FieldKind): string {
  switch (kind.type) {
    case 'flag':
      return 'Y or N'
    case 'enum':
      return `one of ${kind.values.join(', ')}`
    case 'int':
      return 'non-negative integer'
    case 'botRef':
      return 'id of a chat-bot user, 0 for none'
    case 'idRef':
      return 'id, 0 for none'
    case 'time':
      return 'time HH:MM'
    case 'timezone':
      return 'time zone name, e.g. Europe/Berlin'
    case 'language':
      return 'two-letter language code'
    case 'weekdays':
      return 'array of MO, TU, WE, TH, FR, SA, SU'
    case 'holidays':
      return 'days as "DD.MM,DD.MM" or an array of DD.MM'
    case 'userList':
      return 'array of user ids'
    case 'operatorData':
      return 'object with NAME, AVATAR, AVATAR_ID'
    default:
      return 'string'
  }
}

/** The PARAMS schema for the method catalogue; values are checked by parseLineParams. */
export function lineParamsSchema(): TSchema {
  const props: Record<string, TSchema> = {
    QUEUE: Type.Optional(Type.Unknown({ description: 'array of {ENTITY_TYPE: user|department, ENTITY_ID}, in routing order' })),
    QUEUE_USERS_FIELDS: Type.Optional(Type.Unknown({ description: 'per operator: {USER_NAME, USER_WORK_POSITION, USER_AVATAR, USER_AVATAR_ID}, keyed by user id' })),
  }
  for (const key of LINE_FIELD_KEYS) props[LINE_FIELDS[key].api] = Type.Optional(Type.Unknown({ description: describeKind(fieldDef(key).kind) }))
  return Type.Object(props, { additionalProperties: true, description: 'Open line settings' })
}
