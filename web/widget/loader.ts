/**
 * The one script a site embeds: <script src="https://server/online/loader.js" data-line="1" async></script>.
 * It adds a chat button; the chat itself runs in a frame from the server, so the site's page and the chat never share state.
 * A site that knows its user signs {id, name, email, ts} with the line's secret (docs/widget.md) and passes it as
 * data-user-id, data-user-name, data-user-email, data-user-ts, data-user-signature, or as
 * window.openlinesWidget = { identity: { id, name, email, ts, signature } } set before the chat opens.
 * It reaches the frame in the URL fragment, which browsers never send to a server.
 */
(() => {
  const me = document.currentScript as HTMLScriptElement | null
  if (!me) return
  const line = me.dataset.line ?? ''
  const src = new URL(me.src)
  const base = src.pathname.replace(/\/loader\.js$/, '')
  const box = document.createElement('div')
  box.style.cssText = 'position:fixed;right:16px;bottom:16px;z-index:2147483000;font-family:sans-serif'
  const frame = document.createElement('iframe')
  frame.title = 'Chat'
  frame.id = 'ol-widget-frame'
  frame.style.cssText = 'display:none;border:0;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.2);background:#fff;' +
    'width:min(370px,calc(100vw - 32px));height:min(560px,calc(100vh - 96px));margin-bottom:12px'
  const button = document.createElement('button')
  button.id = 'ol-widget-button'
  button.type = 'button'
  button.setAttribute('aria-label', 'Open chat')
  // A drawn icon, since a site's visitors may have no emoji font.
  button.innerHTML = '<svg width="28" height="28" viewBox="0 0 24 24" fill="#fff" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>'
  button.style.cssText = 'margin-left:auto;width:56px;height:56px;border-radius:50%;border:0;background:#2fc6f6;cursor:pointer;display:flex;align-items:center;justify-content:center'
  const identity = (): unknown => {
    const given = (window as { openlinesWidget?: { identity?: unknown } }).openlinesWidget?.identity
    if (given) return given
    const d = me.dataset
    return d.userId && d.userSignature ? { id: d.userId, name: d.userName ?? '', email: d.userEmail ?? '', ts: Number(d.userTs), signature: d.userSignature } : null
  }
  button.addEventListener('click', () => {
    if (!frame.src) {
      const who = identity()
      frame.src = `${src.origin}${base}/chat?line=${encodeURIComponent(line)}${who ? `#identity=${encodeURIComponent(JSON.stringify(who))}` : ''}`
    }
    const open = frame.style.display === 'none'
    frame.style.display = open ? 'block' : 'none'
    button.setAttribute('aria-label', open ? 'Close chat' : 'Open chat')
  })
  box.append(frame, button)
  document.body.append(box)
})()
