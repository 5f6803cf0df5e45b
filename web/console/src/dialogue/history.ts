/**
 * One dialogue's messages, read in pages of 50 with im.dialog.messages.get:
 * the newest first, older ones as the list scrolls up, newer ones when the
 * socket says something arrived. Kept sorted by id, oldest first.
 */
import { call } from '../api.js'
import { createStore } from '../store.js'
import type { ImFile, ImUser, Message, MessagesPage } from './types.js'

const PAGE = 50

export interface HistoryState {
  messages: Message[]
  users: Map<number, ImUser>
  files: Map<number, ImFile>
  hasOlder: boolean
  loading: 'latest' | 'older' | null
  error: unknown
}

export function createHistory(chatId: number) {
  const state = createStore<HistoryState>({ messages: [], users: new Map(), files: new Map(), hasOlder: true, loading: 'latest', error: null })
  const dialogId = `chat${chatId}`
  let newerRunning: Promise<void> | null = null
  let newerAgain = false

  function merge(page: MessagesPage, where: 'older' | 'newer'): number {
    const s = state.get()
    const users = new Map(s.users)
    for (const u of page.users) users.set(u.id, u)
    const files = new Map(s.files)
    for (const f of page.files) files.set(f.id, f)
    const known = new Set(s.messages.map((m) => m.id))
    const fresh = page.messages.filter((m) => !known.has(m.id)).sort((a, b) => a.id - b.id)
    // Edits of messages already shown replace them in place.
    const edited = new Map(page.messages.filter((m) => known.has(m.id)).map((m) => [m.id, m]))
    const kept = edited.size ? s.messages.map((m) => edited.get(m.id) ?? m) : s.messages
    const messages = where === 'older' ? [...fresh, ...kept] : [...kept, ...fresh]
    state.set({ ...s, messages, users, files })
    return page.messages.length
  }

  async function guarded(kind: 'latest' | 'older', body: () => Promise<void>): Promise<void> {
    state.set((s) => ({ ...s, loading: kind, error: null }))
    try {
      await body()
      state.set((s) => ({ ...s, loading: null }))
    } catch (error) {
      state.set((s) => ({ ...s, loading: null, error }))
    }
  }

  return {
    state,
    loadLatest: () => guarded('latest', async () => {
      const page = await call<MessagesPage>('im.dialog.messages.get', { DIALOG_ID: dialogId, LIMIT: PAGE })
      const n = merge(page, 'newer')
      state.set((s) => ({ ...s, hasOlder: n >= PAGE }))
    }),
    loadOlder(): Promise<void> {
      const s = state.get()
      if (s.loading || !s.hasOlder || !s.messages.length) return Promise.resolve()
      return guarded('older', async () => {
        const page = await call<MessagesPage>('im.dialog.messages.get', { DIALOG_ID: dialogId, LAST_ID: s.messages[0].id, LIMIT: PAGE })
        const n = merge(page, 'older')
        state.set((st) => ({ ...st, hasOlder: n >= PAGE }))
      })
    },
    /** Everything after the newest message shown; calls during a read fold into one more. */
    loadNewer(): Promise<void> {
      if (newerRunning) {
        newerAgain = true
        return newerRunning
      }
      newerRunning = (async () => {
        try {
          for (let i = 0; i < 20; i++) {
            const msgs = state.get().messages
            const last = msgs.length ? msgs[msgs.length - 1].id : 0
            const page = await call<MessagesPage>('im.dialog.messages.get', last ? { DIALOG_ID: dialogId, FIRST_ID: last, LIMIT: PAGE } : { DIALOG_ID: dialogId, LIMIT: PAGE })
            if (merge(page, 'newer') < PAGE) break
          }
        } catch (error) {
          state.set((s) => ({ ...s, error }))
        }
      })().finally(() => {
        newerRunning = null
        if (newerAgain) {
          newerAgain = false
          void this.loadNewer()
        }
      })
      return newerRunning
    },
    /** Re-reads one message (an edit or a deletion the socket announced). */
    async reload(messageIds: number[]): Promise<void> {
      const s = state.get()
      const ids = new Set(messageIds)
      const shown = s.messages.filter((m) => ids.has(m.id))
      for (const m of shown) {
        const page = await call<MessagesPage>('im.dialog.messages.get', { DIALOG_ID: dialogId, FIRST_ID: m.id - 1, LIMIT: 1 })
        merge(page, 'newer')
      }
    },
  }
}

export type History = ReturnType<typeof createHistory>
