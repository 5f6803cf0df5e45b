import { toBitrixDate } from '../platform/dates.js'
import type { ChatRow } from './chats.repo.js'

/** The slice of a session a chat's view shows (the sessions domain fills it in). */
export interface SessionView {
  id: number
  operatorId: number | null
  pinned: boolean
  silent: boolean
  createdAt: Date
  /** Bitrix24's numeric session status (0 new … 60 closed, 65 spam), for im.recent.list. */
  statusCode: number
}

const RESTRICTIONS = { avatar: true, rename: true, extend: true, call: true, mute: true, leave: true, leave_owner: true, send: true, user_list: true }
const PERMISSIONS = { manage_users_add: 'member', manage_users_delete: 'manager', manage_ui: 'member', manage_settings: 'owner', manage_messages: 'member', can_post: 'member' }

type CrmBound = Pick<ChatRow, 'crm_lead_id' | 'crm_deal_id' | 'crm_contact_id' | 'crm_company_id'>

/** The object a chat is mainly about: a deal, else a lead, else the contact, else the company. */
function crmMain(c: CrmBound): [string, number] {
  if (c.crm_deal_id > 0) return ['DEAL', c.crm_deal_id]
  if (c.crm_lead_id > 0) return ['LEAD', c.crm_lead_id]
  if (c.crm_contact_id > 0) return ['CONTACT', c.crm_contact_id]
  if (c.crm_company_id > 0) return ['COMPANY', c.crm_company_id]
  return ['NONE', 0]
}

/**
 * ENTITY_DATA_1 as Bitrix24 writes it: CRM flag | CRM entity type | CRM
 * entity id | pinned | silent | SESSION_ID | session start (unix) | 0 | 0 | 0.
 * The session id is the sixth field, as session.history.get's page says.
 */
export function entityData1(s: SessionView | null, c: CrmBound): string {
  const [type, id] = crmMain(c)
  const crm = `${id > 0 ? 'Y' : 'N'}|${type}|${id}`
  if (!s) return `${crm}|N|N|0|0|0|0|0`
  return `${crm}|${s.pinned ? 'Y' : 'N'}|${s.silent ? 'Y' : 'N'}|${s.id}|${Math.floor(s.createdAt.getTime() / 1000)}|0|0|0`
}

/** ENTITY_DATA_2: every CRM object the chat is bound to. */
export function entityData2(c: CrmBound): string {
  return `LEAD|${c.crm_lead_id}|COMPANY|${c.crm_company_id}|CONTACT|${c.crm_contact_id}|DEAL|${c.crm_deal_id}`
}

export interface ViewerState {
  userId: number
  role: 'owner' | 'manager' | 'member' | 'guest'
  counter: number
  unreadId: number
}

/** The chat object of imopenlines.dialog.get and im.recent.list (snake_case). */
export function dialogChat(chat: ChatRow, s: SessionView | null, v: ViewerState, members: Array<{ user_id: number; name: string; last_read_id: number }>) {
  return {
    id: chat.id, parent_chat_id: 0, parent_message_id: 0, name: chat.name, description: chat.description, owner: s?.operatorId ?? 0,
    extranet: false, avatar: '', color: chat.color, type: 'lines', counter: v.counter, user_counter: members.length,
    message_count: chat.message_count, unread_id: v.unreadId, restrictions: RESTRICTIONS, last_message_id: chat.last_message_id,
    last_id: chat.last_message_id, marked_id: 0, disk_folder_id: 0, entity_type: chat.entity_type, entity_id: chat.entity_id,
    entity_data_1: entityData1(s, chat), entity_data_2: entityData2(chat), entity_data_3: 'N', mute_list: [],
    date_create: toBitrixDate(chat.created_at), message_type: 'L', public: '', role: v.role,
    entity_link: { type: 'LINES', url: '', id: chat.entity_id }, text_field_enabled: true, background_id: null, permissions: PERMISSIONS,
    is_new: false,
    readed_list: members
      .filter((m) => m.user_id !== v.userId && m.last_read_id > 0)
      .map((m) => ({ user_id: m.user_id, user_name: m.name, message_id: m.last_read_id, date: null })),
    manager_list: s?.operatorId ? [s.operatorId] : [],
    last_message_views: { message_id: chat.last_message_id, first_viewers: [], count_of_viewers: 0 },
    dialog_id: `chat${chat.id}`,
  }
}

/** The chat object of imopenlines.session.history.get (camelCase, ids as strings). */
export function historyChat(chat: ChatRow, s: SessionView | null, memberIds: number[]) {
  return {
    id: String(chat.id), parentChatId: 0, parentMessageId: 0, name: chat.name, owner: String(s?.operatorId ?? 0), color: chat.color,
    extranet: false, avatar: '', call: '0', callNumber: '', entityType: chat.entity_type, entityId: chat.entity_id,
    entityData1: entityData1(s, chat), entityData2: entityData2(chat), entityData3: '', messageCount: chat.message_count, public: '',
    muteList: Object.fromEntries(memberIds.map((id) => [String(id), false])),
    managerList: s?.operatorId ? [s.operatorId] : [], dateCreate: toBitrixDate(chat.created_at), type: 'lines',
    entityLink: { type: 'LINES', url: '', id: chat.entity_id },
    permissions: { manageUsersAdd: 'member', manageUsersDelete: 'manager', manageUi: 'member', manageSettings: 'owner', manageMessages: 'member', canPost: 'member' },
    textFieldEnabled: true, backgroundId: null, messageType: 'L', isNew: false,
  }
}

/** The chat object of an im.recent.list item. */
export function recentChat(chat: ChatRow, s: SessionView | null, role: string, userCounter: number) {
  const full = dialogChat(chat, s, { userId: 0, role: 'member', counter: 0, unreadId: 0 }, [])
  return {
    id: full.id, parent_chat_id: 0, parent_message_id: 0, name: full.name, owner: full.owner, extranet: false, contains_collaber: false,
    avatar: '', color: full.color, type: 'lines', entity_type: full.entity_type, entity_id: full.entity_id,
    entity_data_1: full.entity_data_1, entity_data_2: full.entity_data_2, entity_data_3: full.entity_data_3, mute_list: {},
    manager_list: full.manager_list, date_create: full.date_create, message_type: 'L', user_counter: userCounter,
    restrictions: RESTRICTIONS, role: role.toUpperCase(), text_field_enabled: true, background_id: null, entity_link: full.entity_link,
    permissions: PERMISSIONS, public: '',
  }
}
