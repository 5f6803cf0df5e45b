/** One dialogue action: a button that calls a REST method, showing its own progress and error. */
import { call } from '../api.js'
import { Button, ErrorText, useAction } from '../ui.js'

/** `action`: the button's data-action when it is not the method (shortcuts press buttons by it). */
export function Act({ label, method, params, onDone, hint, keys, action }: { label: string; method: string; params: object; onDone: () => void; hint?: string; keys?: string; action?: string }) {
  const act = useAction(async () => {
    await call(method, params)
    onDone()
  })
  return (
    <span class="act">
      <Button busy={act.busy} onClick={() => void act.run()} title={hint} aria-keyshortcuts={keys} data-action={action ?? method}>{label}</Button>
      <ErrorText error={act.error} />
    </span>
  )
}
