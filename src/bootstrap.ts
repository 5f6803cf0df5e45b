import { ALL_SCOPES } from './auth/scopes.js'
import type { Deps } from './deps.js'
import { countUsers, insertUser } from './users/users.repo.js'

/**
 * First start on an empty store: the administrator (user 1), their company
 * department, and an incoming webhook with every scope. The webhook URL is
 * returned once so that the caller can print it; only its hash is kept.
 */
export async function bootstrapFirstStart(deps: Deps): Promise<{ webhookUrl: string } | null> {
  const created = await deps.db.transaction().execute(async (tx) => {
    if ((await countUsers(tx)) > 0) return false
    const dept = await tx.insertInto('departments').values({ name: 'Company', parent_id: null, head_id: 1 }).returning('id').executeTakeFirstOrThrow()
    await insertUser(tx, { name: 'Administrator', isAdmin: true, departments: [dept.id] })
    return true
  })
  if (!created) return null
  const hook = await deps.auth.createWebhook({ userId: 1, scopes: [...ALL_SCOPES], title: 'Administrator (created on first start)' })
  return { webhookUrl: hook.url }
}
