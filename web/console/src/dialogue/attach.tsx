/**
 * Operators' files: the 📎 picker and files dropped on the composer go to the
 * chat one by one (openlines.message.file.add), each with a progress bar; the
 * first refusal (type, size, rights) stops the rest and is shown.
 */
import { useState } from 'preact/hooks'
import { callMultipart } from '../api.js'
import { ErrorText } from '../ui.js'
import './attach.css'

interface Sending { name: string; share: number; left: number }

export function useUploads(chatId: number, onSent: () => void) {
  const [sending, setSending] = useState<Sending | null>(null)
  const [error, setError] = useState<unknown>(null)
  async function send(files: File[]) {
    if (!files.length || sending) return
    setError(null)
    for (const [i, file] of files.entries()) {
      const left = files.length - i - 1
      setSending({ name: file.name, share: 0, left })
      const form = new FormData()
      form.append('DIALOG_ID', `chat${chatId}`)
      form.append('FILE', file, file.name)
      try {
        await callMultipart('openlines.message.file.add', form, (share) => setSending({ name: file.name, share, left }))
        onSent()
      } catch (e) {
        setError(e)
        break
      }
    }
    setSending(null)
  }
  return { sending, error, send }
}

export type Uploads = ReturnType<typeof useUploads>

/** The picker: a button-like label around a hidden file input, so keyboard users reach it too. */
export function AttachButton({ uploads }: { uploads: Uploads }) {
  return (
    <label class={`attach icon${uploads.sending ? ' busy' : ''}`} title="Send a file (or drop it here)">
      📎
      <input
        type="file"
        multiple
        aria-label="Attach a file"
        disabled={Boolean(uploads.sending)}
        onChange={(e) => {
          const input = e.currentTarget
          const files = Array.from(input.files ?? [])
          input.value = ''
          void uploads.send(files)
        }}
      />
    </label>
  )
}

export function UploadState({ uploads }: { uploads: Uploads }) {
  const s = uploads.sending
  return (
    <>
      {s ? (
        <div class="upload-progress" role="status" aria-live="polite">
          <progress max={1} value={s.share} aria-label={`Sending ${s.name}`} />
          <span>Sending {s.name}… {Math.round(s.share * 100)}%{s.left ? ` (${s.left} more)` : ''}</span>
        </div>
      ) : null}
      <ErrorText error={uploads.error} />
    </>
  )
}

/** Drag-and-drop on an element: its handlers, and whether files are over it now. */
export function useDropFiles(uploads: Uploads) {
  const [over, setOver] = useState(false)
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files')
  return {
    over,
    handlers: {
      onDragOver: (e: DragEvent) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        setOver(true)
      },
      onDragLeave: () => setOver(false),
      onDrop: (e: DragEvent) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        setOver(false)
        void uploads.send(Array.from(e.dataTransfer?.files ?? []))
      },
    },
  }
}
