/** Pieces the administration screens share: loading a list, a labelled field, a section, a confirmation step. */
import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useState } from 'preact/hooks'
import { callList } from '../api.js'
import { Button, ErrorText, Spinner } from '../ui.js'

/** Loads something once and on reload(), with its progress and error. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(null)
  const reload = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      setData(await load())
    } catch (err) {
      setError(err)
    } finally {
      setLoading(false)
    }
  }, deps)
  useEffect(() => {
    void reload()
  }, [reload])
  return { data, loading, error, reload }
}

/** Every page of a paged list method (Bitrix pages of 50), for the small lists an administrator manages. */
export async function allPages<T>(method: string, params: Record<string, unknown> = {}, limit = 2000): Promise<T[]> {
  const items: T[] = []
  let start: number | undefined = 0
  while (start !== undefined && items.length < limit) {
    const page: Awaited<ReturnType<typeof callList<T>>> = await callList<T>(method, { ...params, start })
    items.push(...page.items)
    start = page.next
  }
  return items
}

export function Loading({ loading, error, onRetry }: { loading: boolean; error: unknown; onRetry?: () => void }) {
  if (loading) return <p class="adm-status" role="status"><Spinner /> Loading…</p>
  if (!error) return null
  return (
    <div class="adm-status">
      <ErrorText error={error} />
      {onRetry ? <Button onClick={onRetry}>Try again</Button> : null}
    </div>
  )
}

export function Field({ label, hint, children }: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class="adm-field">
      <span class="adm-label">{label}</span>
      {children}
      {hint ? <small class="adm-hint">{hint}</small> : null}
    </label>
  )
}

export function Check({ label, checked, onChange, name }: { label: string; checked: boolean; onChange: (v: boolean) => void; name?: string }) {
  return (
    <label class="adm-check">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      <span>{label}</span>
    </label>
  )
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <fieldset class="adm-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  )
}

export function Screen({ title, actions, children }: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="adm">
      <header class="adm-head">
        <h1>{title}</h1>
        <div class="adm-actions">{actions}</div>
      </header>
      {children}
    </section>
  )
}

/** A short message after an action succeeded, read out by screen readers. */
export function Done({ text }: { text: string }) {
  return text ? <p class="adm-done" role="status">{text}</p> : null
}

/** A destructive button that asks once more in place (no blocking dialog). */
export function ConfirmButton({ label, confirm, busy, onConfirm }: { label: string; confirm: string; busy: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false)
  if (!asking) return <Button class="danger" busy={busy} onClick={() => setAsking(true)}>{label}</Button>
  return (
    <span class="adm-confirm" role="group" aria-label={confirm}>
      <span>{confirm}</span>
      <Button class="danger" autoFocus onClick={() => { setAsking(false); onConfirm() }}>Yes</Button>
      <Button onClick={() => setAsking(false)}>No</Button>
    </span>
  )
}

export const yn = (v: unknown) => v === 'Y' || v === true
export const toYN = (v: boolean) => (v ? 'Y' : 'N')
