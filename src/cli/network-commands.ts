import type { Deps } from '../deps.js'
import { listPeers, listPublished, outboxSummary } from '../network/index.js'
import { isRestError } from '../platform/errors.js'
import { CliError, parse, positiveInt, required, table, UsageError } from './cli-args.js'
import type { Out } from './run.js'

export const NETWORK_USAGE = `usage: openlines network <command>
  peer set --id ID --url URL --key KEY   add or change a peer server (ID: its NETWORK_SERVER_ID)
  peer list                              list peers (keys are never shown)
  peer remove ID                         remove a peer
  publish --line ID                      publish a line; prints its 32-character code
  unpublish --line ID                    stop publishing a line
  lines                                  list published lines and their codes
  outbox                                 messages to peers by peer and state`

/** Errors of the service (bad URL, unknown line) are the command's failures, not crashes. */
async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (e) {
    if (isRestError(e)) throw new CliError(e.description)
    throw e
  }
}

async function peer(args: string[], open: () => Promise<Deps>, out: Out): Promise<void> {
  const [sub, ...rest] = args
  if (sub === 'set') {
    const { values } = parse(rest, { id: { type: 'string' }, url: { type: 'string' }, key: { type: 'string' } })
    const p = { id: required('--id', values.id), url: required('--url', values.url), key: required('--key', values.key) }
    const deps = await open()
    await run(() => deps.db.transaction().execute((tx) => deps.network.service.addPeer(tx, p)))
    out(`peer ${p.id} set: ${p.url.replace(/\/+$/, '')}`)
    return
  }
  if (sub === 'list') {
    parse(rest, {})
    const deps = await open()
    const rows = await listPeers(deps.db)
    out(rows.length ? table(['ID', 'URL', 'UPDATED'], rows.map((r) => [r.id, r.base_url, r.updated_at.toISOString()])) : 'no peers')
    return
  }
  if (sub === 'remove') {
    const { positionals } = parse(rest, {}, true)
    const id = required('peer id', positionals[0])
    const deps = await open()
    await run(() => deps.db.transaction().execute((tx) => deps.network.service.removePeer(tx, id)))
    out(`peer ${id} removed`)
    return
  }
  throw new UsageError(`unknown command: network peer ${sub ?? ''}\n${NETWORK_USAGE}`)
}

/** `openlines network ...`: peers and published lines, on the same store as the server. */
export async function networkCommand(args: string[], open: () => Promise<Deps>, out: Out): Promise<void> {
  const [sub, ...rest] = args
  switch (sub) {
    case 'peer':
      return peer(rest, open, out)
    case 'publish':
    case 'unpublish': {
      const { values } = parse(rest, { line: { type: 'string' } })
      const lineId = positiveInt('--line', values.line)
      const deps = await open()
      if (sub === 'publish') {
        const row = await run(() => deps.db.transaction().execute((tx) => deps.network.service.publish(tx, 0, lineId)))
        out(`line ${lineId} published with code ${row.code}`)
      } else {
        await run(() => deps.db.transaction().execute((tx) => deps.network.service.unpublish(tx, lineId)))
        out(`line ${lineId} is no longer published`)
      }
      return
    }
    case 'lines': {
      parse(rest, {})
      const rows = await listPublished((await open()).db)
      out(rows.length ? table(['LINE', 'CODE', 'NAME'], rows.map((r) => [String(r.line_id), r.code, r.line_name ?? ''])) : 'no published lines')
      return
    }
    case 'outbox': {
      parse(rest, {})
      const rows = await outboxSummary((await open()).db)
      out(rows.length ? table(['PEER', 'STATE', 'COUNT', 'OLDEST'], rows.map((r) => [r.peer_id, r.state, String(r.n), r.oldest ? new Date(r.oldest as unknown as string).toISOString() : ''])) : 'no messages to peers')
      return
    }
    default:
      throw new UsageError(`unknown command: network ${sub ?? ''}\n${NETWORK_USAGE}`)
  }
}
