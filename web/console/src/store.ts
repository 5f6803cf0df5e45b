/** A tiny observable value for state shared between screens. */
import { useEffect, useState } from 'preact/hooks'

export interface Store<T> {
  get(): T
  set(next: T | ((prev: T) => T)): void
  subscribe(fn: (v: T) => void): () => void
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial
  const subs = new Set<(v: T) => void>()
  return {
    get: () => value,
    set(next) {
      value = typeof next === 'function' ? (next as (prev: T) => T)(value) : next
      for (const s of subs) s(value)
    },
    subscribe(fn) {
      subs.add(fn)
      return () => void subs.delete(fn)
    },
  }
}

export function useStore<T>(store: Store<T>): T {
  const [v, setV] = useState(store.get())
  useEffect(() => {
    setV(store.get())
    return store.subscribe(setV)
  }, [store])
  return v
}
