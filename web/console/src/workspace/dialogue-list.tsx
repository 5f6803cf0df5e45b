/** One list of dialogues (queue, mine, closed, all): title, last message, unread count. */
import { href, linkHandler } from '../router.js'
import { plainText } from '../text/bbcode.js'
import type { RecentItem } from './types.js'

function when(date: string): string {
  const d = new Date(date)
  if (Number.isNaN(d.getTime())) return ''
  const today = new Date().toDateString() === d.toDateString()
  return today ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString()
}

export function DialogueList({ items, openId, empty }: { items: RecentItem[]; openId: number; empty: string }) {
  if (!items.length) return <p class="empty">{empty}</p>
  return (
    <ul class="dialogues" role="list">
      {items.map((item) => {
        const path = `/chat/${item.chat_id}`
        const last = item.message ? plainText(item.message.text) || (item.message.file ? 'File' : '') : ''
        return (
          <li key={item.chat_id}>
            <a href={href(path)} onClick={linkHandler(path)} aria-current={openId === item.chat_id ? 'page' : undefined} data-chat={item.chat_id}>
              <span class="avatar" style={{ background: item.chat.color || '#888' }} aria-hidden="true">{item.title.slice(0, 1).toUpperCase()}</span>
              <span class="title">{item.pinned ? '📌 ' : ''}{item.title}</span>
              <span class="time">{item.message ? when(item.message.date) : when(item.date_update)}</span>
              <span class="last">{last}</span>
              {item.counter > 0 ? <span class="unread" aria-label={`${item.counter} unread`}>{item.counter}</span> : null}
            </a>
          </li>
        )
      })}
    </ul>
  )
}
