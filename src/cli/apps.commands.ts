import { parseArgs, type ParseArgsConfig } from 'node:util'
import { appView, outgoingWebhookView, webhookEvents } from '../apps/index.js'
import type { Deps } from '../deps.js'
import { inspectDelivery, listDeliveries, replayDeliveries } from '../events/index.js'
import { isRestError } from '../platform/errors.js'
import type { Executor } from '../storage/db.js'

/**
 * Command-line forms of the app and delivery administration (the same
 * services as openlines.app.* and openlines.event.delivery.*). Each command
 * takes the wired deps and its own arguments, and returns what to print;
 * a wrong argument throws CliUsageError with a message for the user.
 */
export class CliUsageError extends Error {}

export interface CliCommand {
  usage: string
  summary: string
  run(deps: Deps, argv: string[]): Promise<string>
}

type Options = NonNullable<ParseArgsConfig['options']>

interface Parsed {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>
  positionals: string[]
}

function parse(argv: string[], options: Options, positionals = 0): Parsed {
  let parsed: Parsed
  try {
    parsed = parseArgs({ args: argv, options: { ...options, json: { type: 'boolean' } }, allowPositionals: positionals > 0, strict: true })
  } catch (e) {
    throw new CliUsageError((e as Error).message)
  }
  if (parsed.positionals.length > positionals) throw new CliUsageError(`unexpected argument: ${parsed.positionals[positionals]}`)
  return parsed
}

function idArg(value: string | undefined, what: string): number {
  const n = Number(value)
  if (!value || !Number.isInteger(n) || n < 1) throw new CliUsageError(`${what} must be a positive integer${value ? `, got "${value}"` : ''}`)
  return n
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

function show(value: unknown, json: boolean): string {
  if (json) return `${JSON.stringify(value, null, 2)}\n`
  if (Array.isArray(value)) return value.map((v) => show(v, false)).join('\n')
  return `${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k.padEnd(18)} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`).join('\n')}\n`
}

/** Runs in one transaction; a RestError (bad scope, unknown id ...) becomes a usage error with its description. */
async function inTx<T>(deps: Deps, work: (tx: Executor) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction().execute((tx) => work(tx))
  } catch (e) {
    if (isRestError(e)) throw new CliUsageError(`${e.code}: ${e.description}`)
    throw e
  }
}

const ADMIN = 1

export const appsAdd: CliCommand = {
  usage: 'apps add --title TITLE --scope crm,imopenlines [--redirect-uri URL] [--install-handler URL] [--code CODE] [--as USER_ID] [--json]',
  summary: 'register and install a local application; prints its client_id, client_secret and application_token',
  async run(deps, argv) {
    const { values } = parse(argv, {
      title: { type: 'string' }, scope: { type: 'string' }, 'redirect-uri': { type: 'string' },
      'install-handler': { type: 'string' }, code: { type: 'string' }, as: { type: 'string' },
    })
    if (!str(values.title)) throw new CliUsageError('--title is required')
    if (!str(values.scope)) throw new CliUsageError('--scope is required (comma-separated, e.g. crm,imopenlines)')
    const by = values.as === undefined ? ADMIN : idArg(str(values.as), '--as')
    const app = await inTx(deps, (tx) => deps.apps.registry.register(tx, by, {
      title: str(values.title) ?? '', scopes: str(values.scope) ?? '', redirectUri: str(values['redirect-uri']),
      installHandler: str(values['install-handler']), code: str(values.code),
    }))
    return show(appView(app, true), Boolean(values.json))
  },
}

export const appsList: CliCommand = {
  usage: 'apps list [--json]',
  summary: 'list local applications',
  async run(deps, argv) {
    const { values } = parse(argv, {})
    const { items } = await inTx(deps, (tx) => deps.apps.registry.list(tx, { offset: 0, limit: 10_000 }))
    if (values.json) return show(items.map((a) => appView(a, false)), true)
    if (!items.length) return 'no applications\n'
    return `${items.map((a) => `${String(a.id).padStart(4)}  ${a.revoked_at ? 'uninstalled' : 'installed  '}  ${a.client_id}  ${a.title}  [${a.scopes.join(',')}]`).join('\n')}\n`
  },
}

export const appsShow: CliCommand = {
  usage: 'apps show ID [--json]',
  summary: 'one application, with its client_secret',
  async run(deps, argv) {
    const { values, positionals } = parse(argv, {}, 1)
    const id = idArg(positionals[0], 'ID')
    return show(appView(await inTx(deps, (tx) => deps.apps.registry.get(tx, id)), true), Boolean(values.json))
  },
}

export const appsUpdate: CliCommand = {
  usage: 'apps update ID [--title T] [--scope S] [--redirect-uri URL] [--install-handler URL] [--version N] [--as USER_ID] [--json]',
  summary: 'change an application; a higher --version raises ONAPPUPDATE',
  async run(deps, argv) {
    const { values, positionals } = parse(argv, {
      title: { type: 'string' }, scope: { type: 'string' }, 'redirect-uri': { type: 'string' }, 'install-handler': { type: 'string' },
      version: { type: 'string' }, as: { type: 'string' },
    }, 1)
    const id = idArg(positionals[0], 'ID')
    const by = values.as === undefined ? ADMIN : idArg(str(values.as), '--as')
    const app = await inTx(deps, (tx) => deps.apps.registry.update(tx, by, id, {
      title: str(values.title), scopes: str(values.scope), redirectUri: str(values['redirect-uri']),
      installHandler: str(values['install-handler']), version: values.version === undefined ? undefined : idArg(str(values.version), '--version'),
    }))
    return show(appView(app, false), Boolean(values.json))
  },
}

export const appsRemove: CliCommand = {
  usage: 'apps remove ID [--clean]',
  summary: 'uninstall an application: its tokens stop at once; --clean also drops its options',
  async run(deps, argv) {
    const { values, positionals } = parse(argv, { clean: { type: 'boolean' } }, 1)
    const id = idArg(positionals[0], 'ID')
    await inTx(deps, (tx) => deps.apps.registry.uninstall(tx, id, Boolean(values.clean)))
    deps.apps.issuer.forget(id)
    return `application ${id} uninstalled\n`
  },
}

const STATES = ['new', 'pending', 'waiting', 'delivered', 'failed'] as const

export const deliveriesList: CliCommand = {
  usage: 'deliveries list [--state failed|pending|delivered|waiting|new] [--app ID] [--event NAME] [--start N] [--json]',
  summary: 'event deliveries, newest first, 50 at a time',
  async run(deps, argv) {
    const { values } = parse(argv, { state: { type: 'string' }, app: { type: 'string' }, event: { type: 'string' }, start: { type: 'string' } })
    const state = str(values.state)
    if (state !== undefined && !(STATES as readonly string[]).includes(state)) throw new CliUsageError(`--state must be one of ${STATES.join(', ')}`)
    const page = await inTx(deps, (tx) => listDeliveries(tx, {
      state: state as (typeof STATES)[number] | undefined,
      appId: values.app === undefined ? undefined : idArg(str(values.app), '--app'),
      event: str(values.event),
    }, values.start === undefined ? 0 : Number(values.start)))
    if (values.json) return show({ result: page.items, total: page.total, next: page.next }, true)
    if (!page.items.length) return 'no deliveries\n'
    const lines = page.items.map((d) => `${String(d.ID).padStart(6)}  ${String(d.STATE).padEnd(9)}  tries ${String(d.ATTEMPTS).padStart(2)}  ${String(d.EVENT).padEnd(26)}  app ${d.APP_ID}  ${d.URL}${d.LAST_ERROR ? `  (${String(d.LAST_ERROR)})` : ''}`)
    return `${lines.join('\n')}\n${page.total ?? page.items.length} in all${page.next !== null ? `; next page: --start ${page.next}` : ''}\n`
  },
}

export const deliveriesShow: CliCommand = {
  usage: 'deliveries show ID [--json]',
  summary: 'one delivery with its event data and every attempt',
  async run(deps, argv) {
    const { values, positionals } = parse(argv, {}, 1)
    const id = idArg(positionals[0], 'ID')
    return show(await inTx(deps, (tx) => inspectDelivery(tx, id)), Boolean(values.json))
  },
}

export const deliveriesReplay: CliCommand = {
  usage: 'deliveries replay (ID... | --app ID | --all-failed)',
  summary: 'queue parked (failed) deliveries again with a fresh budget of tries',
  async run(deps, argv) {
    const { values, positionals } = parse(argv, { app: { type: 'string' }, 'all-failed': { type: 'boolean' } }, 1000)
    const ids = positionals.map((p) => idArg(p, 'ID'))
    if (!ids.length && values.app === undefined && !values['all-failed']) throw new CliUsageError('give delivery ids, --app ID or --all-failed')
    const count = await inTx(deps, (tx) => replayDeliveries(tx, {
      ids: ids.length ? ids : undefined, appId: values.app === undefined ? undefined : idArg(str(values.app), '--app'),
    }))
    return `${count} deliveries queued again\n`
  },
}

export const outgoingAdd: CliCommand = {
  usage: 'outgoing-webhook add --handler URL --events ONCRMDEALADD,ONCRMDEALUPDATE [--title TITLE] [--as USER_ID] [--json]',
  summary: 'create an outgoing webhook; prints its application_token (auth[application_token] of every request) and signing secret',
  async run(deps, argv) {
    const { values } = parse(argv, { handler: { type: 'string' }, events: { type: 'string' }, title: { type: 'string' }, as: { type: 'string' } })
    if (!str(values.handler)) throw new CliUsageError('--handler is required (the URL that receives the events)')
    if (!str(values.events)) throw new CliUsageError(`--events is required (comma-separated; one of ${webhookEvents().slice(0, 3).join(', ')} ...)`)
    const by = values.as === undefined ? ADMIN : idArg(str(values.as), '--as')
    const hook = await inTx(deps, (tx) => deps.apps.outgoing.add(tx, by, {
      handler: str(values.handler) ?? '', events: str(values.events) ?? '', title: str(values.title),
    }))
    return show(outgoingWebhookView(hook, true), Boolean(values.json))
  },
}

export const outgoingList: CliCommand = {
  usage: 'outgoing-webhook list [--json]',
  summary: 'list outgoing webhooks',
  async run(deps, argv) {
    const { values } = parse(argv, {})
    const { items } = await inTx(deps, (tx) => deps.apps.outgoing.list(tx, { offset: 0, limit: 10_000 }))
    if (values.json) return show(items.map((w) => outgoingWebhookView(w, false)), true)
    if (!items.length) return 'no outgoing webhooks\n'
    return `${items.map((w) => `${String(w.row.id).padStart(4)}  ${w.row.revoked_at ? 'deleted' : 'active '}  ${w.row.handler}  [${w.events.join(',')}]  ${w.row.title}`).join('\n')}\n`
  },
}

export const outgoingShow: CliCommand = {
  usage: 'outgoing-webhook show ID [--json]',
  summary: 'one outgoing webhook, with its signing secret',
  async run(deps, argv) {
    const { values, positionals } = parse(argv, {}, 1)
    const id = idArg(positionals[0], 'ID')
    return show(outgoingWebhookView(await inTx(deps, (tx) => deps.apps.outgoing.get(tx, id)), true), Boolean(values.json))
  },
}

export const outgoingUpdate: CliCommand = {
  usage: 'outgoing-webhook update ID [--handler URL] [--events E1,E2] [--title TITLE] [--json]',
  summary: 'change where an outgoing webhook sends, which events, or its title',
  async run(deps, argv) {
    const { values, positionals } = parse(argv, { handler: { type: 'string' }, events: { type: 'string' }, title: { type: 'string' } }, 1)
    const id = idArg(positionals[0], 'ID')
    const hook = await inTx(deps, (tx) => deps.apps.outgoing.update(tx, id, {
      handler: str(values.handler), events: str(values.events), title: str(values.title),
    }))
    return show(outgoingWebhookView(hook, false), Boolean(values.json))
  },
}

export const outgoingRemove: CliCommand = {
  usage: 'outgoing-webhook remove ID',
  summary: 'delete an outgoing webhook: nothing more is sent, what was queued is dropped',
  async run(deps, argv) {
    const { positionals } = parse(argv, {}, 1)
    const id = idArg(positionals[0], 'ID')
    await inTx(deps, (tx) => deps.apps.outgoing.remove(tx, id))
    return `outgoing webhook ${id} deleted\n`
  },
}

/** Keyed by the words that name them on the command line. */
export const appsCommands: Record<string, CliCommand> = {
  'apps add': appsAdd,
  'apps list': appsList,
  'apps show': appsShow,
  'apps update': appsUpdate,
  'apps remove': appsRemove,
  'deliveries list': deliveriesList,
  'deliveries show': deliveriesShow,
  'deliveries replay': deliveriesReplay,
  'outgoing-webhook add': outgoingAdd,
  'outgoing-webhook list': outgoingList,
  'outgoing-webhook show': outgoingShow,
  'outgoing-webhook update': outgoingUpdate,
  'outgoing-webhook remove': outgoingRemove,
}
