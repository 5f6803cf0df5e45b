/** The customer's CRM card: the objects the chat is bound to (crm.*.get) and their other open-line chats (imopenlines.crm.chat.get). */
import { useEffect, useState } from 'preact/hooks'
import { call } from '../api.js'
import { crmRecordPath } from '../crm/crm-record.js'
import { href, linkHandler } from '../router.js'
import { ErrorText, Spinner } from '../ui.js'
import type { sessionFlags } from './types.js'

type Flags = ReturnType<typeof sessionFlags>
type Fields = Record<string, unknown>
interface Bound { type: string; id: number; fields: Fields | null; chats: Array<{ CHAT_ID: number }> }

const TITLES: Record<string, string> = { LEAD: 'Lead', DEAL: 'Deal', CONTACT: 'Contact', COMPANY: 'Company' }

function multi(v: unknown): string {
  return Array.isArray(v) ? v.map((x) => String((x as { VALUE?: unknown }).VALUE ?? '')).filter(Boolean).join(', ') : ''
}

function titleOf(f: Fields): string {
  return String(f.TITLE || [f.NAME, f.LAST_NAME].filter(Boolean).join(' ') || '')
}

export function CrmCard({ chatId, flags, binding }: { chatId: number; flags: Flags; binding: string }) {
  const [bound, setBound] = useState<Bound[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    const parts = binding.split('|')
    const pairs: Array<[string, number]> = []
    for (let i = 0; i + 1 < parts.length; i += 2) if (Number(parts[i + 1]) > 0) pairs.push([parts[i], Number(parts[i + 1])])
    if (!pairs.length) return setBound([])
    Promise.all(pairs.map(async ([type, id]) => {
      const fields = await call<Fields>(`crm.${type.toLowerCase()}.get`, { id }).catch(() => null)
      const chats = await call<Array<{ CHAT_ID: number }>>('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: type, CRM_ENTITY: id, ACTIVE_ONLY: 'N' }).catch(() => [])
      return { type, id, fields, chats }
    })).then(setBound, setError)
  }, [binding, flags.crmId])
  return (
    <aside class="crm" aria-label="Customer card">
      <h3>Customer</h3>
      {bound === null ? <Spinner /> : null}
      <ErrorText error={error} />
      {bound?.length === 0 ? <p class="empty">Not bound to CRM.</p> : null}
      {bound?.map((b) => (
        <section key={`${b.type}${b.id}`} class="crm-object" data-crm={`${b.type}${b.id}`}>
          <h4>{TITLES[b.type] ?? b.type} #{b.id}</h4>
          {b.fields ? (
            <dl>
              <dt>Name</dt><dd>{titleOf(b.fields) || '—'}</dd>
              {multi(b.fields.PHONE) ? <><dt>Phone</dt><dd>{multi(b.fields.PHONE)}</dd></> : null}
              {multi(b.fields.EMAIL) ? <><dt>Email</dt><dd>{multi(b.fields.EMAIL)}</dd></> : null}
              {b.fields.STATUS_ID ? <><dt>Status</dt><dd>{String(b.fields.STATUS_ID)}</dd></> : null}
              {b.fields.STAGE_ID ? <><dt>Stage</dt><dd>{String(b.fields.STAGE_ID)}</dd></> : null}
              {b.fields.OPPORTUNITY ? <><dt>Amount</dt><dd>{String(b.fields.OPPORTUNITY)} {String(b.fields.CURRENCY_ID ?? '')}</dd></> : null}
            </dl>
          ) : <p class="empty">No access to this record.</p>}
          <a class="crm-link" href={href(crmRecordPath(b.type, b.id))} onClick={linkHandler(crmRecordPath(b.type, b.id))}>Open the record</a>
          {b.chats.filter((c) => Number(c.CHAT_ID) !== chatId).length ? (
            <p>Other dialogues: {b.chats.filter((c) => Number(c.CHAT_ID) !== chatId).map((c) => (
              <a key={c.CHAT_ID} href={href(`/chat/${c.CHAT_ID}`)} onClick={linkHandler(`/chat/${c.CHAT_ID}`)}>#{c.CHAT_ID} </a>
            ))}</p>
          ) : null}
        </section>
      ))}
    </aside>
  )
}
