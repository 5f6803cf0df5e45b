/** The sign-in screen: login and password; a webhook URL works too, for trying the console out. */
import { useState } from 'preact/hooks'
import { login, loginWithWebhook, type SessionInfo } from './api.js'
import { Button, ErrorText, useAction } from './ui.js'

export function Login({ onSignedIn }: { onSignedIn: (s: SessionInfo) => void }) {
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [hook, setHook] = useState('')
  const [useHook, setUseHook] = useState(false)
  const signIn = useAction(async () => onSignedIn(useHook ? await loginWithWebhook(hook) : await login(name, password)))
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
        {useHook ? (
          <label>
            Webhook URL
            <input name="webhook" value={hook} onInput={(e) => setHook(e.currentTarget.value)} autoFocus required />
          </label>
        ) : (
          <>
            <label>
              Login
              <input name="login" autoComplete="username" value={name} onInput={(e) => setName(e.currentTarget.value)} autoFocus required />
            </label>
            <label>
              Password
              <input name="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required />
            </label>
          </>
        )}
        <ErrorText error={signIn.error} />
        <Button type="submit" class="primary" busy={signIn.busy}>Sign in</Button>
        <button type="button" class="link" onClick={() => setUseHook(!useHook)}>
          {useHook ? 'Sign in with a password' : 'Use an incoming webhook instead'}
        </button>
      </form>
    </main>
  )
}
