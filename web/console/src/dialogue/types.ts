/** Message, user and file shapes of im.dialog.messages.get (the fields the console reads). */

export interface Message {
  id: number
  chat_id: number
  author_id: number
  date: string
  text: string
  unread: boolean
  params: Record<string, unknown> | unknown[]
}

export interface ImUser {
  id: number
  name: string
  color: string
  avatar: string
  connector: boolean
  bot: boolean
  extranet: boolean
}

export interface ImFile {
  id: number
  name: string
  type: string
  size: number
  image: { width: number; height: number } | false
  urlPreview: string
  urlShow: string
  urlDownload: string
}

export interface MessagesPage {
  chat_id: number
  messages: Message[]
  users: ImUser[]
  files: ImFile[]
}

export interface DialogInfo {
  id: number
  name: string
  owner: number
  role: 'owner' | 'manager' | 'member' | 'guest'
  counter: number
  entity_id: string
  entity_data_1: string
  entity_data_2: string
  manager_list: number[]
  last_message_id: number
}

/** ENTITY_DATA_1: CRM flag | type | id | pinned | silent | SESSION_ID | … */
export function sessionFlags(d: DialogInfo) {
  const f = d.entity_data_1.split('|')
  return { crm: f[0] === 'Y', crmType: f[1] ?? 'NONE', crmId: Number(f[2] ?? 0), pinned: f[3] === 'Y', silent: f[4] === 'Y', sessionId: Number(f[5] ?? 0) }
}

export function fileIds(m: Message): number[] {
  if (Array.isArray(m.params)) return []
  const ids = m.params.FILE_ID
  return Array.isArray(ids) ? ids.map(Number) : []
}
