/** The frame around every screen: top bar (presence, user, sign out), navigation, and the routed screen. */
import { Fragment } from 'preact'
import { useEffect } from 'preact/hooks'
import { adminRoutes } from './admin/index.js'
import { CRM_PATH, CrmRecord } from './crm/crm-record.js'
import { logout, type ConsoleUser } from './api.js'
import { PresenceToggle } from './presence.js'
import { href, linkHandler, navigate, usePath } from './router.js'
import { me } from './session.js'
import { installShortcuts, SHORTCUTS } from './shortcuts.js'
import { socketState, stopSocket } from './socket.js'
import { useStore } from './store.js'
import { Button, useAction } from './ui.js'
import { Workspace } from './workspace/workspace.js'

function NavLink({ path, title, active }: { path: string; title: string; active: boolean }) {
  return <a href={href(path)} onClick={linkHandler(path)} aria-current={active ? 'page' : undefined}>{title}</a>
}

export function Layout({ user }: { user: ConsoleUser }) {
  const path = usePath()
  const live = useStore(socketState)
  useEffect(installShortcuts, [])
  const signOut = useAction(async () => {
    try {
      await logout()
    } finally {
      stopSocket()
      me.set(null)
      navigate('/', true)
    }
  })
  const admin = user.IS_ADMIN ? adminRoutes.find((r) => path === `/admin${r.path}`) : undefined
  const AdminView = admin?.view
  return (
    <div class="layout">
      <header class="topbar">
        <a class="brand" href={href('/')} onClick={linkHandler('/')}>openlines</a>
        <span class={`live ${live}`} title={`Live updates: ${live}`} aria-label={`Live updates ${live}`} />
        <PresenceToggle />
        <span class="who">{[user.NAME, user.LAST_NAME].filter(Boolean).join(' ') || user.EMAIL}</span>
        <Button class="signout" busy={signOut.busy} onClick={() => void signOut.run()}>Sign out</Button>
      </header>
      <nav class="sidenav" aria-label="Main">
        <NavLink path="/" title="Dialogues" active={!path.startsWith('/admin')} />
        {user.IS_ADMIN && adminRoutes.length > 0 ? (
          <section>
            <h2>Administration</h2>
            {adminRoutes.map((r) => <NavLink key={r.path} path={`/admin${r.path}`} title={r.title} active={admin === r} />)}
          </section>
        ) : null}
        <details class="keys">
          <summary>Keyboard</summary>
          <dl>{SHORTCUTS.map(([k, what]) => <Fragment key={k}><dt>{k}</dt><dd>{what}</dd></Fragment>)}</dl>
        </details>
      </nav>
      <main class="content">{AdminView ? <AdminView /> : CRM_PATH.test(path) ? <CrmRecord path={path} /> : <Workspace path={path} />}</main>
    </div>
  )
}
