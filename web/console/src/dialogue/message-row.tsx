/** One message: author, time, BB-code text and its attachments (images shown, other files linked). */
import { useState } from 'preact/hooks'
import { call, fileLink } from '../api.js'
import { RichText } from '../text/rich-text.js'
import { describe, useAction } from '../ui.js'
import { fileIds, type ImFile, type ImUser, type Message } from './types.js'

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function Attachment({ file }: { file: ImFile }) {
  if (file.image && file.urlPreview) {
    return (
      <a class="attachment image" href={fileLink(file.urlShow)} target="_blank" rel="noopener noreferrer">
        <img src={fileLink(file.urlPreview)} alt={file.name} width={Math.min(file.image.width, 240)} loading="lazy" />
      </a>
    )
  }
  return <a class="attachment file" href={fileLink(file.urlDownload)} target="_blank" rel="noopener noreferrer" download={file.name}>📎 {file.name} <small>{size(file.size)}</small></a>
}

/** Saves this message as a quick answer of the line (imopenlines.message.quick.save); saving twice changes nothing. */
function SaveAsQuickAnswer({ m }: { m: Message }) {
  const [saved, setSaved] = useState(false)
  const save = useAction(async () => {
    await call('imopenlines.message.quick.save', { CHAT_ID: m.chat_id, MESSAGE_ID: m.id })
    setSaved(true)
  })
  const title = save.error ? describe(save.error) : saved ? 'Saved as a quick answer' : 'Save as a quick answer'
  return (
    <button type="button" class="save-quick" title={title} aria-label={title} disabled={save.busy || saved} aria-busy={save.busy ? 'true' : undefined} onClick={() => void save.run()}>
      {save.busy ? '…' : saved ? '★' : save.error ? '⚠' : '☆'}
    </button>
  )
}

export function MessageRow({ m, author, files, mine }: { m: Message; author: ImUser | undefined; files: Map<number, ImFile>; mine: boolean }) {
  const system = m.author_id === 0
  const customer = author?.connector || author?.extranet
  const kind = system ? 'system' : mine ? 'mine' : customer ? 'customer' : 'colleague'
  const deleted = !Array.isArray(m.params) && m.params.IS_DELETED === 'Y'
  const attached = fileIds(m).map((id) => files.get(id)).filter((f): f is ImFile => Boolean(f))
  const time = new Date(m.date)
  return (
    <article class={`msg ${kind}`} data-id={m.id}>
      {system ? null : <header><span class="author" style={{ color: author?.color }}>{author?.name ?? `User ${m.author_id}`}</span></header>}
      <div class="text">{deleted ? <em class="deleted">Message deleted</em> : <RichText text={m.text} />}</div>
      {attached.length ? <div class="attachments">{attached.map((f) => <Attachment key={f.id} file={f} />)}</div> : null}
      {system || deleted || !m.text ? null : <SaveAsQuickAnswer m={m} />}
      <time dateTime={m.date}>{Number.isNaN(time.getTime()) ? '' : time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
    </article>
  )
}
