import { toBitrixDate } from '../platform/dates.js'
import type { Actor } from '../rest/actor.js'
import { yes } from '../rest/flags.js'
import { positiveInt } from '../sessions/access.js'
import { sessionView } from '../sessions/session-view.js'
import { sessionsByIds } from '../sessions/sessions.repo.js'
import type { Executor } from '../storage/db.js'
import { recentChat } from './chat-view.js'
import { recentChats } from './chats.repo.js'
import { messagesByIds, messagesWithFiles, type MessageRow } from './messages.repo.js'
import { peopleByIds } from './people.repo.js'
import { imUser } from './people-view.js'

export interface RecentQuery {
  SKIP_OPENLINES?: unknown
  SKIP_UNDISTRIBUTED_OPENLINES?: unknown
  ONLY_COPILOT?: unknown
  ONLY_CHANNEL?: unknown
  UNREAD_ONLY?: unknown
  LAST_MESSAGE_DATE?: unknown
  OFFSET?: unknown
  LIMIT?: unknown
}

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 200

function lastMessage(m: MessageRow | undefined, withFile: boolean) {
  if (!m) return null
  return {
    id: m.id, text: m.text, file: withFile, author_id: m.author_id, attach: m.params.ATTACH !== undefined, sticker: null,
    date: toBitrixDate(m.created_at), status: 'received', uuid: m.is_system ? null : m.uuid,
  }
}

/**
 * im.recent.list for this server's chats, which are all open-line chats:
 * SKIP_OPENLINES, ONLY_COPILOT and ONLY_CHANNEL leave nothing to list.
 */
export async function recentList(tx: Executor, actor: Actor, q: RecentQuery) {
  const empty = { items: [], hasMorePages: false, hasMore: false, copilot: { chats: null, messages: null, roles: {}, recommendedRoles: [] }, messagesAutoDeleteConfigs: [] }
  if (yes(q.SKIP_OPENLINES) || yes(q.ONLY_COPILOT) || yes(q.ONLY_CHANNEL)) return empty
  const limit = Math.min(MAX_LIMIT, positiveInt(q.LIMIT) ?? DEFAULT_LIMIT)
  const offset = positiveInt(q.OFFSET) ?? 0
  const before = typeof q.LAST_MESSAGE_DATE === 'string' && !Number.isNaN(Date.parse(q.LAST_MESSAGE_DATE)) ? new Date(q.LAST_MESSAGE_DATE) : null
  const rows = await recentChats(tx, actor.userId, { before, offset, limit: limit + 1, unreadOnly: yes(q.UNREAD_ONLY) })
  const page = rows.slice(0, limit)
  const sessions = new Map((await sessionsByIds(tx, page.flatMap((c) => (c.last_session_id ? [c.last_session_id] : [])))).map((s) => [s.id, s]))
  const messages = new Map((await messagesByIds(tx, page.map((c) => c.last_message_id).filter((id) => id > 0))).map((m) => [m.id, m]))
  const withFiles = await messagesWithFiles(tx, [...messages.keys()])
  const people = new Map((await peopleByIds(tx, [...messages.values()].map((m) => m.author_id))).map((p) => [p.id, p]))
  const items = page.flatMap((c) => {
    const rec = c.last_session_id ? sessions.get(c.last_session_id) ?? null : null
    const undistributed = rec !== null && ['new', 'bot', 'waiting', 'offered'].includes(rec.state.status)
    if (yes(q.SKIP_UNDISTRIBUTED_OPENLINES) && undistributed) return []
    const m = messages.get(c.last_message_id)
    const author = m ? people.get(m.author_id) : undefined
    const view = sessionView(rec)
    return [{
      id: `chat${c.id}`, chat_id: c.id, type: 'chat', avatar: { url: '', color: c.color }, title: c.name,
      message: lastMessage(m, m ? withFiles.has(m.id) : false), counter: c.counter, last_id: c.last_read_id, pinned: rec?.state.pinned ?? false,
      unread: false, has_reminder: false,
      date_update: c.last_message_at ? toBitrixDate(c.last_message_at) : toBitrixDate(c.created_at),
      date_last_activity: c.last_message_at ? toBitrixDate(c.last_message_at) : toBitrixDate(c.created_at),
      chat: recentChat(c, view, c.member_role, c.user_counter),
      user: author ? imUser(author) : null,
      lines: view ? { id: view.id, status: view.statusCode, date_create: toBitrixDate(view.createdAt) } : null,
      options: [],
    }]
  })
  const more = rows.length > limit
  return { ...empty, items, hasMorePages: more, hasMore: more }
}
