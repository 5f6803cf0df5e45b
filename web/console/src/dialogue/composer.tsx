/** Writing to the customer: Enter sends, Shift+Enter breaks the line; typing is announced; quick answers insert text. */
import { useRef, useState } from 'preact/hooks'
import { call } from '../api.js'
import { sendTyping } from '../socket.js'
import { Button, ErrorText, useAction } from '../ui.js'
import { AttachButton, UploadState, useDropFiles, useUploads } from './attach.js'
import { QuickAnswers } from './quick-answers.js'

const TYPING_EVERY_MS = 3000

export function Composer({ chatId, lineId, onSent, disabled }: { chatId: number; lineId: number; onSent: () => void; disabled?: string }) {
  const [text, setText] = useState('')
  const [quick, setQuick] = useState(false)
  const area = useRef<HTMLTextAreaElement>(null)
  const lastTyping = useRef(0)
  const uploads = useUploads(chatId, onSent)
  const drop = useDropFiles(uploads)
  const send = useAction(async () => {
    const message = text.trim()
    if (!message) return
    await call('im.message.add', { DIALOG_ID: `chat${chatId}`, MESSAGE: message })
    setText('')
    onSent()
  })
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault()
      if (!send.busy) void send.run()
    } else if (e.key === '/' && e.ctrlKey) {
      e.preventDefault()
      setQuick(true)
    }
  }
  const onInput = (value: string) => {
    setText(value)
    const now = Date.now()
    if (value && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now
      sendTyping(chatId)
    }
  }
  const insert = (snippet: string) => {
    setQuick(false)
    setText((t) => (t ? `${t}${t.endsWith('\n') ? '' : ' '}${snippet}` : snippet))
    area.current?.focus()
  }
  if (disabled) return <p class="composer-off">{disabled}</p>
  return (
    <form class={`composer${drop.over ? ' drop-over' : ''}`} onSubmit={(e) => (e.preventDefault(), void send.run())} {...drop.handlers}>
      {quick ? <QuickAnswers lineId={lineId} onPick={insert} onClose={() => (setQuick(false), area.current?.focus())} /> : null}
      <ErrorText error={send.error} />
      <UploadState uploads={uploads} />
      <div class="composer-row">
        <Button class="icon" title="Quick answers (Ctrl+/)" aria-label="Quick answers" aria-expanded={quick} onClick={() => setQuick(!quick)}>⚡</Button>
        <AttachButton uploads={uploads} />
        <textarea
          ref={area}
          rows={2}
          value={text}
          placeholder="Write a message… (Enter sends, Shift+Enter for a new line)"
          aria-label="Write a message"
          onInput={(e) => onInput(e.currentTarget.value)}
          onKeyDown={onKey}
        />
        <Button type="submit" class="primary" busy={send.busy} disabled={!text.trim()}>Send</Button>
      </div>
    </form>
  )
}
