/**
 * A supervisor's ways into a dialogue they are not in: join (the customer is
 * told), join silently (imopenlines.session.join SILENT=Y: the customer is not
 * told and does not see what they write), and, once in silently, join visibly.
 */
import { Act } from './act.js'

export interface JoinState { canJoin: 'Y' | 'N'; joinedSilently?: 'Y' | 'N' }

export function SupervisorJoin({ chatId, sup, onDone }: { chatId: number; sup: JoinState; onDone: () => void }) {
  const chat = { CHAT_ID: chatId }
  if (sup.joinedSilently === 'Y') {
    return (
      <>
        <span class="silent-note" role="status">You joined silently: the customer does not see your messages.</span>
        <Act label="Join visibly" method="imopenlines.session.join" params={chat} onDone={onDone} hint="Tell the customer you joined; your messages reach them from now on" />
      </>
    )
  }
  if (sup.canJoin !== 'Y') return null
  return (
    <>
      <Act label="Join" method="imopenlines.session.join" params={chat} onDone={onDone} hint="Join as a supervisor (the customer is told)" />
      <Act label="Join silently" method="imopenlines.session.join" params={{ ...chat, SILENT: 'Y' }} action="join-silently" onDone={onDone} hint="Listen in: the customer is not told and does not see what you write" />
    </>
  )
}
