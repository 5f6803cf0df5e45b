/** Small pieces every screen uses: a button that shows its action's progress, an error line, a busy action hook. */
import type { ComponentChildren, JSX } from 'preact'
import { useCallback, useState } from 'preact/hooks'
import { ApiError } from './api.js'

export function Spinner() {
  return <span class="spinner" role="progressbar" aria-label="Working" />
}

type ButtonProps = JSX.HTMLAttributes<HTMLButtonElement> & { busy?: boolean; children: ComponentChildren; disabled?: boolean; type?: 'button' | 'submit' }

export function Button({ busy, children, disabled, type, ...rest }: ButtonProps) {
  return (
    <button type={type ?? 'button'} {...rest} disabled={Boolean(disabled || busy)} aria-busy={busy ? 'true' : undefined}>
      {busy ? <Spinner /> : null}
      {children}
    </button>
  )
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null
  return <p class="error" role="alert">{describe(error)}</p>
}

export function describe(error: unknown): string {
  if (error instanceof ApiError) return error.description && error.description !== error.code ? `${error.description} (${error.code})` : error.code
  return error instanceof Error ? error.message : String(error)
}

/** Runs one async action at a time, keeping whether it is running and how it failed. */
export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const run = useCallback(async (...args: A) => {
    setBusy(true)
    setError(null)
    try {
      await fn(...args)
      return true
    } catch (err) {
      setError(err)
      return false
    } finally {
      setBusy(false)
    }
  }, [fn])
  return { busy, error, run, clear: () => setError(null) }
}
