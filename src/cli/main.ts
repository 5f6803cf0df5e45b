import { bootstrapFirstStart } from '../bootstrap.js'
import { ConfigError, describeConfig, loadConfig } from '../config.js'
import { createDeps } from '../container.js'
import type { Deps } from '../deps.js'
import { createLogger } from '../platform/logger.js'
import { StoreLockedError } from '../storage/data-dir-lock.js'
import { CliError, UsageError, USAGE } from './cli-args.js'
import { userAdd, userList, type Out } from './user-commands.js'
import { webhookAdd, webhookList, webhookRevoke } from './webhook-commands.js'

type Command = (args: string[], open: () => Promise<Deps>, out: Out) => Promise<void>

const COMMANDS: Record<string, Command> = {
  'user add': userAdd,
  'user list': userList,
  'webhook add': webhookAdd,
  'webhook list': webhookList,
  'webhook revoke': webhookRevoke,
  config: async (args, _open, out) => {
    if (args.length) throw new UsageError('config takes no arguments')
    out(JSON.stringify(describeConfig(loadConfig()), null, 2))
  },
}

function commandOf(argv: string[]): { command: Command; args: string[] } {
  const two = argv.slice(0, 2).join(' ')
  if (COMMANDS[two]) return { command: COMMANDS[two], args: argv.slice(2) }
  if (argv[0] !== undefined && COMMANDS[argv[0]]) return { command: COMMANDS[argv[0]], args: argv.slice(1) }
  throw new UsageError(argv.length ? `unknown command: ${argv.slice(0, 2).join(' ')}` : 'no command given')
}

/** Runs one command; returns the exit code (0 done, 1 failed, 2 bad arguments). */
export async function runCli(argv: string[], out: Out, err: Out): Promise<number> {
  if (argv.length === 0 || ['help', '--help', '-h'].includes(argv[0])) {
    ;(argv.length === 0 ? err : out)(USAGE)
    return argv.length === 0 ? 2 : 0
  }
  const opened: { deps?: Deps } = {}
  // The store is opened only once the arguments are known to be good, and as the server opens it.
  const open = async () => {
    const deps = await createDeps(loadConfig(), { logger: createLogger('silent') })
    opened.deps = deps
    const first = await bootstrapFirstStart(deps)
    if (first) out(`first start: created the administrator (user 1) and their webhook (shown once):\n  ${first.webhookUrl}`)
    return deps
  }
  try {
    const { command, args } = commandOf(argv)
    await command(args, open, out)
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

const write = (stream: NodeJS.WriteStream) => (line: string) => stream.write(`${line}\n`)

runCli(process.argv.slice(2), write(process.stdout), write(process.stderr)).then((code) => {
  process.exitCode = code
})
