import type { Executor } from '../storage/db.js'

export interface WebhooksTable {
  id: import('kysely').Generated<number>
  user_id: number
  title: string
  code_hash: string
  code_hint: string
  scopes: string[]
  created_at: import('kysely').Generated<Date>
  revoked_at: Date | null
}

declare module '../storage/schema.js' {
  interface Database {
    webhooks: WebhooksTable
  }
}

export function findWebhookByHash(db: Executor, codeHash: string) {
  return db
    .selectFrom('webhooks')
    .innerJoin('users', 'users.id', 'webhooks.user_id')
    .select(['webhooks.id', 'webhooks.user_id', 'webhooks.code_hash', 'webhooks.scopes', 'webhooks.revoked_at', 'users.is_admin', 'users.active'])
    .where('webhooks.code_hash', '=', codeHash)
    .executeTakeFirst()
}

export function insertWebhook(db: Executor, row: { userId: number; title: string; codeHash: string; codeHint: string; scopes: string[] }) {
  return db
    .insertInto('webhooks')
    .values({ user_id: row.userId, title: row.title, code_hash: row.codeHash, code_hint: row.codeHint, scopes: row.scopes, revoked_at: null })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow()
}

const LISTED = ['id', 'user_id', 'title', 'code_hint', 'scopes', 'created_at', 'revoked_at'] as const

export type WebhookRow = Awaited<ReturnType<typeof findWebhook>> & object

export function listWebhooks(db: Executor) {
  return db.selectFrom('webhooks').select(LISTED).orderBy('id').execute()
}

/** One page of webhooks, in id order (never the code's hash). */
export function webhookPage(db: Executor, page: { offset: number; limit: number }) {
  return db.selectFrom('webhooks').select(LISTED).orderBy('id').offset(page.offset).limit(page.limit).execute()
}

export function findWebhook(db: Executor, id: number) {
  return db.selectFrom('webhooks').select(LISTED).where('id', '=', id).executeTakeFirst()
}

/** Changes a live webhook's scopes or title; undefined when it does not exist or was revoked. */
export function updateWebhook(db: Executor, id: number, changes: { scopes?: string[]; title?: string }) {
  return db.updateTable('webhooks').set(changes).where('id', '=', id).where('revoked_at', 'is', null).returning(LISTED).executeTakeFirst()
}

export async function revokeWebhook(db: Executor, id: number, at: Date): Promise<boolean> {
  const res = await db.updateTable('webhooks').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
  return Number(res.numUpdatedRows) > 0
}

export async function countWebhooks(db: Executor): Promise<number> {
  const row = await db.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
