/** A supervisor's rating of a session (imopenlines.session.head.vote), 1 to 5 stars. */
import { useState } from 'preact/hooks'
import { call } from '../api.js'
import { ErrorText, Spinner, useAction } from '../ui.js'

export function HeadVote({ sessionId, given }: { sessionId: number; given: number }) {
  const [rating, setRating] = useState(given)
  const vote = useAction(async (r: number) => {
    await call('imopenlines.session.head.vote', { SESSION_ID: sessionId, RATING: r })
    setRating(r)
  })
  return (
    <span class="head-vote" role="group" aria-label="Supervisor's rating">
      {[1, 2, 3, 4, 5].map((r) => (
        <button key={r} type="button" class={r <= rating ? 'star on' : 'star'} disabled={vote.busy} aria-label={`${r} of 5`} aria-pressed={r === rating} onClick={() => void vote.run(r)}>★</button>
      ))}
      {vote.busy ? <Spinner /> : null}
      <ErrorText error={vote.error} />
    </span>
  )
}
