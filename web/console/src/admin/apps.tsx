/** Local applications (openlines.app.*): register, inspect credentials, uninstall; and incoming webhooks. */
import { useState } from 'preact/hooks'
import { call, callList } from '../api.js'
import { Button, ErrorText, useAction } from '../ui.js'
import { ConfirmButton, Done, Field, Loading, Screen, useLoad } from './common.js'
import { IncomingWebhooks } from './incoming-webhooks.js'

interface AppRow {
  ID: number
  TITLE: string
  CODE: string
  CLIENT_ID: string
  CLIENT_SECRET?: string
  APPLICATION_TOKEN: string
  SCOPE: string[]
  REDIRECT_URI: string
  INSTALL_HANDLER: string
  INSTALLED: boolean
}

export function AppsScreen() {
  const apps = useLoad(() => callList<AppRow>('openlines.app.list').then((p) => p.items))
  const [form, setForm] = useState({ TITLE: '', SCOPE: 'imopenlines,imconnector,im,imbot,crm,user', REDIRECT_URI: '', INSTALL_HANDLER: '' })
  const [created, setCreated] = useState<AppRow | null>(null)
  const add = useAction(async () => {
    const res = await call<AppRow>('openlines.app.add', {
      TITLE: form.TITLE,
      SCOPE: form.SCOPE.split(',').map((s) => s.trim()).filter(Boolean),
      ...(form.REDIRECT_URI ? { REDIRECT_URI: form.REDIRECT_URI } : {}),
      ...(form.INSTALL_HANDLER ? { INSTALL_HANDLER: form.INSTALL_HANDLER } : {}),
    })
    setCreated(res)
    setForm({ ...form, TITLE: '', REDIRECT_URI: '', INSTALL_HANDLER: '' })
    await apps.reload()
  })
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value })
  return (
    <Screen title="Apps and webhooks">
      <form class="adm-card adm-form" aria-label="New application" onSubmit={(e) => { e.preventDefault(); void add.run() }}>
        <h2>Register an application</h2>
        <div class="adm-row">
          <Field label="Title"><input name="TITLE" value={form.TITLE} onInput={set('TITLE')} required /></Field>
          <Field label="Scopes" hint="comma-separated"><input name="SCOPE" value={form.SCOPE} onInput={set('SCOPE')} required /></Field>
        </div>
        <div class="adm-row">
          <Field label="Return address (OAuth redirect URI)"><input name="REDIRECT_URI" type="url" value={form.REDIRECT_URI} onInput={set('REDIRECT_URI')} /></Field>
          <Field label="Install handler URL"><input name="INSTALL_HANDLER" type="url" value={form.INSTALL_HANDLER} onInput={set('INSTALL_HANDLER')} /></Field>
        </div>
        <Button type="submit" class="primary" busy={add.busy}>Register</Button>
        <ErrorText error={add.error} />
        {created ? (
          <div role="status">
            <p>Registered <b>{created.TITLE}</b>. Keep these now; the secret is shown again only on this app's details.</p>
            <code class="adm-code">{`client_id: ${created.CLIENT_ID}\nclient_secret: ${created.CLIENT_SECRET ?? ''}\napplication_token: ${created.APPLICATION_TOKEN}`}</code>
          </div>
        ) : null}
      </form>
      <Loading loading={apps.loading} error={apps.error} onRetry={() => void apps.reload()} />
      <table class="adm-table" aria-label="Applications">
        <thead><tr><th>ID</th><th>Title</th><th>Client ID</th><th>Scopes</th><th>Status</th><th>Actions</th></tr></thead>
        <tbody>{(apps.data ?? []).map((a) => <AppLine key={a.ID} app={a} onChanged={() => void apps.reload()} />)}</tbody>
      </table>
      <IncomingWebhooks />
    </Screen>
  )
}

function AppLine({ app, onChanged }: { app: AppRow; onChanged: () => void }) {
  const [secret, setSecret] = useState('')
  const show = useAction(async () => setSecret((await call<AppRow>('openlines.app.get', { ID: app.ID })).CLIENT_SECRET ?? ''))
  const remove = useAction(async () => {
    await call('openlines.app.delete', { ID: app.ID })
    onChanged()
  })
  return (
    <tr>
      <td data-label="ID" class="num">{app.ID}</td>
      <td data-label="Title">{app.TITLE}</td>
      <td data-label="Client ID"><code>{app.CLIENT_ID}</code>{secret ? <><br /><code>{secret}</code></> : null}</td>
      <td data-label="Scopes"><span class="adm-tags">{app.SCOPE.map((s) => <span key={s} class="adm-tag">{s}</span>)}</span></td>
      <td data-label="Status">{app.INSTALLED ? 'installed' : 'uninstalled'}</td>
      <td data-label="Actions">
        <span class="adm-actions">
          {!secret ? <Button busy={show.busy} onClick={() => void show.run()}>Show secret</Button> : null}
          {app.INSTALLED ? <ConfirmButton label="Uninstall" confirm="Uninstall this app and revoke its tokens?" busy={remove.busy} onConfirm={() => void remove.run()} /> : null}
        </span>
        <ErrorText error={show.error ?? remove.error} />
        <Done text="" />
      </td>
    </tr>
  )
}
