/**
 * A CRM record as a person reads it, at /console/crm/<type>/<id>: every
 * filled field of crm.<type>.get, labelled by crm.<type>.fields, and the
 * open-line dialogues bound to it (imopenlines.crm.chat.get). The dialogue's
 * customer card links here: this server has no CRM screens of its own, and a
 * REST address opened in a browser tab answers only JSON (or an auth error,
 * since the console's cookie needs its CSRF header).
 */
import { useEffect, useState } from 'preact/hooks'
import { call } from '../api.js'
import { href, linkHandler } from '../router.js'
import { useStore } from '../store.js'
import { ErrorText, Spinner } from '../ui.js'
import { loadNames, nameOf, userNames } from '../user-names.js'

type Fields = Record<string, unknown>
interface FieldInfo { title?: string; type?: string }
interface Loaded { record: Fields; info: Record<string, FieldInfo>; chats: Array<{ CHAT_ID: number | string }> }

export const CRM_TYPES: Record<string, string> = { lead: 'Lead', deal: 'Deal', contact: 'Contact', company: 'Company' }
export const CRM_PATH = /^\/crm\/(lead|deal|contact|company)\/(\d+)$/

/** The console path of a CRM record, for links. */
export const crmRecordPath = (type: string, id: number) => `/crm/${type.toLowerCase()}/${id}`

function shown(v: unknown): string {
  if (v === null || v === undefined || v === '') return ''
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null && 'VALUE' in x ? String((x as { VALUE: unknown }).VALUE ?? '') : shown(x))).filter(Boolean).join(', ')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

export function CrmRecord({ path }: { path: string }) {
  const m = CRM_PATH.exec(path)
  const type = m ? m[1] : ''
  const id = m ? Number(m[2]) : 0
  const [data, setData] = useState<Loaded | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    setData(null)
    setError(null)
    Promise.all([
      call<Fields>(`crm.${type}.get`, { id }),
      call<Record<string, FieldInfo>>(`crm.${type}.fields`).catch((): Record<string, FieldInfo> => ({})),
      call<Array<{ CHAT_ID: number | string }>>('imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: type.toUpperCase(), CRM_ENTITY: id, ACTIVE_ONLY: 'N' }).catch(() => []),
    ]).then(([record, info, chats]) => {
      setData({ record, info, chats })
      void loadNames(Object.keys(info).filter((k) => info[k].type === 'user').map((k) => Number(record[k])).filter((n) => n > 0))
    }, setError)
  }, [type, id])
  const names = useStore(userNames)
  // People (responsible, author) by name: user fields hold ids.
  const value = (k: string, v: unknown) => (data?.info[k]?.type === 'user' && Number(v) > 0 ? nameOf(names, Number(v)) : shown(v))
  const rows = data ? Object.entries(data.record).map(([k, v]) => [data.info[k]?.title || k, value(k, v), k] as const).filter(([, v]) => v !== '') : []
  const name = data ? shown(data.record.TITLE) || [data.record.NAME, data.record.LAST_NAME].map(shown).filter(Boolean).join(' ') : ''
  return (
    <section class="crm-record" aria-label={`${CRM_TYPES[type] ?? 'CRM record'} ${id}`}>
      <a href={href('/')} onClick={linkHandler('/')}>Back to the dialogues</a>
      <h1>{CRM_TYPES[type] ?? 'Record'} #{id}{name ? `: ${name}` : ''}</h1>
      {!data && !error ? <p class="empty"><Spinner /> Loading…</p> : null}
      <ErrorText error={error} />
      {data ? (
        <>
          <dl class="crm-fields">
            {rows.map(([label, value, key]) => <div key={key} data-field={key}><dt>{label}</dt><dd>{value}</dd></div>)}
          </dl>
          <h2>Dialogues</h2>
          {data.chats.length ? (
            <ul>{data.chats.map((c) => <li key={c.CHAT_ID}><a href={href(`/chat/${c.CHAT_ID}`)} onClick={linkHandler(`/chat/${c.CHAT_ID}`)}>Dialogue #{c.CHAT_ID}</a></li>)}</ul>
          ) : <p class="empty">No open-line dialogues are bound to it.</p>}
        </>
      ) : null}
    </section>
  )
}
