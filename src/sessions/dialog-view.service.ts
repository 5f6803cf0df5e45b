import { dialogChat, historyChat, type ViewerState } from '../chats/chat-view.js'
import { findChat, findChatByCode, findMember, membersWithNames, type ChatRow } from '../chats/chats.repo.js'
import { historyFile, historyMessage } from '../chats/message-view.js'
import { countUnread, filesOfMessages, firstUnreadId, sessionMessages } from '../chats/messages.repo.js'
import { peopleByIds } from '../chats/people.repo.js'
import { historyUser } from '../chats/people-view.js'
import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { canWork, isManager, positiveInt, roleOn } from './access.js'
import type { LineReader } from './line-port.js'
import { sessionView } from './session-view.js'
import { findSession, lastSessionOfChat, openSessionOfChat, type SessionRecord } from './sessions.repo.js'
import { sessionErrors } from './sessions.errors.js'

/**
 * session.history.get returns the newest messages of one session up to this
 * many, so its cost does not grow with the chat's history (a Bitrix24 page
 * returns the whole session; a session this long is read with
 * im.dialog.messages.get in pages).
 */
export const HISTORY_LIMIT = 1000

export interface DialogQuery { chatId?: unknown; dialogId?: unknown; sessionId?: unknown; userCode?: unknown }

export function createDialogView(d: { lines: LineReader }) {
  async function findDialogChat(tx: Executor, q: DialogQuery): Promise<ChatRow | undefined> {
    const chatId = positiveInt(q.chatId)
    if (chatId !== null) return findChat(tx, chatId)
    const dialog = typeof q.dialogId === 'string' ? /^chat(\d+)$/i.exec(q.dialogId.trim()) : null
    if (dialog) return findChat(tx, Number(dialog[1]))
    const sessionId = positiveInt(q.sessionId)
    if (sessionId !== null) {
      const rec = await findSession(tx, sessionId)
      return rec ? findChat(tx, rec.chatId) : undefined
    }
    if (typeof q.userCode === 'string' && q.userCode.trim()) return findChatByCode(tx, q.userCode.trim())
    return undefined
  }

  async function viewer(tx: Executor, chat: ChatRow, rec: SessionRecord | null, actor: Actor): Promise<ViewerState> {
    const member = await findMember(tx, chat.id, actor.userId)
    const role = rec?.state.operatorId === actor.userId ? 'owner' : member ? 'member' : 'guest'
    if (!member) return { userId: actor.userId, role, counter: 0, unreadId: 0 }
    const counter = await countUnread(tx, chat.id, actor.userId, member.last_read_id)
    const unreadId = counter ? await firstUnreadId(tx, chat.id, actor.userId, member.last_read_id) : 0
    return { userId: actor.userId, role, counter, unreadId }
  }

  /** imopenlines.dialog.get */
  async function dialogGet(tx: Executor, actor: Actor, q: DialogQuery) {
    const chat = await findDialogChat(tx, q)
    if (!chat || !(await canWork(d.lines, tx, chat.id, chat.line_id, actor))) throw sessionErrors.dialogAccess()
    const rec = (await openSessionOfChat(tx, chat.id)) ?? (await lastSessionOfChat(tx, chat.id))
    return dialogChat(chat, sessionView(rec), await viewer(tx, chat, rec, actor), await membersWithNames(tx, chat.id))
  }

  async function historySession(tx: Executor, q: { sessionId?: unknown; chatId?: unknown }): Promise<SessionRecord> {
    const given = (v: unknown) => v !== undefined && v !== null && v !== '' && v !== 0 && v !== '0'
    if (!given(q.sessionId) && !given(q.chatId)) throw sessionErrors.missingRequiredParam()
    if (given(q.sessionId)) {
      const id = positiveInt(q.sessionId)
      if (id === null) throw sessionErrors.invalidSessionId()
      const rec = await findSession(tx, id)
      if (!rec) throw sessionErrors.accessDenied()
      return rec
    }
    const chatId = positiveInt(q.chatId)
    const rec = chatId === null ? null : await lastSessionOfChat(tx, chatId)
    if (!rec) throw sessionErrors.invalidSessionId()
    return rec
  }

  /** imopenlines.session.history.get */
  async function historyGet(tx: Executor, actor: Actor, q: { sessionId?: unknown; chatId?: unknown }) {
    const rec = await historySession(tx, q)
    const chat = await findChat(tx, rec.chatId)
    if (!chat || !(await canWork(d.lines, tx, chat.id, rec.state.lineId, actor))) throw sessionErrors.accessDenied()
    const role = await roleOn(d.lines, tx, rec.state.lineId, actor)
    const members = await membersWithNames(tx, chat.id)
    const memberIds = members.map((m) => m.user_id)
    const messages = await sessionMessages(tx, chat.id, rec.id, HISTORY_LIMIT)
    const files = await filesOfMessages(tx, chat.id, messages.map((m) => m.id))
    const people = await peopleByIds(tx, [...messages.map((m) => m.author_id), ...memberIds])
    const names = new Map(people.map((p) => [p.id, `${p.name} ${p.last_name}`.trim()]))
    const manager = isManager(role)
    const canJoin = role !== null && !memberIds.includes(actor.userId) && rec.state.status !== 'closed'
    const silentMember = members.some((m) => m.user_id === actor.userId && m.silent)
    return {
      chatId: chat.id,
      canJoin: canJoin ? 'Y' : 'N',
      canVoteHead: manager ? 'Y' : 'N',
      sessionId: rec.id,
      sessionVoteHead: rec.voteHead ?? 0,
      sessionCommentHead: rec.commentHead,
      // Not on Bitrix24's page, added beside its sessionVoteHead: the customer's rating of the session as Bitrix24
      // stores it (5 like, 1 dislike, 0 none yet), and whether the caller joined it silently (session.join SILENT=Y).
      sessionVote: rec.state.vote ?? 0,
      joinedSilently: silentMember ? 'Y' : 'N',
      userId: `chat${chat.id}`,
      message: Object.fromEntries(messages.map((m) => [String(m.id), historyMessage(m, files.filter((f) => f.message_id === m.id))])),
      usersMessage: { [`chat${chat.id}`]: messages.map((m) => String(m.id)) },
      users: Object.fromEntries(people.map((p) => [String(p.id), historyUser(p)])),
      openlines: { canvoteashead: { [String(rec.state.lineId)]: manager } },
      ...groups(people),
      chat: { [String(chat.id)]: historyChat(chat, sessionView(rec), memberIds) },
      userBlockChat: { [String(chat.id)]: Object.fromEntries(memberIds.map((id) => [String(id), false])) },
      userInChat: { [String(chat.id)]: memberIds },
      files: files.length ? Object.fromEntries(files.map((f) => [String(f.id), historyFile(f, names.get(f.author_id) ?? '')])) : [],
    }
  }

  return { dialogGet, historyGet }
}

/** userInGroup (users by department, or an empty array) and woUserInGroup. */
function groups(people: Array<{ id: number; departments: number[] }>) {
  const byDept = new Map<number, string[]>()
  for (const p of people) for (const dept of p.departments) byDept.set(dept, [...(byDept.get(dept) ?? []), String(p.id)])
  const userInGroup = byDept.size ? Object.fromEntries([...byDept].map(([id, users]) => [String(id), { id, users }])) : []
  return { userInGroup, woUserInGroup: [] as number[] }
}
