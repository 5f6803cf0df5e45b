/** The operator's workspace: dialogue lists on the left, the open dialogue on the right. */
import { useEffect, useState } from 'preact/hooks'
import { DialogueView } from '../dialogue/dialogue-view.js'
import { myId } from '../session.js'
import { useStore } from '../store.js'
import { ErrorText, Spinner } from '../ui.js'
import { DialogueList } from './dialogue-list.js'
import { dialogues, useDialoguesFeed } from './dialogues-store.js'
import { kindOf, type ListKind, type RecentItem } from './types.js'

const TABS: Array<{ kind: ListKind; title: string; empty: string }> = [
  { kind: 'queue', title: 'Queue', empty: 'No dialogues wait for you.' },
  { kind: 'mine', title: 'Mine', empty: 'You have no open dialogues.' },
  { kind: 'all', title: 'Others', empty: 'No dialogues of other operators here.' },
  { kind: 'closed', title: 'Closed', empty: 'No closed dialogues yet.' },
]

export function Workspace({ path }: { path: string }) {
  const m = /^\/chat\/(\d+)/.exec(path)
  const openId = m ? Number(m[1]) : 0
  const state = useStore(dialogues)
  useEffect(() => useDialoguesFeed(), [])
  const me = myId()
  const byKind = new Map<ListKind, RecentItem[]>(TABS.map((t) => [t.kind, []]))
  for (const item of state.items) {
    const kind = kindOf(item, me)
    if (kind) byKind.get(kind)?.push(item)
  }
  const [tab, setTab] = useState<ListKind>('mine')
  const firstShown = TABS.find((t) => t.kind === tab) ?? TABS[1]
  const unread = (k: ListKind) => (byKind.get(k) ?? []).length
  return (
    <div class={`workspace ${openId ? 'has-open' : ''}`}>
      <section class="lists" aria-label="Dialogues">
        <div class="tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.kind} role="tab" type="button" aria-selected={tab === t.kind} data-tab={t.kind} onClick={() => setTab(t.kind)}>
              {t.title} {t.kind !== 'closed' ? <span class="count">{unread(t.kind)}</span> : null}
            </button>
          ))}
        </div>
        {state.loading ? <p class="empty"><Spinner /> Loading dialogues…</p> : null}
        <ErrorText error={state.error} />
        <DialogueList items={byKind.get(firstShown.kind) ?? []} openId={openId} empty={firstShown.empty} />
      </section>
      <section class="pane" aria-label="Dialogue">
        {openId ? <DialogueView key={openId} chatId={openId} /> : <p class="empty">Choose a dialogue.</p>}
      </section>
    </div>
  )
}
