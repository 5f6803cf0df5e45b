/** Searches the line's quick answers (openlines.quickanswers.list) and hands the chosen text to the composer. */
import { useEffect, useRef, useState } from 'preact/hooks'
import { callList } from '../api.js'
import { plainText } from '../text/bbcode.js'
import { ErrorText, Spinner } from '../ui.js'

interface QuickAnswer {
  ID: string
  TITLE: string
  TEXT: string
}

export function QuickAnswers({ lineId, onPick, onClose }: { lineId: number; onPick: (text: string) => void; onClose: () => void }) {
  const [search, setSearch] = useState('')
  const [items, setItems] = useState<QuickAnswer[]>([])
  const [busy, setBusy] = useState(true)
  const [error, setError] = useState<unknown>(null)
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  useEffect(() => {
    let live = true
    setBusy(true)
    const t = setTimeout(() => {
      callList<QuickAnswer>('openlines.quickanswers.list', { LINE_ID: lineId, ...(search ? { SEARCH: search } : {}) }).then(
        (page) => live && (setItems(page.items), setError(null), setActive(0)),
        (err) => live && setError(err),
      ).finally(() => live && setBusy(false))
    }, 200)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [lineId, search])
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose()
    else if (e.key === 'ArrowDown') (e.preventDefault(), setActive((a) => Math.min(items.length - 1, a + 1)))
    else if (e.key === 'ArrowUp') (e.preventDefault(), setActive((a) => Math.max(0, a - 1)))
    else if (e.key === 'Enter' && items[active]) (e.preventDefault(), onPick(items[active].TEXT))
  }
  return (
    <div class="popover quick" role="dialog" aria-label="Quick answers" onKeyDown={onKey}>
      <input ref={input} type="search" placeholder="Search quick answers" value={search} onInput={(e) => setSearch(e.currentTarget.value)} aria-label="Search quick answers" />
      {busy ? <Spinner /> : null}
      <ErrorText error={error} />
      <ul role="listbox">
        {items.map((a, i) => (
          <li key={a.ID} role="option" aria-selected={i === active}>
            <button type="button" onClick={() => onPick(a.TEXT)}>
              <strong>{a.TITLE}</strong> <span>{plainText(a.TEXT)}</span>
            </button>
          </li>
        ))}
      </ul>
      {!busy && !items.length ? <p class="empty">No quick answers{search ? ' match' : ' yet'}.</p> : null}
    </div>
  )
}
