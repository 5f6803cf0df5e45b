/** The chat window, served at <public path>/chat: plain DOM, one JSON API, one socket. */
interface FileInfo { id: number; name: string; size: number; image: boolean }
interface Button { text: string; newline?: true; link?: string; action?: 'PUT' | 'SEND' | 'COPY'; actionValue?: string; command?: true; disabled?: true; block?: true; bgColor?: string; textColor?: string }
interface Message { id: number; text: string; date: string; from: 'visitor' | 'operator' | 'system'; name: string; vote: boolean; files?: FileInfo[]; keyboard?: Button[] }
interface LineInfo { lineName: string; vote: boolean; likeText: string; dislikeText: string }
interface History { chatId: number | null; messages: Message[]; readUpTo: number }

const root = document.getElementById('ol-chat') as HTMLElement
const line = Number(root.dataset.line)
const base = root.dataset.base ?? ''
const storeKey = `ol-visitor-${line}`
/** A signed identity the site passed through the loader (URL fragment), or none. */
function identityOf(hash: string): unknown {
  const m = /(?:^#|&)identity=([^&]*)/.exec(hash)
  if (!m) return null
  try {
    return JSON.parse(decodeURIComponent(m[1]))
  } catch {
    return null
  }
}
const identity = identityOf(location.hash)
let token = localStorage.getItem(storeKey)
let socket: WebSocket | null = null
let chatId: number | null = null
let readUpTo = 0
let info: LineInfo = { lineName: '', vote: false, likeText: '👍', dislikeText: '👎' }
const shown = new Map<number, HTMLElement>()

root.innerHTML = `<style>
#ol-chat{display:flex;flex-direction:column;font:14px/1.4 sans-serif;color:#222}
.ol-head{background:#2fc6f6;color:#fff;padding:12px 16px;font-weight:bold}
.ol-list{flex:1;overflow-y:auto;padding:12px;background:#f5f7f8}
.ol-msg{max-width:80%;margin:6px 0;padding:8px 10px;border-radius:10px;background:#fff;white-space:pre-wrap;word-wrap:break-word}
.ol-visitor{margin-left:auto;background:#d9f3fd}.ol-system{margin:6px auto;background:none;color:#777;text-align:center;font-size:13px}
.ol-name{font-size:12px;color:#888}.ol-read{font-size:11px;color:#2fc6f6;text-align:right}
.ol-typing{height:18px;padding:0 12px;color:#888;font-size:12px}
.ol-form{display:flex;border-top:1px solid #ddd}.ol-attach{display:flex;align-items:center;padding:0 10px;cursor:pointer;color:#2fc6f6;font-size:20px}
.ol-file img{display:block;max-width:100%;max-height:200px;border-radius:6px;margin-top:4px}.ol-file a{color:#0b66c3}.ol-error{color:#c00;font-size:12px;padding:0 12px}.ol-form textarea{flex:1;border:0;padding:10px;resize:none;font:inherit}
.ol-cmd{color:#0b7fa6;text-decoration:underline;cursor:pointer}.ol-keys{margin-top:6px}.ol-keys button{margin:2px;padding:5px 10px;border:1px solid #2fc6f6;border-radius:6px;background:#fff;color:#0b7fa6;cursor:pointer}.ol-keys button:disabled{opacity:.5;cursor:default}
.ol-form button,.ol-vote button{border:0;background:#2fc6f6;color:#fff;padding:0 16px;cursor:pointer}.ol-vote button{margin:4px;padding:6px 12px;border-radius:6px}
</style><div class="ol-head"></div><div class="ol-list" role="log" aria-live="polite"></div><div class="ol-typing"></div>
<div class="ol-error" role="alert"></div>
<form class="ol-form"><label class="ol-attach" title="Send a file" aria-label="Send a file">+<input type="file" hidden></label><textarea rows="2" placeholder="Type a message" aria-label="Message"></textarea><button type="submit">Send</button></form>`
const head = root.querySelector('.ol-head') as HTMLElement
const list = root.querySelector('.ol-list') as HTMLElement
const typing = root.querySelector('.ol-typing') as HTMLElement
const form = root.querySelector('.ol-form') as HTMLFormElement
const input = root.querySelector('textarea') as HTMLTextAreaElement
const picker = root.querySelector('input[type=file]') as HTMLInputElement
const errorBox = root.querySelector('.ol-error') as HTMLElement

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-widget-token': token } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const json = await res.json()
  if (!res.ok) throw new Error(json.error_description ?? 'Request failed')
  return json as T
}

function render(m: Message): void {
  const old = shown.get(m.id)
  const el = document.createElement('div')
  el.className = `ol-msg ol-${m.from}`
  el.dataset.id = String(m.id)
  if (m.from === 'operator' && m.name) {
    const name = document.createElement('div')
    name.className = 'ol-name'
    name.textContent = m.name
    el.append(name)
  }
  el.append(m.from === 'visitor' ? document.createTextNode(m.text) : formatted(m.text))
  for (const f of m.files ?? []) el.append(fileView(f))
  if (m.vote && info.vote) el.append(voteButtons())
  if (m.keyboard?.length) el.append(keyboard(m.id, m.keyboard))
  if (m.from === 'visitor' && m.id <= readUpTo) {
    const r = document.createElement('div')
    r.className = 'ol-read'
    r.textContent = '✓✓ read'
    el.append(r)
  }
  if (old) old.replaceWith(el)
  else list.append(el)
  shown.set(m.id, el)
  list.scrollTop = list.scrollHeight
}

/** Files are fetched with the visitor's token (never put in a URL), then shown from memory. */
async function fileBlob(f: FileInfo): Promise<string> {
  const res = await fetch(`${base}/file/${f.id}`, { headers: token ? { 'x-widget-token': token } : {} })
  if (!res.ok) throw new Error('File not available')
  return URL.createObjectURL(await res.blob())
}

function fileView(f: FileInfo): HTMLElement {
  const box = document.createElement('div')
  box.className = 'ol-file'
  const link = document.createElement('a')
  link.href = '#'
  link.textContent = `${f.name} (${f.size < 1024 * 1024 ? `${Math.ceil(f.size / 1024)} kB` : `${(f.size / 1024 / 1024).toFixed(1)} MB`})`
  link.addEventListener('click', async (e) => {
    e.preventDefault()
    const a = document.createElement('a')
    a.href = await fileBlob(f)
    a.download = f.name
    a.click()
  })
  box.append(link)
  if (f.image) {
    const img = document.createElement('img')
    img.alt = f.name
    void fileBlob(f).then((url) => (img.src = url), () => {})
    box.append(img)
  }
  return box
}

async function sendFile(file: File): Promise<void> {
  await started()
  const clientId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
  const res = await fetch(`${base}/api/file?name=${encodeURIComponent(file.name)}&clientId=${clientId}`, {
    method: 'POST', headers: { 'content-type': 'application/octet-stream', ...(token ? { 'x-widget-token': token } : {}) }, body: file,
  })
  const json = await res.json()
  if (!res.ok) throw new Error(json.error_description ?? 'The file was not sent')
  render({ id: json.id, text: '', date: new Date().toISOString(), from: 'visitor', name: '', vote: false, files: json.file ? [json.file] : [] })
  chatId = json.chatId
  connect()
  await catchUp()
}

picker.addEventListener('change', async () => {
  errorBox.textContent = ''
  for (const file of Array.from(picker.files ?? [])) {
    try {
      await sendFile(file)
    } catch (e) {
      errorBox.textContent = e instanceof Error ? e.message : String(e)
    }
  }
  picker.value = ''
})

const BB = /\[(\/?)(b|i|u|s|url|br|send|put)(?:=([^\]]*))?\]/gi

/** One BB code as DOM: links only to http(s); [SEND=x] sends x as the visitor's message, [PUT=x] puts it in the input. */
function bbElement(tag: string, value: string | undefined): HTMLElement {
  if (tag === 'url') {
    const a = document.createElement('a')
    if (value && /^https?:\/\//i.test(value)) a.href = value
    a.target = '_blank'
    a.rel = 'noopener noreferrer'
    return a
  }
  if (tag === 'send' || tag === 'put') {
    const span = document.createElement('span')
    span.className = 'ol-cmd'
    span.setAttribute('role', 'button')
    span.addEventListener('click', () => {
      const v = value ?? span.textContent ?? ''
      if (tag === 'put') input.value = v
      else void sendText(v)
    })
    return span
  }
  return document.createElement(tag)
}

/** The BB codes of the formatting page ([B] [I] [U] [S] [URL] [BR] [SEND] [PUT]) built as elements, never as HTML. */
function formatted(text: string): DocumentFragment {
  const out = document.createDocumentFragment()
  const stack: Array<{ tag: string; el: HTMLElement | DocumentFragment }> = [{ tag: '', el: out }]
  let last = 0
  for (const m of text.matchAll(BB)) {
    const top = stack[stack.length - 1].el
    top.append(text.slice(last, m.index))
    last = (m.index ?? 0) + m[0].length
    const tag = m[2].toLowerCase()
    if (tag === 'br') top.append(document.createElement('br'))
    else if (!m[1]) {
      const el = bbElement(tag, m[3])
      top.append(el)
      stack.push({ tag, el })
    } else {
      const at = stack.map((s) => s.tag).lastIndexOf(tag)
      if (at <= 0) continue
      const el = stack[at].el
      // [URL]https://…[/URL]: the text is the address.
      if (el instanceof HTMLAnchorElement && !el.href && /^https?:\/\//i.test(el.textContent ?? '')) el.href = el.textContent ?? ''
      stack.length = at
    }
  }
  stack[stack.length - 1].el.append(text.slice(last))
  return out
}

/** A bot's keyboard: links open, PUT fills the input, SEND sends the text, COPY copies, COMMAND runs the bot's command. */
function keyboard(messageId: number, buttons: Button[]): HTMLElement {
  const box = document.createElement('div')
  box.className = 'ol-keys'
  buttons.forEach((k, index) => {
    if (k.newline) return void box.append(document.createElement('br'))
    const b = document.createElement('button')
    b.type = 'button'
    b.textContent = k.text
    b.disabled = Boolean(k.disabled)
    if (k.bgColor) b.style.background = k.bgColor
    if (k.textColor) b.style.color = k.textColor
    b.addEventListener('click', async () => {
      if (k.block) box.querySelectorAll('button').forEach((x) => (x.disabled = true))
      if (k.link) window.open(k.link, '_blank', 'noopener')
      else if (k.action === 'PUT') input.value = k.actionValue ?? ''
      else if (k.action === 'SEND') await sendText(k.actionValue ?? '')
      else if (k.action === 'COPY') await navigator.clipboard?.writeText(k.actionValue ?? '')
      else if (k.command) await api('button', { messageId, button: index })
    })
    box.append(b)
  })
  return box
}

function voteButtons(): HTMLElement {
  const box = document.createElement('div')
  box.className = 'ol-vote'
  for (const [like, label] of [[true, info.likeText], [false, info.dislikeText]] as const) {
    const b = document.createElement('button')
    b.type = 'button'
    b.textContent = label
    b.dataset.like = String(like)
    b.addEventListener('click', async () => {
      await api('vote', { like })
      box.textContent = 'Thank you for your rating!'
    })
    box.append(b)
  }
  return box
}

function connect(): void {
  if (socket || !token || !chatId) return
  const url = new URL(`${base}/api/socket?token=${encodeURIComponent(token)}`, location.href)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  const ws = new WebSocket(url)
  socket = ws
  // Anything written between the last read and the socket's subscription is read once it is open.
  ws.onopen = () => void catchUp().catch(() => {})
  ws.onmessage = (e) => onFrame(JSON.parse(String(e.data)))
  ws.onclose = () => {
    socket = null
    // Back after a pause: reload what was missed, then listen again.
    setTimeout(() => void catchUp().then(connect), 2000)
  }
}

let typingTimer = 0
function onFrame(f: { type: string; message?: Message; id?: number; upTo?: number }): void {
  if ((f.type === 'message' || f.type === 'messageUpdate') && f.message) {
    render(f.message)
    typing.textContent = ''
    if (f.message.from !== 'visitor' && document.visibilityState === 'visible') void api('read', { upTo: f.message.id })
  } else if (f.type === 'messageDelete' && f.id) {
    shown.get(f.id)?.remove()
    shown.delete(f.id)
  } else if (f.type === 'typing') {
    typing.textContent = 'Operator is typing…'
    clearTimeout(typingTimer)
    typingTimer = window.setTimeout(() => (typing.textContent = ''), 4000)
  } else if (f.type === 'read' && typeof f.upTo === 'number') {
    readUpTo = Math.max(readUpTo, f.upTo)
    for (const el of list.querySelectorAll<HTMLElement>('.ol-visitor')) if (Number(el.dataset.id) <= readUpTo && !el.querySelector('.ol-read')) {
      const r = document.createElement('div')
      r.className = 'ol-read'
      r.textContent = '✓✓ read'
      el.append(r)
    }
  }
}

async function catchUp(): Promise<void> {
  const last = Math.max(0, ...shown.keys())
  const h = await api<History>(`history?after=${last}`)
  readUpTo = h.readUpTo
  h.messages.forEach(render)
}

async function start(): Promise<void> {
  const s = await api<History & { token: string; line: LineInfo }>('start', identity ? { line, identity } : { line })
  token = s.token
  localStorage.setItem(storeKey, token)
  info = s.line
  head.textContent = info.lineName
  chatId = s.chatId
  readUpTo = s.readUpTo
  s.messages.forEach(render)
  connect()
}

let lastTyping = 0
input.addEventListener('input', () => {
  if (socket?.readyState === WebSocket.OPEN && Date.now() - lastTyping > 2000) {
    lastTyping = Date.now()
    socket.send(JSON.stringify({ type: 'typing' }))
  }
})
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault()
    form.requestSubmit()
  }
})
form.addEventListener('submit', async (e) => {
  e.preventDefault()
  const text = input.value.trim()
  if (!text) return
  input.value = ''
  errorBox.textContent = ''
  try {
    await sendText(text)
  } catch (err) {
    // Not sent: the text goes back into the box so nothing the visitor typed is lost.
    if (!input.value) input.value = text
    errorBox.textContent = err instanceof Error ? err.message : String(err)
  }
})

async function sendText(text: string): Promise<void> {
  if (!text.trim()) return
  await started()
  const clientId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
  const sent = await api<{ chatId: number; id: number }>('message', { text, clientId })
  render({ id: sent.id, text, date: new Date().toISOString(), from: 'visitor', name: '', vote: false })
  chatId = sent.chatId
  connect()
  // Welcome and off-hours texts arrive with the first message.
  await catchUp()
}

/**
 * The visitor's token comes from `start`; a message typed while it is still on
 * its way (a slow network, a busy page) waits for it instead of going out
 * without one, and a failed start is tried again on the next send.
 */
let starting: Promise<void> = start()
async function started(): Promise<void> {
  try {
    await starting
  } catch {
    starting = start()
    await starting
  }
}
starting.catch((e: unknown) => {
  errorBox.textContent = e instanceof Error ? e.message : String(e)
})
