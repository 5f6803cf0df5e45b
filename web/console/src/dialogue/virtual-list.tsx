/**
 * A bottom-anchored list that renders only the rows near the viewport.
 * Row heights are estimated until measured; measured heights are kept per
 * key, and the scroll position is corrected when rows above the viewport
 * change height or older rows are prepended, so the view never jumps.
 */
import type { ComponentChildren } from 'preact'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'

interface Props<T> {
  items: T[]
  keyOf: (item: T) => number
  render: (item: T) => ComponentChildren
  onNearTop?: () => void
  estimate?: number
  header?: ComponentChildren
}

const OVERSCAN = 600
const STICK = 48

export function VirtualList<T>({ items, keyOf, render, onNearTop, estimate = 64, header }: Props<T>) {
  const box = useRef<HTMLDivElement>(null)
  const heights = useRef(new Map<number, number>())
  const [view, setView] = useState({ top: 0, height: 600 })
  const stuck = useRef(true)
  const prevFirst = useRef<number | null>(null)
  const prevTotal = useRef(0)
  const [, force] = useState(0)

  const n = items.length
  const offsets = new Float64Array(n + 1)
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + (heights.current.get(keyOf(items[i])) ?? estimate)
  const total = offsets[n]

  // First row whose bottom is below the window's top, by binary search.
  const from = Math.max(0, view.top - OVERSCAN)
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (offsets[mid + 1] <= from) lo = mid + 1
    else hi = mid
  }
  const start = lo
  let end = start
  const to = view.top + view.height + OVERSCAN
  while (end < n && offsets[end] < to) end++

  useLayoutEffect(() => {
    const el = box.current
    if (!el) return
    const first = n ? keyOf(items[0]) : null
    // Older rows arrived above: keep what the reader looks at in place.
    if (prevFirst.current !== null && first !== prevFirst.current && !stuck.current) el.scrollTop += total - prevTotal.current
    prevFirst.current = first
    // Measure the rows on screen; rows above the viewport that changed height move the view by as much.
    let shift = 0
    let changed = false
    for (const row of Array.from(el.querySelectorAll<HTMLElement>('[data-row]'))) {
      const key = Number(row.dataset.row)
      const h = row.offsetHeight
      const old = heights.current.get(key) ?? estimate
      if (h !== old) {
        heights.current.set(key, h)
        changed = true
        if (row.offsetTop + old <= el.scrollTop) shift += h - old
      }
    }
    if (shift && !stuck.current) el.scrollTop += shift
    if (stuck.current) el.scrollTop = el.scrollHeight
    prevTotal.current = changed ? total + shift : total
    if (changed) force((x) => x + 1)
  })

  useLayoutEffect(() => {
    const el = box.current
    if (!el) return
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight })
    const ro = new ResizeObserver(measure)
    ro.observe(el)
    measure()
    return () => ro.disconnect()
  }, [])

  const onScroll = () => {
    const el = box.current
    if (!el) return
    stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK
    setView({ top: el.scrollTop, height: el.clientHeight })
    if (el.scrollTop < OVERSCAN && onNearTop) onNearTop()
  }

  return (
    <div class="vlist" ref={box} onScroll={onScroll} tabIndex={0} role="log" aria-live="polite" aria-label="Messages">
      {header}
      <div class="vlist-body" style={{ height: `${total}px` }}>
        {items.slice(start, end).map((item, i) => (
          <div key={keyOf(item)} data-row={keyOf(item)} class="vrow" style={{ top: `${offsets[start + i]}px` }}>
            {render(item)}
          </div>
        ))}
      </div>
    </div>
  )
}
