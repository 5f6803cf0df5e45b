import type { CrmService, CrmType } from '../crm/index.js'
import type { Actor } from '../rest/actor.js'
import {
  addMembers, canWork, findChat, findMember, linesFromDomain, lockChat, openSessionOfChat, removeMembers, type ChatRow, type Dialogues,
} from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { getUser } from '../users/index.js'
import type { CrmBinding } from './crm-binding.service.js'
import { connectorTitle, crmTypeOf, intOf, isEmpty } from './crm-chat-params.js'
import { crmChatErrors as E } from './crm-chats.errors.js'
import { bindingOf, chatsOfEntity } from './crm-chats.repo.js'

type Viewer = Awaited<ReturnType<CrmService['viewerOf']>>

export interface EntityInput { CRM_ENTITY_TYPE?: unknown; CRM_ENTITY?: unknown }
export interface UserInput extends EntityInput { USER_ID?: unknown; CHAT_ID?: unknown }
export interface MessageInput extends UserInput { MESSAGE?: unknown }

/** imopenlines.crm.chat.*, imopenlines.crm.message.add and imopenlines.crm.lead.create. */
export function createCrmChatApi(d: { crm: CrmService; binding: CrmBinding }) {
  /** Whether this viewer reads the object: 'missing' when there is none. */
  async function readable(tx: Executor, viewer: Viewer, type: CrmType, id: number): Promise<'ok' | 'missing' | 'denied'> {
    if (!(await d.crm.getEntity(tx, type, id))) return 'missing'
    try {
      await d.crm.get(tx, type, id, viewer)
      return 'ok'
    } catch {
      return 'denied'
    }
  }

  /** Another user as the CRM sees them; null when they do not exist or are not active. */
  async function viewerOfUser(tx: Executor, userId: number): Promise<Viewer | null> {
    const u = await getUser(tx, userId)
    if (!u || !u.active) return null
    return { userId, isAdmin: u.isAdmin, isEmployee: u.userType === 'employee' }
  }

  /** The chat named by CHAT_ID, which must be bound to the object; else the object's newest chat (null: none). */
  async function boundChat(tx: Executor, type: CrmType, id: number, rawChatId: unknown): Promise<ChatRow | null> {
    if (isEmpty(rawChatId)) {
      const [last] = await chatsOfEntity(tx, type, id, { activeOnly: false, limit: 1 })
      return last ? ((await lockChat(tx, last.id)) ?? null) : null
    }
    const chatId = intOf(rawChatId)
    const chat = chatId === null ? undefined : await lockChat(tx, chatId)
    if (!chat || (await bindingOf(tx, chat.id))?.[type] !== id) throw E.chatNotInCrm()
    return chat
  }

  /** CRM_ENTITY_TYPE and CRM_ENTITY as chat.get and chat.user.add check them. */
  function entityArgs(q: EntityInput): { type: CrmType | null; id: number } {
    if (isEmpty(q.CRM_ENTITY_TYPE)) throw E.argEmpty('CRM_ENTITY_TYPE')
    if (isEmpty(q.CRM_ENTITY)) throw E.argEmpty('CRM_ENTITY')
    const id = intOf(q.CRM_ENTITY)
    if (id === null) throw E.argType('CRM_ENTITY')
    return { type: crmTypeOf(q.CRM_ENTITY_TYPE), id }
  }

  async function chatGet(tx: Executor, actor: Actor, q: EntityInput & { ACTIVE_ONLY?: unknown }) {
    const { type, id } = entityArgs(q)
    if (!type) throw E.accessAction()
    const access = await readable(tx, await d.crm.viewerOf(tx, actor), type, id)
    if (access === 'denied') throw E.accessAction()
    if (access === 'missing') return []
    const activeOnly = !(typeof q.ACTIVE_ONLY === 'string' && q.ACTIVE_ONLY.trim().toUpperCase() === 'N')
    const chats = await chatsOfEntity(tx, type, id, { activeOnly })
    return chats.map((c) => ({ CHAT_ID: String(c.id), CONNECTOR_ID: c.connectorId, CONNECTOR_TITLE: connectorTitle(c.connectorId) }))
  }

  async function lastId(tx: Executor, actor: Actor, q: EntityInput): Promise<number> {
    if (isEmpty(q.CRM_ENTITY_TYPE) || isEmpty(q.CRM_ENTITY)) throw E.emptyCrmData()
    const id = intOf(q.CRM_ENTITY)
    if (id === null) throw E.argTypeBare('CRM_ENTITY')
    const type = crmTypeOf(q.CRM_ENTITY_TYPE)
    if (!type || (await readable(tx, await d.crm.viewerOf(tx, actor), type, id)) !== 'ok') throw E.crmObjectNotFound()
    const [last] = await chatsOfEntity(tx, type, id, { activeOnly: false, limit: 1 })
    if (!last) throw E.crmObjectNotFound()
    return last.id
  }

  async function userAdd(tx: Executor, actor: Actor, q: UserInput): Promise<number> {
    const { type, id } = entityArgs(q)
    if (isEmpty(q.USER_ID)) throw E.argEmpty('Empty USER_ID')
    if (!type || (await readable(tx, await d.crm.viewerOf(tx, actor), type, id)) !== 'ok') throw E.accessJoin()
    const userId = intOf(q.USER_ID)
    const viewer = userId === null ? null : await viewerOfUser(tx, userId)
    if (!viewer) throw E.userNotActive()
    if ((await readable(tx, viewer, type, id)) !== 'ok') throw E.accessUserCrm()
    const chat = await boundChat(tx, type, id, q.CHAT_ID)
    if (!chat) return 0
    if (await findMember(tx, chat.id, viewer.userId)) throw E.alreadyMember()
    await addMembers(tx, chat.id, [viewer.userId], d.binding.now())
    return chat.id
  }

  /** Removing others: the CRM object's responsible, an administrator, or the dialogue's operator. */
  async function mayRemove(tx: Executor, actor: Actor, chat: ChatRow, type: CrmType, id: number): Promise<boolean> {
    if (actor.isAdmin || (await d.crm.getEntity(tx, type, id))?.assignedById === actor.userId) return true
    return (await openSessionOfChat(tx, chat.id))?.state.operatorId === actor.userId
  }

  async function userDelete(tx: Executor, actor: Actor, q: UserInput): Promise<number> {
    if (isEmpty(q.CRM_ENTITY_TYPE) || isEmpty(q.CRM_ENTITY)) throw E.emptyCrmData()
    const id = intOf(q.CRM_ENTITY)
    if (id === null) throw E.argType('CRM_ENTITY')
    if (isEmpty(q.USER_ID)) throw E.emptyUser()
    const type = crmTypeOf(q.CRM_ENTITY_TYPE)
    if (!type || (await readable(tx, await d.crm.viewerOf(tx, actor), type, id)) !== 'ok') throw E.accessJoin()
    const chat = await boundChat(tx, type, id, q.CHAT_ID)
    if (!chat) return 0
    if (!(await mayRemove(tx, actor, chat, type, id))) throw E.deleteDenied()
    const userId = intOf(q.USER_ID)
    const user = userId === null ? null : await getUser(tx, userId)
    if (!user || !user.active) throw E.userNotActive()
    // The customer and the operator holding the dialogue stay: those leave through the dialogue's own actions.
    const holder = (await openSessionOfChat(tx, chat.id))?.state.operatorId
    if (!(await findMember(tx, chat.id, user.id)) || user.id === chat.guest_user_id || user.id === holder) throw E.notMember()
    await removeMembers(tx, chat.id, [user.id])
    return chat.id
  }

  async function messageAdd(tx: Executor, actor: Actor, q: MessageInput, im: Dialogues['im']): Promise<number> {
    for (const name of ['CRM_ENTITY_TYPE', 'CRM_ENTITY', 'USER_ID', 'CHAT_ID', 'MESSAGE'] as const) {
      if (isEmpty(q[name]) || (name === 'MESSAGE' && typeof q.MESSAGE === 'string' && q.MESSAGE.trim() === '')) throw E.argEmptyTicked(name)
    }
    const type = crmTypeOf(q.CRM_ENTITY_TYPE)
    const id = intOf(q.CRM_ENTITY)
    const userId = intOf(q.USER_ID)
    const chatId = intOf(q.CHAT_ID)
    if (!type || id === null || (await readable(tx, await d.crm.viewerOf(tx, actor), type, id)) !== 'ok') throw E.accessEntity()
    const sender = userId === null ? null : await viewerOfUser(tx, userId)
    if (!sender || (await readable(tx, sender, type, id)) !== 'ok') throw E.accessEntity()
    const chat = chatId === null ? undefined : await findChat(tx, chatId)
    if (!chat || (await bindingOf(tx, chat.id))?.[type] !== id) throw E.chatNotInCrm()
    if (!(await findMember(tx, chat.id, sender.userId))) throw E.canceled()
    const as: Actor = { ...actor, userId: sender.userId, isAdmin: sender.isAdmin }
    return im.add(tx, as, { DIALOG_ID: `chat${chat.id}`, MESSAGE: typeof q.MESSAGE === 'number' ? String(q.MESSAGE) : q.MESSAGE })
  }

  async function leadCreate(tx: Executor, actor: Actor, rawChatId: unknown): Promise<boolean> {
    const chatId = intOf(rawChatId)
    const chat = chatId === null ? undefined : await lockChat(tx, chatId)
    if (!chat) throw E.chatId()
    if (chat.type !== 'lines') throw E.chatType()
    if (!(actor.userId > 0)) throw E.userId()
    if (!(await canWork(linesFromDomain, tx, chat.id, chat.line_id, actor))) throw E.dialogAccess()
    const session = await openSessionOfChat(tx, chat.id)
    if (!session || session.state.operatorId !== actor.userId) throw E.notOperator()
    return d.binding.createLeadFor(tx, chat, session.id, actor.userId)
  }

  return { chatGet, lastId, userAdd, userDelete, messageAdd, leadCreate }
}

export type CrmChatApi = ReturnType<typeof createCrmChatApi>
