/** Paths under /console, kept in the address bar (the server answers every one with the app). */
import { useEffect, useState } from 'preact/hooks'

const BASE = '/console'
const listeners = new Set<() => void>()

export function currentPath(): string {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '/'
  return p === '' ? '/' : p
}

export function navigate(path: string, replace = false): void {
  const url = `${BASE}${path}`
  if (replace) history.replaceState(null, '', url)
  else history.pushState(null, '', url)
  for (const l of listeners) l()
}

window.addEventListener('popstate', () => {
  for (const l of listeners) l()
})

export function usePath(): string {
  const [path, setPath] = useState(currentPath())
  useEffect(() => {
    const l = () => setPath(currentPath())
    listeners.add(l)
    return () => void listeners.delete(l)
  }, [])
  return path
}

/** An anchor that moves inside the app without reloading it (a modified click still opens a new tab). */
export function linkHandler(path: string) {
  return (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    e.preventDefault()
    navigate(path)
  }
}

export const href = (path: string) => `${BASE}${path}`
