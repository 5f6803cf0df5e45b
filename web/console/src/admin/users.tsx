/** Users (user.*) with their sign-in password (openlines.user.password.set), and departments (department.*). */
import { useState } from 'preact/hooks'
import { call } from '../api.js'
import { Button, ErrorText, useAction } from '../ui.js'
import { allPages, ConfirmButton, Done, Field, Loading, Screen, useLoad } from './common.js'

interface UserRow {
  ID: string
  NAME: string
  LAST_NAME: string
  EMAIL: string
  ACTIVE: boolean
  UF_DEPARTMENT: number[]
}

interface Department {
  ID: string
  NAME: string
  PARENT?: string
  UF_HEAD?: string
}

const fullName = (u: UserRow) => [u.NAME, u.LAST_NAME].filter(Boolean).join(' ') || u.EMAIL || `#${u.ID}`

export function UsersScreen() {
  const users = useLoad(() => allPages<UserRow>('user.get', { ADMIN_MODE: true, USER_TYPE: 'employee' }))
  const departments = useLoad(() => allPages<Department>('department.get'))
  const [form, setForm] = useState({ NAME: '', LAST_NAME: '', EMAIL: '', DEPARTMENT: '' })
  const [done, setDone] = useState('')
  const add = useAction(async () => {
    setDone('')
    const dept = form.DEPARTMENT || departments.data?.[0]?.ID
    const id = await call<number>('user.add', { NAME: form.NAME, LAST_NAME: form.LAST_NAME, EMAIL: form.EMAIL, ...(dept ? { UF_DEPARTMENT: [Number(dept)] } : {}) })
    setForm({ NAME: '', LAST_NAME: '', EMAIL: '', DEPARTMENT: form.DEPARTMENT })
    setDone(`Added user #${id}. Set a password for them below.`)
    await users.reload()
  })
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value })
  return (
    <Screen title="Users">
      <form class="adm-card adm-form" aria-label="New user" onSubmit={(e) => { e.preventDefault(); void add.run() }}>
        <h2>Add an employee</h2>
        <div class="adm-row">
          <Field label="First name"><input name="NAME" value={form.NAME} onInput={set('NAME')} required /></Field>
          <Field label="Last name"><input name="LAST_NAME" value={form.LAST_NAME} onInput={set('LAST_NAME')} /></Field>
          <Field label="E-mail (their login)"><input name="EMAIL" type="email" value={form.EMAIL} onInput={set('EMAIL')} required /></Field>
          <Field label="Department">
            <select name="DEPARTMENT" value={form.DEPARTMENT} onChange={set('DEPARTMENT')}>
              {(departments.data ?? []).map((d) => <option key={d.ID} value={String(d.ID)}>{d.NAME}</option>)}
            </select>
          </Field>
          <Button type="submit" class="primary" busy={add.busy}>Add user</Button>
        </div>
        <ErrorText error={add.error} />
        <Done text={done} />
      </form>
      <Loading loading={users.loading} error={users.error} onRetry={() => void users.reload()} />
      <table class="adm-table" aria-label="Users">
        <thead><tr><th>ID</th><th>Name</th><th>E-mail</th><th>Status</th><th>Actions</th></tr></thead>
        <tbody>
          {(users.data ?? []).map((u) => <UserLine key={u.ID} user={u} onChanged={() => void users.reload()} />)}
        </tbody>
      </table>
      <DepartmentsPanel departments={departments.data ?? []} loading={departments.loading} error={departments.error} reload={() => void departments.reload()} />
    </Screen>
  )
}

function UserLine({ user, onChanged }: { user: UserRow; onChanged: () => void }) {
  const [password, setPassword] = useState('')
  const [editing, setEditing] = useState(false)
  const [done, setDone] = useState('')
  const setPw = useAction(async () => {
    await call('openlines.user.password.set', { ID: Number(user.ID), PASSWORD: password })
    setPassword('')
    setEditing(false)
    setDone('Password set.')
  })
  const toggle = useAction(async () => {
    await call('user.update', { ID: Number(user.ID), ACTIVE: user.ACTIVE ? 'N' : 'Y' })
    onChanged()
  })
  return (
    <tr>
      <td data-label="ID" class="num">{user.ID}</td>
      <td data-label="Name">{fullName(user)}</td>
      <td data-label="E-mail">{user.EMAIL}</td>
      <td data-label="Status">{user.ACTIVE ? 'active' : 'dismissed'}</td>
      <td data-label="Actions">
        {editing ? (
          <form class="adm-row" aria-label={`Password for ${fullName(user)}`} onSubmit={(e) => { e.preventDefault(); void setPw.run() }}>
            <Field label="New password" hint="8 characters or more">
              <input name="password" type="password" autoComplete="new-password" minLength={8} value={password} onInput={(e) => setPassword(e.currentTarget.value)} autoFocus required />
            </Field>
            <Button type="submit" class="primary" busy={setPw.busy}>Set</Button>
            <Button onClick={() => setEditing(false)}>Cancel</Button>
          </form>
        ) : (
          <span class="adm-actions">
            <Button onClick={() => { setDone(''); setEditing(true) }}>Set password</Button>
            <Button busy={toggle.busy} onClick={() => void toggle.run()}>{user.ACTIVE ? 'Dismiss' : 'Restore'}</Button>
          </span>
        )}
        <ErrorText error={setPw.error ?? toggle.error} />
        <Done text={done} />
      </td>
    </tr>
  )
}

function DepartmentsPanel({ departments, loading, error, reload }: { departments: Department[]; loading: boolean; error: unknown; reload: () => void }) {
  const [name, setName] = useState('')
  const [parent, setParent] = useState('')
  const add = useAction(async () => {
    await call('department.add', { NAME: name, PARENT: Number(parent || departments[0]?.ID || 1) })
    setName('')
    reload()
  })
  const byId = new Map(departments.map((d) => [String(d.ID), d]))
  return (
    <section class="adm-card" aria-label="Departments">
      <h2>Departments</h2>
      <Loading loading={loading} error={error} onRetry={reload} />
      <table class="adm-table">
        <thead><tr><th>ID</th><th>Name</th><th>Parent</th><th>Actions</th></tr></thead>
        <tbody>
          {departments.map((d) => <DepartmentLine key={d.ID} dept={d} parentName={d.PARENT ? byId.get(String(d.PARENT))?.NAME ?? `#${d.PARENT}` : '—'} onChanged={reload} />)}
        </tbody>
      </table>
      <form class="adm-row" aria-label="New department" onSubmit={(e) => { e.preventDefault(); void add.run() }}>
        <Field label="New department"><input name="department-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required /></Field>
        <Field label="Under">
          <select name="department-parent" value={parent} onChange={(e) => setParent(e.currentTarget.value)}>
            {departments.map((d) => <option key={d.ID} value={String(d.ID)}>{d.NAME}</option>)}
          </select>
        </Field>
        <Button type="submit" class="primary" busy={add.busy}>Add department</Button>
      </form>
      <ErrorText error={add.error} />
    </section>
  )
}

function DepartmentLine({ dept, parentName, onChanged }: { dept: Department; parentName: string; onChanged: () => void }) {
  const [name, setName] = useState(dept.NAME)
  const rename = useAction(async () => {
    await call('department.update', { ID: Number(dept.ID), NAME: name })
    onChanged()
  })
  const remove = useAction(async () => {
    await call('department.delete', { ID: Number(dept.ID) })
    onChanged()
  })
  return (
    <tr>
      <td data-label="ID" class="num">{dept.ID}</td>
      <td data-label="Name">
        <form class="adm-row" onSubmit={(e) => { e.preventDefault(); void rename.run() }}>
          <input aria-label={`Name of department ${dept.ID}`} value={name} onInput={(e) => setName(e.currentTarget.value)} required />
          {name !== dept.NAME ? <Button type="submit" busy={rename.busy}>Rename</Button> : null}
        </form>
      </td>
      <td data-label="Parent">{parentName}</td>
      <td data-label="Actions">
        {dept.PARENT ? <ConfirmButton label="Delete" confirm="Delete this department?" busy={remove.busy} onConfirm={() => void remove.run()} /> : <span class="adm-muted">top</span>}
        <ErrorText error={rename.error ?? remove.error} />
      </td>
    </tr>
  )
}
