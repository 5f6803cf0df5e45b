import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CRM_TYPES } from '../../../src/crm/index.js'
import { columnFields, columnOf, ENTITY_DEFS } from '../../../src/crm/entities.schemas.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'

/** The entity definitions and the migration describe the same tables, with the indexes the list methods rely on. */

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

describe.each(CRM_TYPES)('%s table', (type) => {
  const def = ENTITY_DEFS[type]

  it('has a column for every stored field of the definition, and uf', async () => {
    const res = await sql<{ column_name: string }>`select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${def.table}`.execute(t.deps.db)
    const columns = res.rows.map((r) => r.column_name).sort()
    expect(columns).toEqual([...columnFields(def).map(columnOf), 'uf'].sort())
  })

  it('indexes the responsible user, the dates and the stage together with id', async () => {
    const res = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = current_schema() and tablename = ${def.table}`.execute(t.deps.db)
    const defs = res.rows.map((r) => r.indexdef)
    const wanted = ['assigned_by_id, id', 'date_create, id', 'date_modify, id', ...(def.stages ? [`${def.stages.field.toLowerCase()}, id`, `assigned_by_id, ${def.stages.field.toLowerCase()}, id`] : [])]
    for (const cols of wanted) expect(defs.some((d) => d.includes(`(${cols})`)), cols).toBe(true)
  })
})
