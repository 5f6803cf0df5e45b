import { sql, type ColumnType } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface ConsoleSessionsTable {
  id: ColumnType<string, never, never>
  token_hash: string
  user_id: number
  csrf: string
  created_at: Date
  last_seen_at: Date
  expires_at: Date
}

export interface ConsoleLinksTable {
  id: ColumnType<string, never, never>
  token_hash: string
  user_id: number
  created_at: Date
  expires_at: Date
  used_at: Date | null
}

export interface SigninFailuresTable {
  key: string
  failures: number
  window_start: Date
}

declare module '../storage/schema.js' {
  interface Database {
    console_sessions: ConsoleSessionsTable
    console_links: ConsoleLinksTable
    signin_failures: SigninFailuresTable
  }
}

/** Only people sign in; bots, connector users and customers have no password to give. */
export const SIGNIN_TYPES = ['employee', 'extranet']

export interface SignInUser {
  id: number
  name: string
  lastName: string
  email: string
  isAdmin: boolean
}

/** A live session with its user, who must still be active and a person. */
export interface SessionRow {
  tokenHash: string
  csrf: string
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
  user: SignInUser
}

export async function insertSession(db: Executor, s: { tokenHash: string; userId: number; csrf: string; now: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('console_sessions')
    .values({ token_hash: s.tokenHash, user_id: s.userId, csrf: s.csrf, created_at: s.now, last_seen_at: s.now, expires_at: s.expiresAt })
    .execute()
}

export async function findLiveSession(db: Executor, tokenHash: string, now: Date): Promise<SessionRow | null> {
  const row = await db
    .selectFrom('console_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.token_hash', 's.csrf', 's.created_at', 's.last_seen_at', 's.expires_at', 'u.id', 'u.name', 'u.last_name', 'u.email', 'u.is_admin'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .where('u.active', '=', true)
    .where('u.user_type', 'in', SIGNIN_TYPES)
    .executeTakeFirst()
  if (!row) return null
  return {
    tokenHash: row.token_hash,
    csrf: row.csrf,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    user: { id: row.id, name: row.name, lastName: row.last_name, email: row.email, isAdmin: row.is_admin },
  }
}

export async function renewSession(db: Executor, tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('console_sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute()
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).execute()
}

/** Ends a user's sessions, but the one given (the caller's own, after changing their password). */
export async function deleteUserSessions(db: Executor, userId: number, keepTokenHash: string | null): Promise<void> {
  let q = db.deleteFrom('console_sessions').where('user_id', '=', userId)
  if (keepTokenHash) q = q.where('token_hash', '<>', keepTokenHash)
  await q.execute()
}

export async function insertLink(db: Executor, l: { tokenHash: string; userId: number; now: Date; expiresAt: Date }): Promise<void> {
  await db.insertInto('console_links').values({ token_hash: l.tokenHash, user_id: l.userId, created_at: l.now, expires_at: l.expiresAt }).execute()
}

/** Spends a link: one conditional update, so two requests (or two processes) cannot both use it. */
export async function spendLink(db: Executor, tokenHash: string, now: Date): Promise<number | null> {
  const row = await db
    .updateTable('console_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst()
  return row?.user_id ?? null
}

export function findSignInUserById(db: Executor, id: number) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'last_name', 'email', 'is_admin', 'active', 'user_type', 'password_hash'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The user signing in, by e-mail (case-insensitive, as users_email_idx). */
export function findSignInUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'last_name', 'email', 'is_admin', 'active', 'user_type', 'password_hash'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('email', '<>', '')
    .orderBy('id')
    .executeTakeFirst()
}

export async function setPasswordHash(db: Executor, userId: number, hash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute()
}

export async function findFailures(db: Executor, keys: string[]) {
  return db.selectFrom('signin_failures').select(['key', 'failures', 'window_start']).where('key', 'in', keys).execute()
}

/** Counts one failure: a new window when the old one is over, else one more in it. */
export async function addFailure(db: Executor, key: string, now: Date, windowStartsAfter: Date): Promise<void> {
  await db
    .insertInto('signin_failures')
    .values({ key, failures: 1, window_start: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when signin_failures.window_start <= ${windowStartsAfter} then 1 else signin_failures.failures + 1 end`,
        window_start: sql<Date>`case when signin_failures.window_start <= ${windowStartsAfter} then ${now} else signin_failures.window_start end`,
      }),
    )
    .execute()
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('signin_failures').where('key', '=', key).execute()
}

/** Expired sessions, spent or expired links, and failure windows long over. */
export async function sweepExpired(db: Executor, now: Date, failuresBefore: Date): Promise<number> {
  const a = await db.deleteFrom('console_sessions').where('expires_at', '<=', now).executeTakeFirst()
  const b = await db.deleteFrom('console_links').where('expires_at', '<=', now).executeTakeFirst()
  const c = await db.deleteFrom('signin_failures').where('window_start', '<=', failuresBefore).executeTakeFirst()
  return Number(a.numDeletedRows) + Number(b.numDeletedRows) + Number(c.numDeletedRows)
}
