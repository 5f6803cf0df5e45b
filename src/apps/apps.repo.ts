import { sql, type Generated, type Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface AppsTable {
  id: Generated<number>
  client_id: string
  client_secret: string
  application_token: string
  code: string
  title: string
  scopes: string[]
  redirect_uri: Generated<string>
  install_handler: Generated<string>
  version: Generated<number>
  language_id: Generated<string>
  created_by: number
  created_at: Generated<Date>
  revoked_at: Date | null
  /** app: a local application (OAuth client); webhook: an outgoing webhook, which never gets tokens. */
  kind: Generated<AppKind>
  /** An outgoing webhook's handler URL ('' for applications). */
  handler: Generated<string>
}

export type AppKind = 'app' | 'webhook'

export type TokenKind = 'code' | 'access' | 'refresh'

export interface AppTokensTable {
  id: Generated<number>
  app_id: number
  user_id: number
  kind: TokenKind
  token_hash: string
  expires_at: Date
  used_at: Date | null
  created_at: Generated<Date>
}

export interface AppOptionsTable {
  app_id: number
  user_id: number
  name: string
  value: string
}

declare module '../storage/schema.js' {
  interface Database {
    app_server: { singleton: Generated<boolean>; member_id: string }
    apps: AppsTable
    app_tokens: AppTokensTable
    app_options: AppOptionsTable
  }
}

export type AppRow = Selectable<AppsTable>

export async function memberId(db: Executor): Promise<string> {
  const row = await db.selectFrom('app_server').select('member_id').executeTakeFirstOrThrow()
  return row.member_id
}

export type AppFields = Pick<AppRow, 'client_id' | 'client_secret' | 'application_token' | 'code' | 'title' | 'scopes' | 'redirect_uri' | 'install_handler' | 'language_id' | 'created_by'>
  & Partial<Pick<AppRow, 'kind' | 'handler'>>

export function insertApp(db: Executor, row: AppFields): Promise<AppRow> {
  return db.insertInto('apps').values({ ...row, revoked_at: null }).returningAll().executeTakeFirstOrThrow()
}

export function findApp(db: Executor, id: number): Promise<AppRow | undefined> {
  return db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst()
}

/** An application (never an outgoing webhook: those are no OAuth clients). */
export function findAppByClientId(db: Executor, clientId: string): Promise<AppRow | undefined> {
  return db.selectFrom('apps').selectAll().where('client_id', '=', clientId).where('kind', '=', 'app').executeTakeFirst()
}

export function listApps(db: Executor, opts: { offset: number; limit: number }, kind: AppKind = 'app'): Promise<AppRow[]> {
  return db.selectFrom('apps').selectAll().where('kind', '=', kind).orderBy('id').offset(opts.offset).limit(opts.limit).execute()
}

export async function countApps(db: Executor, kind: AppKind = 'app'): Promise<number> {
  const row = await db.selectFrom('apps').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', kind).executeTakeFirstOrThrow()
  return Number(row.n)
}

export function updateWebhookRow(db: Executor, id: number, set: Partial<Pick<AppRow, 'title' | 'handler'>>): Promise<AppRow | undefined> {
  return db.updateTable('apps').set(set).where('id', '=', id).where('kind', '=', 'webhook').returningAll().executeTakeFirst()
}

export function updateApp(
  db: Executor,
  id: number,
  set: Partial<Pick<AppRow, 'title' | 'scopes' | 'redirect_uri' | 'install_handler' | 'version' | 'language_id' | 'code'>>,
): Promise<AppRow | undefined> {
  return db.updateTable('apps').set(set).where('id', '=', id).returningAll().executeTakeFirst()
}

export async function revokeApp(db: Executor, id: number, at: Date): Promise<boolean> {
  const res = await db.updateTable('apps').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
  return Number(res.numUpdatedRows) > 0
}

export async function insertToken(
  db: Executor,
  row: { appId: number; userId: number; kind: TokenKind; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('app_tokens')
    .values({ app_id: row.appId, user_id: row.userId, kind: row.kind, token_hash: row.tokenHash, expires_at: row.expiresAt, used_at: null })
    .execute()
}

/** A token with what a call needs to act: its app (and whether it is revoked) and its user. */
export function findTokenForAuth(db: Executor, tokenHash: string) {
  return db
    .selectFrom('app_tokens as t')
    .innerJoin('apps as a', 'a.id', 't.app_id')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id', 't.kind', 't.token_hash', 't.expires_at', 't.used_at', 't.user_id', 't.app_id',
      'a.client_id', 'a.scopes', 'a.revoked_at', 'u.is_admin', 'u.active',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst()
}

/** Marks a single-use token (code, refresh) spent; false when another request spent it first. */
export async function spendToken(db: Executor, id: number, at: Date): Promise<boolean> {
  const res = await db.updateTable('app_tokens').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst()
  return Number(res.numUpdatedRows) > 0
}

export async function deleteAppTokens(db: Executor, appId: number): Promise<void> {
  await db.deleteFrom('app_tokens').where('app_id', '=', appId).execute()
}

/** Drops tokens that expired more than `graceMs` ago, at most `limit` at a time. */
export async function deleteExpiredTokens(db: Executor, before: Date, limit: number): Promise<number> {
  const res = await db
    .deleteFrom('app_tokens')
    .where('id', 'in', (eb) => eb.selectFrom('app_tokens').select('id').where('expires_at', '<', before).limit(limit))
    .executeTakeFirst()
  return Number(res.numDeletedRows)
}

export async function readOptions(db: Executor, appId: number, userId: number): Promise<Array<{ name: string; value: string }>> {
  return db.selectFrom('app_options').select(['name', 'value']).where('app_id', '=', appId).where('user_id', '=', userId).orderBy('name').execute()
}

export async function readOption(db: Executor, appId: number, userId: number, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('app_options')
    .select('value')
    .where('app_id', '=', appId)
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirst()
  return row?.value
}

export async function writeOptions(db: Executor, appId: number, userId: number, entries: Array<[string, string]>): Promise<void> {
  if (!entries.length) return
  await db
    .insertInto('app_options')
    .values(entries.map(([name, value]) => ({ app_id: appId, user_id: userId, name, value })))
    .onConflict((oc) => oc.columns(['app_id', 'user_id', 'name']).doUpdateSet({ value: sql`excluded.value` }))
    .execute()
}

export async function deleteOptions(db: Executor, appId: number): Promise<void> {
  await db.deleteFrom('app_options').where('app_id', '=', appId).execute()
}
