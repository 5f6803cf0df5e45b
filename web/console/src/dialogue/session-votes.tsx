/**
 * The session's ratings: the customer's like or dislike (given after the
 * dialogue closed) and the supervisor's 1-5, from session.history.get's
 * sessionVote and sessionVoteHead. Read again when a rating arrives in the
 * chat (its VOTE_LIKE / VOTE_DISLIKE message), so it shows live.
 */
import { useEffect, useMemo, useState } from 'preact/hooks'
import { call } from '../api.js'
import type { Message } from './types.js'
import './attach.css'

interface Votes { sessionId: number; sessionVote: number; sessionVoteHead: number; sessionCommentHead: string | null; canVoteHead: 'Y' | 'N' }

const VOTE_CODES = new Set(['VOTE_LIKE', 'VOTE_DISLIKE'])

/** The id of the chat's latest rating message, so the view reads the ratings again when one comes. */
export function useVoteMark(messages: Message[]): number {
  return useMemo(() => {
    for (let i = messages.length - 1; i >= 0; i--) {
      const p = messages[i].params
      if (!Array.isArray(p) && VOTE_CODES.has(String(p.CODE ?? ''))) return messages[i].id
    }
    return 0
  }, [messages])
}

export function SessionVotes({ chatId, mark }: { chatId: number; mark: number }) {
  const [v, setV] = useState<Votes | null>(null)
  useEffect(() => {
    let live = true
    call<Votes>('imopenlines.session.history.get', { CHAT_ID: chatId }).then((r) => live && setV(r), () => live && setV(null))
    return () => {
      live = false
    }
  }, [chatId, mark])
  if (!v) return null
  // A supervisor rates in the toolbar; here the others see that rating.
  const head = v.canVoteHead === 'N' && v.sessionVoteHead > 0
  if (!v.sessionVote && !head) return null
  return (
    <div class="session-votes" aria-label="Ratings of this dialogue">
      {v.sessionVote ? (
        <span class={v.sessionVote >= 3 ? 'vote-like' : 'vote-dislike'} data-vote={v.sessionVote >= 3 ? 'like' : 'dislike'}>
          Customer's rating: {v.sessionVote >= 3 ? '👍 liked' : '👎 disliked'}
        </span>
      ) : null}
      {head ? (
        <span data-vote-head={v.sessionVoteHead}>
          Supervisor's rating: <span class="stars" aria-label={`${v.sessionVoteHead} of 5`}>{'★'.repeat(v.sessionVoteHead)}{'☆'.repeat(5 - v.sessionVoteHead)}</span>
          {v.sessionCommentHead ? ` “${v.sessionCommentHead}”` : ''}
        </span>
      ) : null}
    </div>
  )
}
