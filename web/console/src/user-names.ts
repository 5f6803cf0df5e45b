/**
 * People's names by user id, read through user.get (one call for all ids not
 * yet known) and kept for the page's life: lists show operators by name.
 */
import { callList } from './api.js'
import { createStore } from './store.js'

export const userNames = createStore<ReadonlyMap<number, string>>(new Map())

interface Person {
  ID: string | number
  NAME?: string
  LAST_NAME?: string
  EMAIL?: string
}

const asked = new Set<number>()
/** user.get answers 50 people a page. */
const PAGE = 50

export const displayName = (p: Person): string => [p.NAME, p.LAST_NAME].filter(Boolean).join(' ') || p.EMAIL || `#${p.ID}`

/** Reads the names of the ids not asked for yet; a failed read is asked again next time. */
export async function loadNames(ids: number[]): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !asked.has(id))
  if (!missing.length) return
  for (const id of missing) asked.add(id)
  for (let i = 0; i < missing.length; i += PAGE) {
    const part = missing.slice(i, i + PAGE)
    try {
      const page = await callList<Person>('user.get', { FILTER: { ID: part } })
      userNames.set((prev) => {
        const next = new Map(prev)
        for (const p of page.items) next.set(Number(p.ID), displayName(p))
        return next
      })
    } catch {
      for (const id of part) asked.delete(id)
    }
  }
}

/** The person's name once known, else their id. */
export const nameOf = (names: ReadonlyMap<number, string>, id: number): string => names.get(id) ?? `#${id}`
