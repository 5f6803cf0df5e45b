/** The shapes of REST results the workspace reads (only the fields it uses). */

export interface RecentItem {
  chat_id: number
  title: string
  counter: number
  pinned: boolean
  date_update: string
  message: { id: number; text: string; author_id: number; date: string; file: boolean } | null
  chat: { owner: number; entity_id: string; color: string }
  lines: { id: number; status: number; date_create: string } | null
}

export type ListKind = 'queue' | 'mine' | 'closed' | 'all'

/** Bitrix24's numeric session status: 0 not yet answered, 10-40 answered, 50+ closing or closed. */
export function kindOf(item: RecentItem, meId: number): ListKind | null {
  const status = item.lines?.status
  if (status === undefined) return null
  if (status === 0) return 'queue'
  if (status < 50) return item.chat.owner === meId ? 'mine' : 'all'
  return 'closed'
}
