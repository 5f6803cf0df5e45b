/** The sign-in screen: e-mail and password (set by an administrator, or use a one-time link from `openlines user link`). */
import { useState } from 'preact/hooks'
import { ApiError, login, type SessionInfo } from './api.js'
import { Button, ErrorText, useAction } from './ui.js'

function explain(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error
  if (error.code === 'WRONG_CREDENTIALS') return new Error('Wrong e-mail or password.')
  if (error.code === 'LOCKED') return new Error('Too many failed attempts: sign-in is locked for a while. Try again later.')
  return error
}

export function Login({ onSignedIn }: { onSignedIn: (s: SessionInfo) => void }) {
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const signIn = useAction(async () => onSignedIn(await login(name.trim(), password)))
  return (
    <main class="login">
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault()
          void signIn.run()
        }}
      >
        <h1>openlines console</h1>
        <label>
          E-mail
          <input name="login" type="text" autoComplete="username" value={name} onInput={(e) => setName(e.currentTarget.value)} autoFocus required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required />
        </label>
        <ErrorText error={explain(signIn.error)} />
        <Button type="submit" class="primary" busy={signIn.busy}>Sign in</Button>
        <p class="hint">No password yet? Ask an administrator, or for a one-time link (<code>openlines user link</code>).</p>
      </form>
    </main>
  )
}
