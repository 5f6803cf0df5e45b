import { checkPasswordRules, passwordUser, storePassword } from '../console/index.js'
import type { Deps } from '../deps.js'
import { isRestError } from '../platform/errors.js'
import { CliError, parse, positiveInt, UsageError } from './cli-args.js'
import type { Out } from './run.js'

/** Asks for a secret: prompts without echo on a terminal, else reads the first line of stdin. */
export type ReadSecret = (prompt: string) => Promise<string>

async function userOf(deps: Deps, id: number) {
  try {
    return await passwordUser(deps.db, id)
  } catch (e) {
    if (isRestError(e)) throw new CliError(`user ${id}: ${e.description}`)
    throw e
  }
}

/** `openlines user password ID`: sets the user's password, read from stdin or a prompt; ends their console sessions. */
export async function userPassword(args: string[], open: () => Promise<Deps>, out: Out, readSecret: ReadSecret): Promise<void> {
  const { positionals } = parse(args, {}, true)
  if (positionals.length !== 1) throw new UsageError('user password takes one user ID (the password is read from stdin)')
  const id = positiveInt('ID', positionals[0])
  const password = await readSecret('New password: ')
  try {
    checkPasswordRules(password)
  } catch (e) {
    if (isRestError(e)) throw new CliError(e.description)
    throw e
  }
  const deps = await open()
  const user = await userOf(deps, id)
  await storePassword(deps.db, deps.console.sessions, id, password, null)
  out(`password set for user ${id} (${user.email || [user.name, user.last_name].filter(Boolean).join(' ')}); their console sessions were ended`)
}

/** `openlines user link ID`: prints a one-time console sign-in link. */
export async function userLink(args: string[], open: () => Promise<Deps>, out: Out): Promise<void> {
  const { positionals } = parse(args, {}, true)
  if (positionals.length !== 1) throw new UsageError('user link takes one user ID')
  const id = positiveInt('ID', positionals[0])
  const deps = await open()
  const user = await userOf(deps, id)
  if (!user.active) throw new CliError(`user ${id} is dismissed (inactive) and cannot sign in`)
  const link = await deps.console.sessions.issueLink(id)
  out(`one-time sign-in link for user ${id}, valid until ${link.expiresAt.toISOString()}:`)
  out(link.url)
}
