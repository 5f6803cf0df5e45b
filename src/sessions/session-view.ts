import type { SessionView } from '../chats/chat-view.js'
import type { SessionRecord } from './sessions.repo.js'

/**
 * Bitrix24's numeric session statuses (im.recent.list `lines.status`):
 * 0 new, 10 answered, 20 customer waits, 40 operator replied, 50 waiting
 * for the customer after closing, 60 closed, 65 spam.
 */
export function statusCode(rec: SessionRecord): number {
  const s = rec.state
  switch (s.status) {
    case 'new':
    case 'bot':
    case 'waiting':
    case 'offered':
      return 0
    case 'answered':
      if (s.lastOperatorAt === null && s.lastCustomerAt === null) return 10
      return s.waitAnswer ? 20 : 40
    case 'closing':
      return 50
    case 'closed':
      return s.spam ? 65 : 60
    default:
      return 0
  }
}

export function sessionView(rec: SessionRecord | null): SessionView | null {
  if (!rec) return null
  return { id: rec.id, operatorId: rec.state.operatorId, pinned: rec.state.pinned, silent: rec.state.silent, createdAt: rec.state.createdAt, statusCode: statusCode(rec) }
}
