/** The operator's online/away switch, which routing's CHECK_AVAILABLE reads. */
import { useEffect, useState } from 'preact/hooks'
import { call } from './api.js'
import { Button, describe, useAction } from './ui.js'

export function PresenceToggle() {
  const [online, setOnline] = useState<boolean | null>(null)
  useEffect(() => {
    call<{ STATUS: string }>('openlines.operator.presence.get').then((r) => setOnline(r.STATUS === 'online'), () => setOnline(null))
  }, [])
  const toggle = useAction(async () => {
    const next = !online
    await call('openlines.operator.presence.set', { STATUS: next ? 'online' : 'offline' })
    setOnline(next)
  })
  return (
    <Button
      class={`presence ${online ? 'online' : 'away'}`}
      busy={toggle.busy}
      disabled={online === null}
      onClick={() => void toggle.run()}
      title={toggle.error ? describe(toggle.error) : 'Whether new dialogues are routed to you (Alt+O)'}
      aria-pressed={online ? 'true' : 'false'}
      accessKey="o"
    >
      <span class="dot" aria-hidden="true" />
      {online === null ? 'Presence' : online ? 'Online' : 'Away'}
      {toggle.error ? ' ⚠' : ''}
    </Button>
  )
}
