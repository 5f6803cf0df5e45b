/** The operator's workspace: dialogue lists on the left, the open dialogue on the right. */
import { useEffect, useState } from 'preact/hooks'
import { DialogueView } from '../dialogue/dialogue-view.js'
import { myId } from '../session.js'
import { useStore } from '../store.js'
import { ErrorText, Spinner } from '../ui.js'
import { DialogueList } from './dialogue-list.js'
import { dialogues, useDialoguesFeed } from './dialogues-store.js'
import { LineDialogueList } from './line-dialogue-list.js'
import { supervised, watchSupervised } from './line-dialogues-store.js'
import { kindOf, type ListKind, type RecentItem } from './types.js'

type Tab = ListKind | 'lines'

const TABS: Array<{ kind: ListKind; title: string; empty: string }> = [
  { kind: 'queue', title: 'Queue', empty: 'No dialogues wait for you.' },
  { kind: 'mine', title: 'Mine', empty: 'You have no open dialogues.' },
  { kind: 'all', title: 'Joined', empty: 'You have joined no dialogues of other operators.' },
  { kind: 'closed', title: 'Closed', empty: 'No closed dialogues yet.' },
]

export function Workspace({ path }: { path: string }) {
  const m = /^\/chat\/(\d+)/.exec(path)
  const openId = m ? Number(m[1]) : 0
  const state = useStore(dialogues)
  const sup = useStore(supervised)
  useEffect(() => useDialoguesFeed(), [])
  useEffect(() => watchSupervised(), [])
  const me = myId()
  const byKind = new Map<ListKind, RecentItem[]>(TABS.map((t) => [t.kind, []]))
  for (const item of state.items) {
    const kind = kindOf(item, me)
    if (kind) byKind.get(kind)?.push(item)
  }
  const [tab, setTab] = useState<Tab>('mine')
  const shown = TABS.find((t) => t.kind === tab) ?? TABS[1]
  const count = (k: ListKind) => (byKind.get(k) ?? []).length
  const unread = (k: ListKind) => (byKind.get(k) ?? []).reduce((n, i) => n + i.counter, 0)
  return (
    <div class={`workspace ${openId ? 'has-open' : ''}`}>
      <section class="lists" aria-label="Dialogues">
        <div class="tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.kind} role="tab" type="button" aria-selected={tab === t.kind} data-tab={t.kind} onClick={() => setTab(t.kind)}>
              {t.title} {t.kind !== 'closed' ? <span class="count">{count(t.kind)}</span> : null}
              {unread(t.kind) > 0 ? <span class="unread" aria-label={`${unread(t.kind)} unread`}>{unread(t.kind)}</span> : null}
            </button>
          ))}
          {sup.lines.length ? (
            <button role="tab" type="button" aria-selected={tab === 'lines'} data-tab="lines" onClick={() => setTab('lines')}>
              All lines <span class="count">{sup.items.length}</span>
            </button>
          ) : null}
        </div>
        {state.loading ? <p class="empty"><Spinner /> Loading dialogues…</p> : null}
        <ErrorText error={state.error} />
        {tab === 'lines' ? (
          <>
            <ErrorText error={sup.error} />
            <LineDialogueList items={sup.items} lines={sup.lines} openId={openId} />
          </>
        ) : (
          <DialogueList items={byKind.get(shown.kind) ?? []} openId={openId} empty={shown.empty} />
        )}
      </section>
      <section class="pane" aria-label="Dialogue">
        {openId ? <DialogueView key={openId} chatId={openId} /> : <p class="empty">Choose a dialogue.</p>}
      </section>
    </div>
  )
}
