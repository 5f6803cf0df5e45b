/** An open dialogue: header with its actions, the message history, the composer and the customer's CRM card. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks'
import { call } from '../api.js'
import { href, linkHandler } from '../router.js'
import { myId } from '../session.js'
import { useStore } from '../store.js'
import { ErrorText, Spinner } from '../ui.js'
import { refreshDialogues } from '../workspace/dialogues-store.js'
import { dialogues } from '../workspace/dialogues-store.js'
import { DialogueActions } from './actions.js'
import { Composer } from './composer.js'
import { CrmCard } from './crm-card.js'
import { createHistory } from './history.js'
import { markRead, useLiveDialogue } from './live.js'
import { MessageRow } from './message-row.js'
import { useSessionHistory } from './session-history.js'
import { SessionVotes, useVoteMark } from './session-votes.js'
import { sessionFlags, type DialogInfo, type Message } from './types.js'
import { VirtualList } from './virtual-list.js'

export function DialogueView({ chatId }: { chatId: number }) {
  const [info, setInfo] = useState<DialogInfo | null>(null)
  const [infoError, setInfoError] = useState<unknown>(null)
  const history = useMemo(() => createHistory(chatId), [chatId])
  const h = useStore(history.state)
  const list = useStore(dialogues)
  const status = list.items.find((i) => i.chat_id === chatId)?.lines?.status ?? null
  const loadInfo = useCallback(() => {
    call<DialogInfo>('imopenlines.dialog.get', { CHAT_ID: chatId }).then((d) => (setInfo(d), setInfoError(null)), setInfoError)
  }, [chatId])
  const changed = useCallback(() => {
    loadInfo()
    void refreshDialogues()
  }, [loadInfo])
  useEffect(loadInfo, [loadInfo])
  const member = info !== null && info.role !== 'guest'
  useEffect(() => {
    if (member) void history.loadLatest()
  }, [member, history])
  const [version, setVersion] = useState(0)
  const typing = useLiveDialogue(chatId, history, () => (changed(), setVersion((v) => v + 1)))
  const readOnly = useSessionHistory(chatId, info !== null && !member, version)
  const voteMark = useVoteMark(member ? h.messages : readOnly.messages)
  const last = h.messages.length ? h.messages[h.messages.length - 1].id : 0
  useEffect(() => {
    if (member && last) markRead(chatId, last)
  }, [member, last, chatId])
  if (infoError) return <div class="dialogue"><ErrorText error={infoError} /><a href={href('/')} onClick={linkHandler('/')}>Back to the list</a></div>
  if (!info) return <div class="dialogue"><p class="empty"><Spinner /> Opening the dialogue…</p></div>
  const flags = sessionFlags(info)
  const lineId = Number(info.entity_id.split('|')[1] ?? 0)
  const me = myId()
  const canWrite = member && (status === null || status < 50)
  return (
    <div class="dialogue">
      <header class="dialogue-head">
        <a class="back" href={href('/')} onClick={linkHandler('/')} aria-label="Back to the list">←</a>
        <h2>{info.name}</h2>
        <DialogueActions info={info} flags={flags} status={status} me={me} onDone={changed} />
      </header>
      <SessionVotes chatId={chatId} mark={voteMark} />
      <div class="dialogue-body">
        <div class="history">
          {member ? (
            <VirtualList<Message>
              items={h.messages}
              keyOf={(m) => m.id}
              onNearTop={() => void history.loadOlder()}
              header={h.loading === 'older' ? <p class="loading-older"><Spinner /> Loading older messages…</p> : !h.hasOlder ? <p class="start">The dialogue starts here.</p> : null}
              render={(m) => <MessageRow m={m} author={h.users.get(m.author_id)} files={h.files} mine={m.author_id === me} />}
            />
          ) : (
            <>
              <p class="notice">You are not in this dialogue: join or intercept it to write.</p>
              <VirtualList<Message>
                items={readOnly.messages}
                keyOf={(m) => m.id}
                render={(m) => <MessageRow m={m} author={readOnly.users.get(m.author_id)} files={readOnly.files} mine={m.author_id === me} />}
              />
              {readOnly.loading ? <p class="empty"><Spinner /> Loading the session…</p> : null}
              <ErrorText error={readOnly.error} />
            </>
          )}
          {h.loading === 'latest' && member ? <p class="empty"><Spinner /> Loading messages…</p> : null}
          {member ? <ErrorText error={h.error} /> : null}
          <p class="typing" aria-live="polite">{typing ? 'The customer is typing…' : ''}</p>
          <Composer chatId={chatId} lineId={lineId} onSent={() => void history.loadNewer()} disabled={canWrite ? undefined : member ? 'The dialogue is closed.' : 'Join the dialogue to write.'} />
        </div>
        <CrmCard chatId={chatId} flags={flags} binding={info.entity_data_2} />
      </div>
    </div>
  )
}
