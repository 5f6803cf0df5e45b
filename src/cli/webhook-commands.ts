import { parseScopes } from '../auth/scopes.js'
import { listWebhooks } from '../auth/webhooks.repo.js'
import type { Deps } from '../deps.js'
import { getUser } from '../users/index.js'
import { CliError, parse, positiveInt, required, table, UsageError } from './cli-args.js'
import type { Out } from './run.js'

/** `openlines webhook add`: the URL carries the code, which is stored only as a hash, so it is printed this once. */
export async function webhookAdd(args: string[], open: () => Promise<Deps>, out: Out): Promise<void> {
  const { values } = parse(args, { user: { type: 'string' }, scopes: { type: 'string' }, title: { type: 'string' } })
  const userId = positiveInt('--user', values.user)
  let scopes: string[]
  try {
    scopes = parseScopes(required('--scopes', values.scopes))
  } catch (e) {
    throw new UsageError(`--scopes: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (scopes.length === 0) throw new UsageError('--scopes: name at least one scope')
  const deps = await open()
  const user = await getUser(deps.db, userId)
  if (!user || !user.active) throw new CliError(`--user: user ${userId} ${user ? 'is dismissed' : 'does not exist'}`)
  const hook = await deps.auth.createWebhook({ userId, scopes, title: values.title ?? '' })
  out(`created webhook ${hook.id} for user ${userId} with scopes ${scopes.join(',')}`)
  out(`  ${hook.url}`)
  out('The URL is shown only now; keep it safe.')
}

/** `openlines webhook list`: never the codes, only the few characters that tell them apart. */
export async function webhookList(args: string[], open: () => Promise<Deps>, out: Out): Promise<void> {
  parse(args, {})
  const deps = await open()
  const hooks = await listWebhooks(deps.db)
  const rows = hooks.map((h) => [
    String(h.id),
    String(h.user_id),
    h.title,
    `${h.code_hint}…`,
    h.scopes.join(','),
    h.created_at.toISOString(),
    h.revoked_at ? `revoked ${h.revoked_at.toISOString()}` : 'active',
  ])
  out(table(['ID', 'USER', 'TITLE', 'CODE', 'SCOPES', 'CREATED', 'STATE'], rows))
}

/** `openlines webhook revoke ID`. */
export async function webhookRevoke(args: string[], open: () => Promise<Deps>, out: Out): Promise<void> {
  const { positionals } = parse(args, {}, true)
  if (positionals.length !== 1) throw new UsageError('webhook revoke takes one webhook id')
  const id = positiveInt('the webhook id', positionals[0])
  const deps = await open()
  if (!(await deps.auth.revokeWebhook(id))) throw new CliError(`webhook ${id} does not exist or is already revoked`)
  out(`revoked webhook ${id}`)
}
