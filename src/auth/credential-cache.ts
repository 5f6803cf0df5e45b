import type { KyselyPlugin, OperationNode, RootOperationNode } from 'kysely'
import type { Actor } from '../rest/actor.js'

/**
 * Resolved credentials, kept for a few seconds so that a busy integration
 * does not cost a store round trip on every call (on PGlite that round trip
 * was most of a server.time call).
 *
 * Freshness: any UPDATE or DELETE of webhooks, or of the users' columns that
 * decide access, through this process's Kysely instance drops every entry at once (see
 * {@link clearOnCredentialWrites}), so revoking a webhook, deactivating a user
 * or changing who is an administrator takes effect on the next call. Changes
 * made by another process (a second server on the same PostgreSQL, the CLI)
 * reach this one within {@link CREDENTIAL_TTL_MS}.
 */
export const CREDENTIAL_TTL_MS = 5_000
const MAX_ENTRIES = 10_000
/**
 * After a write, nothing is cached for this long: the writing transaction may
 * not have committed yet, and a lookup meanwhile would read and keep the old row.
 */
const QUIET_AFTER_WRITE_MS = 1_000

export class CredentialCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>()
  private quietUntil = 0

  constructor(private readonly nowMs: () => number, private readonly ttlMs = CREDENTIAL_TTL_MS) {}

  get(key: string): Actor | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.until > this.nowMs()) return entry.actor
    this.entries.delete(key)
    return undefined
  }

  set(key: string, actor: Actor): void {
    const now = this.nowMs()
    if (now < this.quietUntil || this.ttlMs <= 0) return
    // Maps iterate in insertion order: the first key is the oldest entry.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string)
    this.entries.set(key, { actor, until: now + this.ttlMs })
  }

  clear(): void {
    this.entries.clear()
    this.quietUntil = this.nowMs() + QUIET_AFTER_WRITE_MS
  }
}

/**
 * What an actor is built from: any change to a webhook, and to a user only the
 * columns that decide access (so that, say, recording a user's last activity
 * does not empty the cache).
 */
const CREDENTIAL_COLUMNS: ReadonlyMap<string, ReadonlySet<string> | 'all'> = new Map<string, ReadonlySet<string> | 'all'>([
  ['webhooks', 'all'],
  ['users', new Set(['active', 'is_admin', 'id'])],
])

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined
  if (node.kind === 'TableNode') return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name
  if (node.kind === 'AliasNode') return tableName((node as unknown as { node: OperationNode }).node)
  return undefined
}

function columnName(update: OperationNode): string | undefined {
  const column = (update as unknown as { column?: OperationNode }).column
  if (column?.kind !== 'ColumnNode') return undefined
  return (column as unknown as { column: { name: string } }).column.name
}

function touchesCredentials(node: RootOperationNode): boolean {
  if (node.kind === 'DeleteQueryNode') return node.from.froms.some((f) => CREDENTIAL_COLUMNS.has(tableName(f) ?? ''))
  if (node.kind !== 'UpdateQueryNode') return false
  const columns = CREDENTIAL_COLUMNS.get(tableName(node.table) ?? '')
  if (!columns) return false
  if (columns === 'all') return true
  // An update whose columns cannot be read is assumed to matter.
  return (node.updates ?? []).some((u) => {
    const name = columnName(u)
    return name === undefined || columns.has(name)
  })
}

/**
 * A Kysely plugin on the shared database handle: every domain's writes go
 * through it, so no domain has to remember to invalidate credentials.
 */
export function clearOnCredentialWrites(cache: CredentialCache): KyselyPlugin {
  return {
    transformQuery({ node }) {
      if (touchesCredentials(node)) cache.clear()
      return node
    },
    transformResult: async ({ result }) => result,
  }
}
