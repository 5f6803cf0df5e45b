import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A mistake in the command line: reported with the usage and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** The command was understood but cannot be done (no such user, webhook, department...): exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CliError'
  }
}

export const USAGE = `usage: openlines <command> [options]

  user add --name NAME [--last-name NAME] [--email EMAIL] [--admin] [--department ID]...
                       add an employee (in the top department unless --department is given)
  user list [--all]    list employees, extranet and mail users (--all: bots and customers too)
  user password ID     set a user's console sign-in password (read from stdin, or asked on a terminal);
                       ends the user's console sessions
  user link ID         print a one-time console sign-in link for a user (valid 24 hours)
  webhook add --user ID --scopes SCOPE,SCOPE,... [--title TITLE]
                       create an incoming webhook; its URL is printed once
  webhook list         list webhooks (codes are never shown, only their first characters)
  webhook revoke ID    revoke a webhook
  widget secret LINE_ID [--rotate]
                       print (or replace) the secret sites sign widget visitor identities with
  apps add|list|show|update|remove ...
                       local applications (OAuth clients); "openlines apps add --help" style usage on error
  deliveries list|show|replay ...
                       event deliveries: list failed ones, inspect attempts, replay
  network peer set|list|remove, network publish|unpublish --line ID, network lines|outbox
                       network lines: peer servers and lines published to them
  outgoing-webhook add --handler URL --events EVENT,EVENT,... [--title TITLE]
                       create an outgoing webhook; prints its application_token
  outgoing-webhook list|show|update|remove ...
                       outgoing webhooks: list, show with the signing secret, change, delete
  config               print the configuration the server would use (secrets hidden)

The command opens the same store as the server (DATA_DIR or DATABASE_URL).
The embedded store (DATA_DIR) can be open in one process only: stop the
server first, or run it on PostgreSQL to use this tool alongside it.`

type Options = NonNullable<ParseArgsConfig['options']>

/** node:util parseArgs, with its errors turned into usage errors. */
export function parse<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true })
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e))
  }
}

export function positiveInt(what: string, value: string | undefined): number {
  if (value === undefined) throw new UsageError(`${what} is required`)
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new UsageError(`${what} must be a positive integer, got "${value}"`)
  return Number(value)
}

export function required(what: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${what} is required`)
  return value
}

/** Rows as aligned columns, for the list commands. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  return [line(head), ...rows.map(line)].join('\n')
}
