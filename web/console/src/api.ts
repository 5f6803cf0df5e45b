/** The console's only way to the server: the public REST API, as the signed-in user. */

export class ApiError extends Error {
  constructor(public code: string, public description: string, public status: number) {
    super(description || code)
  }
}

export interface ConsoleUser {
  ID: number | string
  NAME: string
  LAST_NAME: string
  EMAIL: string
  IS_ADMIN: boolean
}

export interface SessionInfo {
  user: ConsoleUser
  csrf: string
}

export interface ListPage<T> {
  items: T[]
  total: number
  next?: number
}

/** The CSRF token of the cookie session: the cookie alone authenticates nothing. */
let csrf = ''

const restUrl = (method: string) => `/rest/${encodeURIComponent(method)}`

async function readJson(res: Response): Promise<Record<string, unknown>> {
  try {
    return (await res.json()) as Record<string, unknown>
  } catch {
    throw new ApiError('BAD_RESPONSE', `The server answered ${res.status} without JSON`, res.status)
  }
}

function errorOf(body: Record<string, unknown>, status: number): ApiError {
  return new ApiError(String(body.error ?? 'ERROR'), String(body.error_description ?? body.error ?? `HTTP ${status}`), status)
}

async function post(url: string, params: object, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(params),
    })
  } catch {
    throw new ApiError('NETWORK', 'The server cannot be reached', 0)
  }
  const body = await readJson(res)
  if (!res.ok || body.error) throw errorOf(body, res.status)
  return body
}

function authHeaders(): Record<string, string> {
  return csrf ? { 'X-Console-Csrf': csrf } : {}
}

/** One REST call; throws ApiError with the envelope's code. */
export async function call<T>(method: string, params: object = {}): Promise<T> {
  const body = await post(restUrl(method), params, authHeaders())
  return body.result as T
}

/** A paged list method: one page from `start`, with the envelope's total and next. */
export async function callList<T>(method: string, params: object = {}): Promise<ListPage<T>> {
  const body = await post(restUrl(method), params, authHeaders())
  const result = body.result
  const items = Array.isArray(result) ? (result as T[]) : []
  return { items, total: typeof body.total === 'number' ? body.total : items.length, ...(typeof body.next === 'number' ? { next: body.next } : {}) }
}

function adopt(s: SessionInfo): SessionInfo {
  csrf = s.csrf
  return s
}

export async function login(loginName: string, password: string): Promise<SessionInfo> {
  return adopt((await post('/console/api/login', { login: loginName, password })) as unknown as SessionInfo)
}

/** The session the cookie holds, or null when there is none. */
export async function currentSession(): Promise<SessionInfo | null> {
  let res: Response
  try {
    res = await fetch('/console/api/session', { credentials: 'same-origin' })
  } catch {
    throw new ApiError('NETWORK', 'The server cannot be reached', 0)
  }
  if (res.status === 401 || res.status === 404) return null
  const body = await readJson(res)
  if (!res.ok) throw errorOf(body, res.status)
  return adopt(body as unknown as SessionInfo)
}

export async function logout(): Promise<void> {
  try {
    await post('/console/api/logout', {}, authHeaders())
  } finally {
    csrf = ''
  }
}

/** The operator websocket's URL with this session's credentials. */
export function socketUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${proto}//${location.host}/realtime/operator?csrf=${encodeURIComponent(csrf)}`
}

/**
 * A file this server keeps (a visitor's or an operator's, under /online/file/) as the console may fetch it: a link
 * or an <img> sends no header, so the CSRF token goes along as `?csrf=`, as for the socket. Other links stay as given.
 */
export function fileLink(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url, location.href)
  } catch {
    return url
  }
  if (!parsed.pathname.startsWith('/online/file/') || !csrf) return url
  return `${parsed.pathname}?csrf=${encodeURIComponent(csrf)}`
}

/**
 * A REST call with a multipart body (files), reporting upload progress (0..1) as it goes; fetch cannot, so this is
 * XMLHttpRequest. Throws ApiError with the envelope's code, as `call` does.
 */
export function callMultipart<T>(method: string, form: FormData, onProgress: (share: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', restUrl(method))
    xhr.withCredentials = true
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total)
    }
    xhr.onerror = () => reject(new ApiError('NETWORK', 'The server cannot be reached', 0))
    xhr.onload = () => {
      let body: Record<string, unknown>
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>
      } catch {
        return reject(new ApiError('BAD_RESPONSE', `The server answered ${xhr.status} without JSON`, xhr.status))
      }
      if (xhr.status >= 400 || body.error) return reject(errorOf(body, xhr.status))
      resolve(body.result as T)
    }
    xhr.send(form)
  })
}
