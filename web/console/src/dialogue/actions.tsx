/**
 * What can be done with the dialogue, by who is looking: the offered
 * operator answers or skips; the operator transfers, finishes, marks spam,
 * pins, switches silent mode; a supervisor joins, intercepts, rates.
 * Every button shows its own progress and error.
 */
import { useEffect, useState } from 'preact/hooks'
import { call } from '../api.js'
import { navigate } from '../router.js'
import { Button } from '../ui.js'
import { Act } from './act.js'
import { HeadVote } from './head-vote.js'
import { SupervisorJoin, type JoinState } from './silent-join.js'
import { TransferDialog } from './transfer.js'
import type { DialogInfo, sessionFlags } from './types.js'

interface Props {
  info: DialogInfo
  flags: ReturnType<typeof sessionFlags>
  status: number | null
  me: number
  onDone: () => void
}

interface Supervision extends JoinState { canVoteHead: 'Y' | 'N'; sessionVoteHead: number }

export function DialogueActions({ info, flags, status, me, onDone }: Props) {
  const [transfer, setTransfer] = useState(false)
  const [sup, setSup] = useState<Supervision | null>(null)
  const chat = { CHAT_ID: info.id }
  // An offered dialogue already names its operator (evenly, strictly): offered comes first.
  const offered = status === 0 && info.role !== 'guest'
  const owner = info.owner === me && info.role !== 'guest' && !offered
  const open = status === null ? true : status < 50
  useEffect(() => {
    if (owner || offered) return setSup(null)
    call<Supervision>('imopenlines.session.history.get', { CHAT_ID: info.id }).then(setSup, () => setSup(null))
  }, [owner, offered, info.id, info.role])
  const left = () => {
    onDone()
    navigate('/')
  }
  return (
    <div class="actions" role="toolbar" aria-label="Dialogue actions">
      {offered ? (
        <>
          <Act label="Answer" method="imopenlines.operator.answer" params={chat} onDone={onDone} hint="Take the dialogue (Alt+A)" keys="Alt+A" />
          <Act label="Skip" method="imopenlines.operator.skip" params={chat} onDone={left} hint="Pass it to the next operator" />
        </>
      ) : null}
      {owner && open ? (
        <>
          <Button onClick={() => setTransfer(true)} aria-keyshortcuts="Alt+T" data-action="transfer" title="Transfer to an operator or a line (Alt+T)">Transfer</Button>
          <Act label="Finish" method="imopenlines.operator.finish" params={chat} onDone={left} hint="Close the dialogue (Alt+F)" keys="Alt+F" />
          <Act label={flags.pinned ? 'Unpin' : 'Pin'} method="imopenlines.session.mode.pin" params={{ ...chat, ACTIVATE: flags.pinned ? 'N' : 'Y' }} onDone={onDone} hint="A pinned dialogue stays yours when the customer writes again" />
          <Act label={flags.silent ? 'Silent: on' : 'Silent'} method="imopenlines.session.mode.silent" params={{ ...chat, ACTIVATE: flags.silent ? 'N' : 'Y' }} onDone={onDone} hint="Messages stay among operators" />
        </>
      ) : null}
      {(owner || offered) && open ? <Act label="Spam" method="imopenlines.operator.spam" params={chat} onDone={left} hint="Mark as spam and close" /> : null}
      {!owner && !offered && open && sup ? (
        <>
          <SupervisorJoin chatId={info.id} sup={sup} onDone={onDone} />
          <Act label="Intercept" method="imopenlines.session.intercept" params={chat} onDone={onDone} hint="Take the dialogue from its operator" />
          {info.role !== 'guest' && info.owner ? <Act label="Finish for them" method="imopenlines.operator.another.finish" params={chat} onDone={onDone} /> : null}
        </>
      ) : null}
      {sup?.canVoteHead === 'Y' && flags.sessionId ? <HeadVote sessionId={flags.sessionId} given={sup.sessionVoteHead} /> : null}
      {transfer ? <TransferDialog chatId={info.id} onClose={() => setTransfer(false)} onDone={() => (setTransfer(false), left())} /> : null}
    </div>
  )
}
