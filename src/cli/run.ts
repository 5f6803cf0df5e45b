import { ConfigError, describeConfig, loadConfig, type Config } from '../config.js'
import type { Deps } from '../deps.js'
import { StoreLockedError } from '../storage/data-dir-lock.js'
import { CliError, UsageError, USAGE } from './cli-args.js'

export type Out = (line: string) => void
type Env = Record<string, string | undefined>
type ReadSecret = (prompt: string) => Promise<string>
type Command = (args: string[], open: () => Promise<Deps>, out: Out, env: Env | undefined, readSecret: ReadSecret) => Promise<void>
type StoreCommand = (args: string[], open: () => Promise<Deps>, out: Out) => Promise<void>

// Loaded on demand, so that `help`, `config` and usage errors answer without loading the server.
const lazy = (load: () => Promise<StoreCommand>): Command => async (args, open, out) => (await load())(args, open, out)
const users = () => import('./user-commands.js')
const hooks = () => import('./webhook-commands.js')
const consoleCommands = () => import('./console-commands.js')

const COMMANDS: Record<string, Command> = {
  'user add': lazy(async () => (await users()).userAdd),
  'user list': lazy(async () => (await users()).userList),
  'user password': async (args, open, out, _env, readSecret) => (await consoleCommands()).userPassword(args, open, out, readSecret),
  'user link': lazy(async () => (await consoleCommands()).userLink),
  'webhook add': lazy(async () => (await hooks()).webhookAdd),
  'webhook list': lazy(async () => (await hooks()).webhookList),
  'webhook revoke': lazy(async () => (await hooks()).webhookRevoke),
  'widget secret': lazy(async () => (await import('./widget-commands.js')).widgetSecretCommand),
  ...appsCliCommands(),
  network: lazy(async () => (await import('./network-commands.js')).networkCommand),
  config: async (args, _open, out, env) => {
    if (args.length) throw new UsageError('config takes no arguments')
    out(JSON.stringify(describeConfig(loadConfig(env)), null, 2))
  },
}

/** The app and delivery commands (events domain): they print what they return; their usage errors exit 2. */
function appsCliCommands(): Record<string, Command> {
  const names = [
    'apps add', 'apps list', 'apps show', 'apps update', 'apps remove', 'deliveries list', 'deliveries show', 'deliveries replay',
    'outgoing-webhook add', 'outgoing-webhook list', 'outgoing-webhook show', 'outgoing-webhook update', 'outgoing-webhook remove',
  ]
  return Object.fromEntries(
    names.map((name) => [
      name,
      async (args: string[], open: () => Promise<Deps>, out: Out) => {
        const { appsCommands, CliUsageError } = await import('./apps.commands.js')
        const command = appsCommands[name]
        if (!command) throw new UsageError(`unknown command: ${name}`)
        try {
          // Arguments are checked by the command itself; open the store only for a real run.
          out(await command.run(await open(), args))
        } catch (e) {
          if (e instanceof CliUsageError) throw new UsageError(e.message)
          throw e
        }
      },
    ]),
  )
}

/** The store as the server opens it, initialised as on the server's first start if it is empty. */
async function openDeps(config: Config, out: Out): Promise<Deps> {
  const [{ createDeps }, { bootstrapFirstStart }, { createLogger }] = await Promise.all([
    import('../container.js'),
    import('../bootstrap.js'),
    import('../platform/logger.js'),
  ])
  const deps = await createDeps(config, { logger: createLogger('silent') })
  try {
    const first = await bootstrapFirstStart(deps)
    if (first) out(`first start: created the administrator (user 1) and their webhook (shown once):\n  ${first.webhookUrl}`)
    return deps
  } catch (e) {
    await deps.store.close()
    throw e
  }
}

function commandOf(argv: string[]): { command: Command; args: string[] } {
  const two = argv.slice(0, 2).join(' ')
  if (COMMANDS[two]) return { command: COMMANDS[two], args: argv.slice(2) }
  if (argv[0] !== undefined && COMMANDS[argv[0]]) return { command: COMMANDS[argv[0]], args: argv.slice(1) }
  throw new UsageError(argv.length ? `unknown command: ${argv.slice(0, 2).join(' ')}` : 'no command given')
}

/**
 * Runs one command; returns the exit code (0 done, 1 failed, 2 bad arguments).
 * `env` stands in for the environment in tests; by default config.ts reads the real one.
 */
export async function runCli(argv: string[], out: Out, err: Out, env?: Env, readSecret?: ReadSecret): Promise<number> {
  if (argv.length === 0 || ['help', '--help', '-h'].includes(argv[0])) {
    ;(argv.length === 0 ? err : out)(USAGE)
    return argv.length === 0 ? 2 : 0
  }
  const opened: { deps?: Deps } = {}
  // The store is opened only once the arguments are known to be good, and as the server opens it.
  const open = async () => {
    opened.deps = await openDeps(loadConfig(env), out)
    return opened.deps
  }
  try {
    const { command, args } = commandOf(argv)
    const secret = readSecret ?? (async (prompt: string) => (await import('./read-secret.js')).readSecretFromStdin(prompt))
    await command(args, open, out, env, secret)
    return 0
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      err(`openlines: ${e.message}`)
      if (e instanceof UsageError) err('run "openlines help" for usage')
      return 2
    }
    err(`openlines: ${e instanceof StoreLockedError || e instanceof CliError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    return 1
  } finally {
    await opened.deps?.store.close()
  }
}
