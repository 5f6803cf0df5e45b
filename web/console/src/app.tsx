/** The app: finds the session, then shows sign-in or the layout with the screen the path names. */
import { useEffect, useState } from 'preact/hooks'
import { currentSession, type SessionInfo } from './api.js'
import { Layout } from './layout.js'
import { Login } from './login.js'
import { me } from './session.js'
import { startSocket } from './socket.js'
import { useStore } from './store.js'
import { ErrorText, Spinner } from './ui.js'

export function App() {
  const user = useStore(me)
  const [checking, setChecking] = useState(true)
  const [error, setError] = useState<unknown>(null)
  const adopt = (s: SessionInfo) => {
    me.set(s.user)
    startSocket()
  }
  useEffect(() => {
    currentSession().then((s) => {
      if (s) adopt(s)
    }, setError).finally(() => setChecking(false))
  }, [])
  if (checking) return <main class="login"><Spinner /> Loading…</main>
  if (!user) return <><ErrorText error={error} /><Login onSignedIn={adopt} /></>
  return <Layout user={user} />
}
