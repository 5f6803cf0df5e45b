/**
 * A dialogue read by someone not in its chat (a supervisor): the current
 * session's messages from imopenlines.session.history.get, read-only, into
 * the same shapes the history list shows.
 */
import { useEffect, useState } from 'preact/hooks'
import { call } from '../api.js'
import type { ImFile, ImUser, Message } from './types.js'

interface HistoryResult {
  message: Record<string, { id: string; chatid: string; senderid: string; date: string; text: string; params: Message['params'] }>
  users: Record<string, { id: string; name: string; color: string; avatar: string; connector: boolean; bot: boolean; extranet: boolean }>
  files?: Record<string, { id: number; name: string; type: string; size: number; image: ImFile['image']; urlpreview: string; urlshow: string; urldownload: string }>
}

export interface ReadOnlyHistory {
  messages: Message[]
  users: Map<number, ImUser>
  files: Map<number, ImFile>
  loading: boolean
  error: unknown
}

export function useSessionHistory(chatId: number, enabled: boolean, version: number): ReadOnlyHistory {
  const [state, setState] = useState<ReadOnlyHistory>({ messages: [], users: new Map(), files: new Map(), loading: enabled, error: null })
  useEffect(() => {
    if (!enabled) return
    let live = true
    call<HistoryResult>('imopenlines.session.history.get', { CHAT_ID: chatId }).then((r) => {
      if (!live) return
      const messages = Object.values(r.message).map((m) => ({ id: Number(m.id), chat_id: Number(m.chatid), author_id: Number(m.senderid), date: m.date, text: m.text, unread: false, params: m.params }))
      messages.sort((a, b) => a.id - b.id)
      const users = new Map(Object.values(r.users).map((u) => [Number(u.id), { ...u, id: Number(u.id) }]))
      const files = new Map(Object.values(r.files ?? {}).map((f) => [Number(f.id), { id: Number(f.id), name: f.name, type: f.type, size: f.size, image: f.image, urlPreview: f.urlpreview, urlShow: f.urlshow, urlDownload: f.urldownload }]))
      setState({ messages, users, files, loading: false, error: null })
    }, (error: unknown) => live && setState((s) => ({ ...s, loading: false, error })))
    return () => {
      live = false
    }
  }, [chatId, enabled, version])
  return state
}
