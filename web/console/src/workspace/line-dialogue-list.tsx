/** A supervisor's view of their lines' open dialogues: line, state, operator. */
import { href, linkHandler } from '../router.js'
import { useStore } from '../store.js'
import { nameOf, userNames } from '../user-names.js'
import type { LineDialogue } from './line-dialogues-store.js'

const STATES: Record<string, string> = { new: 'New', bot: 'With bot', waiting: 'Waiting', offered: 'Offered', answered: 'In work', closing: 'Closing' }

export function LineDialogueList({ items, lines, openId }: { items: LineDialogue[]; lines: Array<{ id: number; name: string }>; openId: number }) {
  const names = useStore(userNames)
  if (!items.length) return <p class="empty">No open dialogues on your lines.</p>
  const lineName = new Map(lines.map((l) => [l.id, l.name]))
  return (
    <ul class="dialogues" role="list">
      {items.map((d) => {
        const path = `/chat/${d.CHAT_ID}`
        return (
          <li key={d.SESSION_ID}>
            <a href={href(path)} onClick={linkHandler(path)} aria-current={openId === d.CHAT_ID ? 'page' : undefined} data-chat={d.CHAT_ID}>
              <span class="avatar" style={{ background: '#6b7785' }} aria-hidden="true">{d.TITLE.slice(0, 1).toUpperCase()}</span>
              <span class="title">{d.TITLE}</span>
              <span class={`state ${d.STATUS}`}>{STATES[d.STATUS] ?? d.STATUS}</span>
              <span class="last">{lineName.get(d.LINE_ID) ?? `Line ${d.LINE_ID}`}{d.OPERATOR_ID ? ` · operator ${nameOf(names, d.OPERATOR_ID)}` : ''}{d.WAIT_ANSWER === 'Y' ? ' · customer waits' : ''}</span>
            </a>
          </li>
        )
      })}
    </ul>
  )
}
