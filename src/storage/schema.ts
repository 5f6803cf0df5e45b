/**
 * The database as Kysely sees it. Each domain adds its own tables by merging
 * into this interface from its `*.repo.ts`:
 *
 *   declare module '../storage/schema.js' { interface Database { lines: LinesTable } }
 *
 * so no domain edits another's types.
 */
export interface Database {
  schema_migrations: { name: string; applied_at: Date }
}
