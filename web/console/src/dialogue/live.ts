/** A dialogue's live side: joins its chat channel, re-reads on events, and shows the customer typing. */
import { useEffect, useState } from 'preact/hooks'
import { onFrame, onReconnect, sendRead, subscribe } from '../socket.js'
import type { History } from './history.js'

const TYPING_SHOWN_MS = 5000

export function useLiveDialogue(chatId: number, history: History, onChange: () => void): boolean {
  const [typing, setTyping] = useState(false)
  useEffect(() => {
    const channel = `chat:${chatId}`
    let hide: ReturnType<typeof setTimeout> | undefined
    const leave = subscribe(channel)
    const off = onFrame((f) => {
      if (f.channel !== channel) return
      if (f.type === 'signal' && f.name === 'visitorTyping') {
        setTyping(true)
        clearTimeout(hide)
        hide = setTimeout(() => setTyping(false), TYPING_SHOWN_MS)
      } else if (f.type === 'signal' && f.name === 'internalMessage') {
        // A message among operators (silent mode, a silent supervisor, an operators-only note): no event, only this.
        void history.loadNewer()
      } else if (f.type === 'event') {
        if (f.event === 'ONOPENLINEMESSAGEADD') setTyping(false)
        void history.loadNewer()
        onChange()
      }
    })
    const offReconnect = onReconnect(() => {
      void history.loadNewer()
      onChange()
    })
    return () => {
      clearTimeout(hide)
      leave()
      off()
      offReconnect()
    }
  }, [chatId, history])
  return typing
}

/** Tells the server (and so the customer) how far the operator has read. */
export function markRead(chatId: number, upTo: number): void {
  sendRead(chatId, upTo)
}
