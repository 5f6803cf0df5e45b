/**
 * Every event this server raises, with the scope an app needs to bind it
 * (`events`, `event.bind`) and what its `auth` block carries:
 * - user: the tokens of the acting user (or of the handler's auth_type), when there is one
 * - refresh: the same, plus a refresh_token (ONAPPINSTALL, ONAPPUPDATE, ONOFFLINEEVENT pages)
 * - none: no tokens at all (ONAPPUNINSTALL: the app is gone)
 * Domains that raise a new event add it here; recordEvent refuses names it does not know.
 */
export type EventTokens = 'user' | 'refresh' | 'none'

export interface EventSpec {
  scope: string
  tokens: EventTokens
  /** Events that can only be delivered to a URL (ONOFFLINEEVENT itself). */
  onlineOnly?: boolean
}

const user = (scope: string): EventSpec => ({ scope, tokens: 'user' })

const CRM_EVENTS = ['LEAD', 'DEAL', 'CONTACT', 'COMPANY'].flatMap((o) => ['ADD', 'UPDATE', 'DELETE'].map((a) => `ONCRM${o}${a}`))

export const EVENT_CATALOGUE: Readonly<Record<string, EventSpec>> = {
  ONAPPINSTALL: { scope: 'basic', tokens: 'refresh' },
  ONAPPUPDATE: { scope: 'basic', tokens: 'refresh' },
  ONAPPUNINSTALL: { scope: 'basic', tokens: 'none' },
  ONAPPPAYMENT: { scope: 'basic', tokens: 'none' },
  ONAPPMETHODCONFIRM: { scope: 'basic', tokens: 'none' },
  ONAPPTEST: user('basic'),
  ONOFFLINEEVENT: { scope: 'basic', tokens: 'refresh', onlineOnly: true },
  ONUSERADD: user('user'),
  ONSESSIONSTART: user('imopenlines'),
  ONSESSIONFINISH: user('imopenlines'),
  ONOPENLINEMESSAGEADD: user('imopenlines'),
  ONOPENLINEMESSAGEUPDATE: user('imopenlines'),
  ONOPENLINEMESSAGEDELETE: user('imopenlines'),
  ONIMCONNECTORMESSAGEADD: user('imconnector'),
  ONIMCONNECTORMESSAGEUPDATE: user('imconnector'),
  ONIMCONNECTORMESSAGEDELETE: user('imconnector'),
  ONIMCONNECTORDIALOGSTART: user('imconnector'),
  ONIMCONNECTORDIALOGFINISH: user('imconnector'),
  ONIMCONNECTORLINEDELETE: user('imconnector'),
  ONIMCONNECTORSTATUSDELETE: user('imconnector'),
  ONIMBOTMESSAGEADD: user('imbot'),
  ONIMBOTMESSAGEUPDATE: user('imbot'),
  ONIMBOTMESSAGEDELETE: user('imbot'),
  ONIMBOTJOINCHAT: user('imbot'),
  ONIMBOTDELETE: user('imbot'),
  ONIMCOMMANDADD: user('imbot'),
  ...Object.fromEntries(CRM_EVENTS.map((name) => [name, user('crm')])),
}

export function eventSpec(name: string): EventSpec | undefined {
  return EVENT_CATALOGUE[name.toUpperCase()]
}

/** Event names of the given scopes, in catalogue order (`events`). */
export function eventsOfScopes(scopes: ReadonlySet<string> | 'all'): string[] {
  return Object.entries(EVENT_CATALOGUE)
    .filter(([, spec]) => scopes === 'all' || spec.scope === 'basic' || scopes.has(spec.scope))
    .map(([name]) => name)
}
