/** Who is calling: resolved once per call from the credentials; the only thing handlers read about auth. */
export interface Actor {
  kind: 'webhook' | 'app' | 'session'
  userId: number
  isAdmin: boolean
  /** Scopes granted to the credential; 'all' for a console session of the user themself. */
  scopes: ReadonlySet<string> | 'all'
  /** Rate limits and operating time are kept per credential under this key. */
  credentialKey: string
  webhookId: number | null
  appId: number | null
  clientId: string | null
  /** The call's `auth_connector` (source key): offline event queues skip changes made through their own key. */
  authConnector?: string
  /** A console session's token hash (kind 'session'): changing one's own password keeps this session. */
  consoleTokenHash?: string
}

/** The actor of one call, with the source key the call carried (offline-events.md, avoiding cycles). */
export function withAuthConnector(actor: Actor, params: Record<string, unknown>): Actor {
  const key = params.auth_connector ?? params.AUTH_CONNECTOR
  return typeof key === 'string' && key !== '' ? { ...actor, authConnector: key } : actor
}

export function hasScope(actor: Actor, scope: string): boolean {
  if (scope === 'basic') return true
  return actor.scopes === 'all' || actor.scopes.has(scope)
}

export function hasAnyScope(actor: Actor, scopes: readonly string[]): boolean {
  return scopes.some((s) => hasScope(actor, s))
}

/** What a request carried to prove who it is; at most one of the forms is used. */
export interface Credentials {
  webhook?: { userId: string; code: string }
  authToken?: string
  /** The console's session cookie with the CSRF token the page sent next to it (X-Console-Csrf). */
  console?: { token: string; csrf: string }
}
