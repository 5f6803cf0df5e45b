/** Failed event deliveries (openlines.event.delivery.*): inspect the attempts, replay one or all. */
import { useState } from 'preact/hooks'
import { call, callList } from '../api.js'
import { Button, ErrorText, useAction } from '../ui.js'
import { Done, Loading, Screen, useLoad } from './common.js'

interface Delivery {
  ID: number
  EVENT: string
  APP_ID: number | null
  URL: string
  STATE: string
  ATTEMPTS: number
  LAST_STATUS: number | null
  LAST_ERROR: string | null
  DATE_CREATE: string
}

interface Attempt {
  ATTEMPT: number
  DATE: string
  DURATION_MS: number
  STATUS: number | null
  ERROR: string | null
}

const STATES = ['failed', 'pending', 'waiting', 'delivered']

export function DeliveriesScreen() {
  const [state, setState] = useState('failed')
  const [start, setStart] = useState(0)
  const page = useLoad(() => callList<Delivery>('openlines.event.delivery.list', { FILTER: { STATE: state }, start }), [state, start])
  const [done, setDone] = useState('')
  const replayAll = useAction(async () => {
    const n = await call<number | { COUNT?: number }>('openlines.event.delivery.replay', { ALL: 'Y' })
    setDone(`Queued ${typeof n === 'number' ? n : (n.COUNT ?? 0)} deliveries again.`)
    await page.reload()
  })
  return (
    <Screen
      title="Event deliveries"
      actions={
        <>
          <label class="adm-check">
            <span>Show</span>
            <select name="state" value={state} onChange={(e) => { setStart(0); setState(e.currentTarget.value) }}>
              {STATES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <Button busy={page.loading} onClick={() => void page.reload()}>Refresh</Button>
          {state === 'failed' ? <Button class="primary" busy={replayAll.busy} onClick={() => void replayAll.run()}>Replay all failed</Button> : null}
        </>
      }
    >
      <ErrorText error={replayAll.error} />
      <Done text={done} />
      <Loading loading={page.loading} error={page.error} onRetry={() => void page.reload()} />
      {page.data && page.data.items.length === 0 ? <p class="empty">No {state} deliveries.</p> : null}
      <table class="adm-table" aria-label="Deliveries">
        <thead><tr><th>ID</th><th>Event</th><th>App</th><th>Handler</th><th>Tries</th><th>Last result</th><th>Actions</th></tr></thead>
        <tbody>{(page.data?.items ?? []).map((d) => <DeliveryLine key={d.ID} d={d} onReplayed={() => void page.reload()} />)}</tbody>
      </table>
      <div class="adm-actions">
        {start > 0 ? <Button onClick={() => setStart(Math.max(0, start - 50))}>Previous page</Button> : null}
        {page.data?.next !== undefined ? <Button onClick={() => setStart(page.data?.next ?? 0)}>Next page</Button> : null}
        {page.data ? <span class="adm-muted">{page.data.total} in all</span> : null}
      </div>
    </Screen>
  )
}

function DeliveryLine({ d, onReplayed }: { d: Delivery; onReplayed: () => void }) {
  const [attempts, setAttempts] = useState<Attempt[] | null>(null)
  const inspect = useAction(async () => setAttempts((await call<{ ATTEMPT_LIST: Attempt[] }>('openlines.event.delivery.get', { ID: d.ID })).ATTEMPT_LIST))
  const replay = useAction(async () => {
    await call('openlines.event.delivery.replay', { ID: d.ID })
    onReplayed()
  })
  return (
    <tr>
      <td data-label="ID" class="num">{d.ID}</td>
      <td data-label="Event">{d.EVENT}<br /><small class="adm-muted">{d.DATE_CREATE}</small></td>
      <td data-label="App">{d.APP_ID ?? '—'}</td>
      <td data-label="Handler"><code>{d.URL}</code></td>
      <td data-label="Tries" class="num">{d.ATTEMPTS}</td>
      <td data-label="Last result">
        {d.LAST_STATUS ?? ''} {d.LAST_ERROR ?? ''}
        {attempts ? (
          <ol>
            {attempts.map((a) => <li key={a.ATTEMPT}>{a.DATE}: {a.STATUS ?? '—'} {a.ERROR ?? ''} ({a.DURATION_MS} ms)</li>)}
          </ol>
        ) : null}
      </td>
      <td data-label="Actions">
        <span class="adm-actions">
          {!attempts ? <Button busy={inspect.busy} onClick={() => void inspect.run()}>Attempts</Button> : null}
          {d.STATE === 'failed' ? <Button class="primary" busy={replay.busy} onClick={() => void replay.run()}>Replay</Button> : null}
        </span>
        <ErrorText error={inspect.error ?? replay.error} />
      </td>
    </tr>
  )
}
