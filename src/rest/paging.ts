import { ListPage } from './define-method.js'

/** Bitrix24 list pages hold 50 items. */
export const PAGE_SIZE = 50

export interface PageRequest {
  offset: number
  limit: number
  /** false for `start=-1`: the caller asked to skip the count (huge-data.md). */
  withTotal: boolean
}

export function pageRequest(start: number): PageRequest {
  if (start === -1) return { offset: 0, limit: PAGE_SIZE, withTotal: false }
  return { offset: Math.max(0, start), limit: PAGE_SIZE, withTotal: true }
}

/** Shapes one page; `next` is the offset of the following page when there is one. */
export function toPage<T>(items: T[], total: number | null, req: PageRequest): ListPage<T> {
  if (!req.withTotal || total === null) return new ListPage(items, null, null)
  const next = req.offset + items.length < total ? req.offset + req.limit : null
  return new ListPage(items, total, next)
}
