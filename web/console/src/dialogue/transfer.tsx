/** Picks whom to transfer a dialogue to: an operator (user.search) or another line (imopenlines.config.list.get). */
import { useEffect, useRef, useState } from 'preact/hooks'
import { call, callList } from '../api.js'
import { Button, ErrorText, Spinner, useAction } from '../ui.js'

interface UserHit { ID: string; NAME: string; LAST_NAME: string; EMAIL: string }
interface LineHit { ID: string; LINE_NAME: string }

export function TransferDialog({ chatId, onDone, onClose }: { chatId: number; onDone: () => void; onClose: () => void }) {
  const [find, setFind] = useState('')
  const [users, setUsers] = useState<UserHit[]>([])
  const [lines, setLines] = useState<LineHit[]>([])
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const box = useRef<HTMLInputElement>(null)
  useEffect(() => box.current?.focus(), [])
  useEffect(() => {
    callList<LineHit>('imopenlines.config.list.get', { PARAMS: { select: ['ID', 'LINE_NAME'] } }).then((p) => setLines(p.items), setError)
  }, [])
  useEffect(() => {
    let live = true
    setLoading(true)
    const t = setTimeout(() => {
      const params = find.trim() ? { FIND: find.trim() } : {}
      callList<UserHit>('user.search', params).then((p) => live && setUsers(p.items), (e) => live && setError(e)).finally(() => live && setLoading(false))
    }, 200)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [find])
  const transfer = useAction(async (target: string) => {
    await call('imopenlines.operator.transfer', { CHAT_ID: chatId, TRANSFER_ID: target })
    onDone()
  })
  const q = find.trim().toLowerCase()
  const shownLines = lines.filter((l) => !q || l.LINE_NAME.toLowerCase().includes(q))
  return (
    <div class="modal" role="dialog" aria-modal="true" aria-label="Transfer the dialogue" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div class="card">
        <h3>Transfer to…</h3>
        <input ref={box} type="search" placeholder="Operator or line name" value={find} onInput={(e) => setFind(e.currentTarget.value)} aria-label="Find an operator or a line" />
        {loading ? <Spinner /> : null}
        <ErrorText error={error ?? transfer.error} />
        <h4>Operators</h4>
        <ul class="pick">
          {users.map((u) => (
            <li key={u.ID}><Button busy={transfer.busy} data-user={u.ID} onClick={() => void transfer.run(u.ID)}>{`${u.NAME} ${u.LAST_NAME}`.trim() || u.EMAIL}</Button></li>
          ))}
        </ul>
        <h4>Lines</h4>
        <ul class="pick">
          {shownLines.map((l) => (
            <li key={l.ID}><Button busy={transfer.busy} data-line={l.ID} onClick={() => void transfer.run(`queue${l.ID}`)}>{l.LINE_NAME}</Button></li>
          ))}
        </ul>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </div>
  )
}
