import { sql, type Generated, type Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface NetworkPeersTable { id: string; base_url: string; shared_key: string; created_at: Date; updated_at: Date }
export interface NetworkLinesTable { code: string; line_id: number; created_by: number; created_at: Date }
export interface NetworkJoinsTable { code: string; peer_id: string; bot_id: number; line_name: string; joined_by: number; created_at: Date }
export interface NetworkOutboxTable {
  id: Generated<number>
  peer_id: string
  conv: string
  path: string
  body: unknown
  message_id: string
  state: Generated<string>
  attempts: Generated<number>
  next_at: Date
  last_error: string | null
  created_at: Date
  sent_at: Date | null
}
export interface NetworkSeenTable { peer_id: string; message_id: string; seen_at: Date }
export interface NetworkNoticesTable { line_id: number; user_id: number; sent_at: Date }

declare module '../storage/schema.js' {
  interface Database {
    network_peers: NetworkPeersTable
    network_lines: NetworkLinesTable
    network_joins: NetworkJoinsTable
    network_outbox: NetworkOutboxTable
    network_seen: NetworkSeenTable
    network_notices: NetworkNoticesTable
  }
}

export type PeerRow = Selectable<NetworkPeersTable>
export type PublishedRow = Selectable<NetworkLinesTable>
export type JoinRow = Selectable<NetworkJoinsTable>
export type OutboxRow = Selectable<NetworkOutboxTable>

// ---- peers ----

export async function upsertPeer(db: Executor, p: { id: string; baseUrl: string; key: string }, at: Date): Promise<void> {
  await db.insertInto('network_peers').values({ id: p.id, base_url: p.baseUrl, shared_key: p.key, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ base_url: p.baseUrl, shared_key: p.key, updated_at: at }))
    .execute()
}

export function findPeer(db: Executor, id: string): Promise<PeerRow | undefined> {
  return db.selectFrom('network_peers').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listPeers(db: Executor): Promise<PeerRow[]> {
  return db.selectFrom('network_peers').selectAll().orderBy('id').execute()
}

export async function deletePeer(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('network_peers').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

// ---- published lines ----

export function publishedByLine(db: Executor, lineId: number): Promise<PublishedRow | undefined> {
  return db.selectFrom('network_lines').selectAll().where('line_id', '=', lineId).executeTakeFirst()
}

export function publishedByCode(db: Executor, code: string): Promise<PublishedRow | undefined> {
  return db.selectFrom('network_lines').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function insertPublished(db: Executor, row: PublishedRow): Promise<PublishedRow> {
  await db.insertInto('network_lines').values(row).onConflict((oc) => oc.column('line_id').doNothing()).execute()
  const saved = await publishedByLine(db, row.line_id)
  if (!saved) throw new Error(`published line ${row.line_id} vanished`)
  return saved
}

export async function deletePublished(db: Executor, lineId: number): Promise<boolean> {
  const r = await db.deleteFrom('network_lines').where('line_id', '=', lineId).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export function listPublished(db: Executor) {
  return db.selectFrom('network_lines as n').leftJoin('lines as l', 'l.id', 'n.line_id')
    .select(['n.code', 'n.line_id', 'n.created_at', 'l.line_name']).orderBy('n.line_id').execute()
}

// ---- joined lines (the joining side) ----

export function joinByCode(db: Executor, code: string): Promise<JoinRow | undefined> {
  return db.selectFrom('network_joins').selectAll().where('code', '=', code).executeTakeFirst()
}

export function joinByBot(db: Executor, botId: number): Promise<JoinRow | undefined> {
  return db.selectFrom('network_joins').selectAll().where('bot_id', '=', botId).executeTakeFirst()
}

/** Serialises joins of one code (a transaction-scoped advisory lock). */
export async function lockJoinCode(db: Executor, code: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`network-join|${code}`}))`.execute(db)
}

export async function insertJoin(db: Executor, row: JoinRow): Promise<void> {
  await db.insertInto('network_joins').values(row).execute()
}

/** The network bot: a users row of type 'bot' named after the joined line (no app stands behind it). */
export async function insertNetworkBot(db: Executor, code: string, name: string, at: Date): Promise<number> {
  const row = await db.insertInto('users').values({
    name: name.slice(0, 255), last_name: '', email: '', user_type: 'bot', xml_id: `network|${code}`, active: true, is_admin: false,
    date_register: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

// ---- outbox ----

export async function enqueue(db: Executor, m: { peerId: string; conv: string; path: string; body: unknown; messageId: string; at: Date }): Promise<void> {
  await db.insertInto('network_outbox').values({
    peer_id: m.peerId, conv: m.conv, path: m.path, body: JSON.stringify(m.body), message_id: m.messageId, next_at: m.at, last_error: null, created_at: m.at, sent_at: null,
  }).execute()
}

/**
 * Claims due messages that are first in their conversation (nothing older of
 * it still pending), moving their due time past the lease so no other process
 * takes them while they are in flight.
 */
export async function claimDue(db: Executor, now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
  const rows = await sql<OutboxRow>`
    update network_outbox o set next_at = ${leaseUntil}, attempts = o.attempts + 1
    where o.id in (
      select d.id from network_outbox d
      where d.state = 'pending' and d.next_at <= ${now}
        and not exists (select 1 from network_outbox e where e.state = 'pending' and e.peer_id = d.peer_id and e.conv = d.conv and e.id < d.id)
      order by d.next_at limit ${limit} for update skip locked)
    returning o.*`.execute(db)
  return rows.rows
}

export async function markSent(db: Executor, id: number, at: Date): Promise<void> {
  await db.updateTable('network_outbox').set({ state: 'sent', sent_at: at, last_error: null }).where('id', '=', id).execute()
}

export async function markRefused(db: Executor, id: number, error: string): Promise<void> {
  await db.updateTable('network_outbox').set({ state: 'refused', last_error: error.slice(0, 1000) }).where('id', '=', id).execute()
}

export async function retryLater(db: Executor, id: number, at: Date, error: string): Promise<void> {
  await db.updateTable('network_outbox').set({ next_at: at, last_error: error.slice(0, 1000) }).where('id', '=', id).execute()
}

export function outboxSummary(db: Executor) {
  return db.selectFrom('network_outbox').select(['peer_id', 'state', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.min('created_at').as('oldest')])
    .groupBy(['peer_id', 'state']).orderBy('peer_id').execute()
}

export async function pruneOutbox(db: Executor, sentBefore: Date): Promise<void> {
  await db.deleteFrom('network_outbox').where('state', '=', 'sent').where('sent_at', '<', sentBefore).execute()
  await db.deleteFrom('network_seen').where('seen_at', '<', sentBefore).execute()
}

// ---- replay protection ----

/** True the first time this peer's message id is seen. */
export async function firstSeen(db: Executor, peerId: string, messageId: string, at: Date): Promise<boolean> {
  const r = await db.insertInto('network_seen').values({ peer_id: peerId, message_id: messageId, seen_at: at })
    .onConflict((oc) => oc.columns(['peer_id', 'message_id']).doNothing()).returning('peer_id').executeTakeFirst()
  return r !== undefined
}

// ---- weekly notices ----

export function lastNotice(db: Executor, lineId: number, userId: number) {
  return db.selectFrom('network_notices').select('sent_at').where('line_id', '=', lineId).where('user_id', '=', userId).forUpdate().executeTakeFirst()
}

export async function saveNotice(db: Executor, lineId: number, userId: number, at: Date): Promise<void> {
  await db.insertInto('network_notices').values({ line_id: lineId, user_id: userId, sent_at: at })
    .onConflict((oc) => oc.columns(['line_id', 'user_id']).doUpdateSet({ sent_at: at })).execute()
}

// ---- chats on the joining side ----

export interface NetworkChat { id: number }

/** The joining side's chat of one user with one network bot, created on first use. */
export async function userChat(db: Executor, j: JoinRow, userId: number, name: string, at: Date): Promise<number> {
  const entityId = `network|${j.code}|${userId}`
  const found = await db.selectFrom('chats').select('id').where('entity_type', '=', 'NETWORK').where('entity_id', '=', entityId).executeTakeFirst()
  if (found) return found.id
  await db.insertInto('chats').values({
    type: 'network', entity_type: 'NETWORK', entity_id: entityId, line_id: 0, connector_id: 'network', connector_chat_id: j.code,
    connector_user_id: String(userId), guest_user_id: j.bot_id, name, description: null, last_session_id: null, last_message_at: null, created_at: at,
  }).onConflict((oc) => oc.columns(['entity_type', 'entity_id']).doNothing()).execute()
  const row = await db.selectFrom('chats').select('id').where('entity_type', '=', 'NETWORK').where('entity_id', '=', entityId).executeTakeFirstOrThrow()
  await db.insertInto('chat_members').values([
    { chat_id: row.id, user_id: userId, role: 'owner', joined_at: at },
    { chat_id: row.id, user_id: j.bot_id, role: 'member', joined_at: at },
  ]).onConflict((oc) => oc.columns(['chat_id', 'user_id']).doNothing()).execute()
  return row.id
}

/** A user's name for the peer: what its operators see. */
export function personOf(db: Executor, userId: number) {
  return db.selectFrom('users').select(['id', 'name', 'last_name', 'email', 'active']).where('id', '=', userId).executeTakeFirst()
}

/** The network customer's chat on the publishing side, by its guest user and line. */
export function customerChat(db: Executor, lineId: number, guestUserId: number) {
  return db.selectFrom('chats').selectAll().where('line_id', '=', lineId).where('connector_id', '=', 'network').where('guest_user_id', '=', guestUserId)
    .orderBy('id', 'desc').executeTakeFirst()
}
