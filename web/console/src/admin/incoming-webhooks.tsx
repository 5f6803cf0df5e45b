/**
 * Incoming webhooks (openlines.webhook.incoming.*): create one for a person
 * with chosen scopes (its URL is shown once, here), list them, change their
 * scopes, delete them.
 */
import { useState } from 'preact/hooks'
import { call } from '../api.js'
import { Button, ErrorText, useAction } from '../ui.js'
import { displayName } from '../user-names.js'
import { allPages, Check, ConfirmButton, Done, Field, Loading, useLoad } from './common.js'

interface IncomingWebhook {
  ID: number
  USER_ID: number
  TITLE: string
  SCOPES: string[]
  CODE_HINT: string
  ACTIVE: boolean
  DATE_CREATE: string
  URL?: string
}

interface Person {
  ID: string
  NAME: string
  LAST_NAME: string
  EMAIL: string
}

/** The scopes a webhook may hold (the server's list, src/auth/scopes.ts). */
const SCOPES = ['imopenlines', 'imconnector', 'imbot', 'im', 'crm', 'user', 'user_basic', 'user_brief', 'department', 'placement']

function ScopeChecks({ value, onChange, name }: { value: string[]; onChange: (v: string[]) => void; name: string }) {
  return (
    <div class="adm-row" role="group" aria-label={name}>
      {SCOPES.map((s) => (
        <Check key={s} label={s} name={`${name}-${s}`} checked={value.includes(s)} onChange={(on) => onChange(on ? [...value, s] : value.filter((x) => x !== s))} />
      ))}
    </div>
  )
}

export function IncomingWebhooks() {
  const hooks = useLoad(() => allPages<IncomingWebhook>('openlines.webhook.incoming.list'))
  const people = useLoad(() => allPages<Person>('user.get', { FILTER: { ACTIVE: true, USER_TYPE: 'employee' } }))
  const [form, setForm] = useState({ userId: '', title: '', scopes: ['imopenlines', 'im', 'user'] })
  const [created, setCreated] = useState<IncomingWebhook | null>(null)
  const add = useAction(async () => {
    setCreated(null)
    const res = await call<IncomingWebhook>('openlines.webhook.incoming.add', {
      SCOPES: form.scopes, TITLE: form.title, ...(form.userId ? { USER_ID: Number(form.userId) } : {}),
    })
    setCreated(res)
    setForm({ ...form, title: '' })
    await hooks.reload()
  })
  const nameOf = (id: number) => {
    const p = (people.data ?? []).find((x) => Number(x.ID) === id)
    return p ? displayName(p) : `#${id}`
  }
  return (
    <>
      <form class="adm-card adm-form" aria-label="New incoming webhook" onSubmit={(e) => { e.preventDefault(); void add.run() }}>
        <h2>Create an incoming webhook</h2>
        <p class="adm-muted">A webhook calls the REST API as a person, with the scopes chosen here.</p>
        <div class="adm-row">
          <Field label="Title"><input name="webhook-title" value={form.title} onInput={(e) => setForm({ ...form, title: e.currentTarget.value })} maxLength={255} /></Field>
          <Field label="Acts as" hint={people.loading ? 'Loading people…' : undefined}>
            <select name="webhook-user" value={form.userId} onChange={(e) => setForm({ ...form, userId: e.currentTarget.value })}>
              <option value="">(me)</option>
              {(people.data ?? []).map((p) => <option key={p.ID} value={String(p.ID)}>{displayName(p)}</option>)}
            </select>
          </Field>
        </div>
        <ScopeChecks name="Scopes" value={form.scopes} onChange={(scopes) => setForm({ ...form, scopes })} />
        <Button type="submit" class="primary" busy={add.busy} disabled={!form.scopes.length}>Create webhook</Button>
        <ErrorText error={add.error} />
        {created?.URL ? (
          <div role="status">
            <p>Created webhook <b>#{created.ID}</b>. Copy its address now: it is shown only this once.</p>
            <code class="adm-code" data-testid="webhook-url">{created.URL}</code>
          </div>
        ) : null}
      </form>
      <Loading loading={hooks.loading} error={hooks.error} onRetry={() => void hooks.reload()} />
      {hooks.data && hooks.data.length === 0 ? <p class="empty">No incoming webhooks yet.</p> : null}
      <table class="adm-table" aria-label="Incoming webhooks">
        <thead><tr><th>ID</th><th>Title</th><th>Acts as</th><th>Code</th><th>Scopes</th><th>Status</th><th>Actions</th></tr></thead>
        <tbody>{(hooks.data ?? []).map((h) => <WebhookLine key={h.ID} hook={h} userName={nameOf(h.USER_ID)} onChanged={() => hooks.reload()} />)}</tbody>
      </table>
    </>
  )
}

function WebhookLine({ hook, userName, onChanged }: { hook: IncomingWebhook; userName: string; onChanged: () => Promise<unknown> }) {
  const [editing, setEditing] = useState<string[] | null>(null)
  const [saved, setSaved] = useState('')
  const save = useAction(async () => {
    if (!editing) return
    await call('openlines.webhook.incoming.update', { ID: hook.ID, FIELDS: { SCOPES: editing } })
    setEditing(null)
    // The list is read again first, so "saved" never shows next to the old scopes.
    await onChanged()
    setSaved('Scopes saved.')
  })
  const remove = useAction(async () => {
    await call('openlines.webhook.incoming.delete', { ID: hook.ID })
    await onChanged()
  })
  return (
    <tr data-webhook={hook.ID}>
      <td data-label="ID" class="num">{hook.ID}</td>
      <td data-label="Title">{hook.TITLE || '—'}</td>
      <td data-label="Acts as">{userName}</td>
      <td data-label="Code"><code>{hook.CODE_HINT}…</code></td>
      <td data-label="Scopes">
        {editing ? (
          <form aria-label={`Scopes of webhook ${hook.ID}`} onSubmit={(e) => { e.preventDefault(); void save.run() }}>
            <ScopeChecks name={`Scopes of webhook ${hook.ID}`} value={editing} onChange={setEditing} />
            <span class="adm-actions">
              <Button type="submit" class="primary" busy={save.busy} disabled={!editing.length}>Save scopes</Button>
              <Button onClick={() => setEditing(null)}>Cancel</Button>
            </span>
          </form>
        ) : (
          <span class="adm-tags">{hook.SCOPES.map((s) => <span key={s} class="adm-tag">{s}</span>)}</span>
        )}
      </td>
      <td data-label="Status">{hook.ACTIVE ? 'active' : 'deleted'}</td>
      <td data-label="Actions">
        {hook.ACTIVE ? (
          <span class="adm-actions">
            {!editing ? <Button onClick={() => { setSaved(''); setEditing(hook.SCOPES) }}>Change scopes</Button> : null}
            <ConfirmButton label="Delete" confirm="Delete this webhook? Its address stops working." busy={remove.busy} onConfirm={() => void remove.run()} />
          </span>
        ) : null}
        <ErrorText error={save.error ?? remove.error} />
        <Done text={saved} />
      </td>
    </tr>
  )
}
