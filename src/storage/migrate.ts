import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import type { Db } from './db.js'

/**
 * Plain SQL migrations, applied in file-name order, each in its own
 * transaction and recorded in schema_migrations. A transaction-scoped advisory
 * lock keeps two processes starting together from applying the same file twice.
 * Files are named NNNN_domain.sql; domains take numbers in their own hundreds.
 */
export function migrationsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('package root not found')
    dir = parent
  }
  return path.join(dir, 'src', 'storage', 'migrations')
}

export async function migrate(db: Db, dir = migrationsDir()): Promise<string[]> {
  await sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(db)
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()
  const applied: string[] = []
  for (const file of files) {
    const done = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(7428105)`.execute(tx)
      const seen = await tx.selectFrom('schema_migrations').select('name').where('name', '=', file).executeTakeFirst()
      if (seen) return false
      await sql.raw(readFileSync(path.join(dir, file), 'utf8')).execute(tx)
      await tx.insertInto('schema_migrations').values({ name: file, applied_at: new Date() }).execute()
      return true
    })
    if (done) applied.push(file)
  }
  return applied
}
