import { timingSafeEqual } from 'node:crypto'
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

/** Constant time for codes of one length; webhook codes all have the same, public, length. */
function sameCode(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

interface Entry {
  code: Buffer
  actor: Actor
  until: number
}

/**
 * Entries are found by user id (not secret) and then matched by comparing the
 * code in constant time, so a lookup's timing tells nothing about the code,
 * and no hash is computed on the hot path.
 */
export class CredentialCache {
  private readonly byUser = new Map<string, Entry[]>()
  private size = 0
  private quietUntil = 0

  constructor(private readonly nowMs: () => number, private readonly ttlMs = CREDENTIAL_TTL_MS) {}

  get(userId: string, code: string): Actor | undefined {
    const entries = this.byUser.get(userId)
    if (!entries) return undefined
    const given = Buffer.from(code)
    const entry = entries.find((e) => sameCode(e.code, given))
    if (!entry) return undefined
    if (entry.until > this.nowMs()) return entry.actor
    this.byUser.set(userId, entries.filter((e) => e !== entry))
    this.size--
    return undefined
  }

  set(userId: string, code: string, actor: Actor): void {
    const now = this.nowMs()
    if (now < this.quietUntil || this.ttlMs <= 0) return
    // A bound on memory, not an eviction policy: past it, everyone is looked up again.
    if (this.size >= MAX_ENTRIES) this.drop()
    const given = Buffer.from(code)
    const previous = this.byUser.get(userId) ?? []
    const kept = previous.filter((e) => !sameCode(e.code, given))
    kept.push({ code: given, actor, until: now + this.ttlMs })
    this.size += kept.length - previous.length
    this.byUser.set(userId, kept)
  }

  /** Credentials changed: forget everything, and cache nothing until the change has surely committed. */
  clear(): void {
    this.drop()
    this.quietUntil = this.nowMs() + QUIET_AFTER_WRITE_MS
  }

  private drop(): void {
    this.byUser.clear()
    this.size = 0
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
