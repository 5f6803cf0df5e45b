/**
 * crm.lead.list on a million leads (PostgreSQL). Loads 1,000,000 leads (100
 * responsible users, 5 statuses, one a minute for two years, a phone each) into
 * a schema of its own, then times list calls through the HTTP layer
 * (app.inject): filtered pages with totals, and >ID keyset pages with start=-1
 * from the first page to the last. Prints p50 and p99 of each query shape;
 * the schema is dropped, unless CRM_BENCH_SCHEMA names one to keep and reuse
 * (loaded on the first run, migrated and timed again on the next ones).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/crm-list.ts [rows]
 */
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { bootstrapFirstStart } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { createDeps } from '../src/container.js'
import { createLogger } from '../src/platform/logger.js'
import { openStore } from '../src/storage/db.js'

const url = process.env.DATABASE_URL
if (!url) throw new Error('set DATABASE_URL to a PostgreSQL database')
const rows = Number(process.argv[2] ?? 1_000_000)
const kept = process.env.CRM_BENCH_SCHEMA
const schema = kept ?? `bench_crm_${process.pid}`
const RUNS = Number(process.env.CRM_BENCH_RUNS ?? 50)

async function admin(sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await c.query(sqlText)
  } finally {
    await c.end()
  }
}

async function load(): Promise<void> {
  const t0 = performance.now()
  await admin(`set search_path to ${schema};
    insert into crm_leads (title, name, status_id, status_semantic_id, source_id, assigned_by_id, created_by_id, modify_by_id,
                           date_create, date_modify, opportunity, currency_id, opened, has_phone)
    select 'Lead ' || g, 'Name ' || (g % 1000), (array['NEW','IN_PROCESS','PROCESSED','CONVERTED','JUNK'])[1 + g % 5],
           (array['P','P','P','S','F'])[1 + g % 5], 'WEB', 1 + g % 100, 1, 1,
           timestamptz '2023-01-01' + g * interval '1 minute', timestamptz '2023-01-01' + g * interval '1 minute',
           g % 10000, 'USD', true, true
    from generate_series(1, ${rows}) g;
    insert into crm_multifields (entity_type, element_id, type_id, value_type, value, value_norm)
    select 1, g, 'PHONE', 'WORK', '+1 555 ' || g, '1555' || g from generate_series(1, ${rows}) g;`)
  // VACUUM runs outside a transaction, so on its own; it sets the visibility map that index-only counts read.
  await admin(`vacuum analyze ${schema}.crm_leads`)
  await admin(`vacuum analyze ${schema}.crm_multifields`)
  console.log(`loaded ${rows.toLocaleString('en')} leads in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

async function schemaRows(): Promise<number> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const r = await c.query(`select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name = 'crm_leads'`, [schema])
    if (!r.rows[0].n) return -1
    return (await c.query(`select count(*)::int as n from ${schema}.crm_leads`)).rows[0].n
  } finally {
    await c.end()
  }
}

async function main(): Promise<void> {
  const existing = kept ? await schemaRows() : -1
  if (existing < 0) await admin(`create schema if not exists ${schema}`)
  const store = await openStore({ databaseUrl: url ?? null, dataDir: '', schema, poolSize: 4 })
  try {
    const deps = await createDeps(loadConfig({ PUBLIC_URL: 'http://bench.test', RATE_LIMIT_BURST: '0' }), { store, logger: createLogger('silent') })
    const first = await bootstrapFirstStart(deps)
    const hook = first ? new URL(first.webhookUrl).pathname : await benchHook()
    if (first) await admin(`create table ${schema}.bench_hook as select '${hook}'::text as path`)
    const { app } = await buildApp(deps)
    if (existing !== rows) {
      if (existing > 0) throw new Error(`schema ${schema} holds ${existing} leads, not ${rows}`)
      await load()
    } else {
      // new migrations may have added indexes: refresh statistics and the visibility map
      await admin(`vacuum analyze ${schema}.crm_leads`)
      console.log(`reusing ${rows.toLocaleString('en')} leads in schema ${schema}`)
    }

    const call = async (params: Record<string, unknown>) => {
      const t0 = performance.now()
      const res = await app.inject({ method: 'POST', url: `${hook}crm.lead.list`, payload: params })
      const ms = performance.now() - t0
      const body = res.json()
      if (res.statusCode !== 200) throw new Error(JSON.stringify(body))
      return { ms, body }
    }
    const time = async (label: string, params: Record<string, unknown>) => {
      const samples: number[] = []
      let body: Record<string, unknown> = {}
      await call(params)
      for (let i = 0; i < RUNS; i++) ({ ms: samples[i], body } = await call(params))
      const items = (body.result as unknown[]).length
      const p50 = percentile(samples, 50).toFixed(1).padStart(7)
      const p99 = percentile(samples, 99).toFixed(1).padStart(7)
      console.log(`${label.padEnd(56)} ${p50} ms ${p99} ms   ${items} items${body.total !== undefined ? `, total ${body.total}` : ''}`)
    }

    console.log(`\ncrm.lead.list through the HTTP layer, ${RUNS} calls each (after one warm-up):${' '.repeat(1)}p50        p99`)
    await time('no filter, with total', { select: ['ID', 'TITLE'] })
    await time('ASSIGNED_BY_ID = 7, with total', { filter: { ASSIGNED_BY_ID: 7 } })
    await time('STATUS_ID = CONVERTED (200k match), with total', { filter: { STATUS_ID: 'CONVERTED' } })
    await time('STATUS_ID = CONVERTED, start=-1', { filter: { STATUS_ID: 'CONVERTED' }, start: -1 })
    await time('ASSIGNED_BY_ID + STATUS_ID, order DATE_CREATE DESC', { filter: { ASSIGNED_BY_ID: 7, STATUS_ID: 'IN_PROCESS' }, order: { DATE_CREATE: 'DESC' } })
    await time('ASSIGNED_BY_ID + STATUS_ID matching nothing', { filter: { ASSIGNED_BY_ID: 7, STATUS_ID: 'JUNK' }, order: { DATE_CREATE: 'DESC' } })
    await time('DATE_CREATE in one day, with total', { filter: { '>=DATE_CREATE': '2024-03-01', '<DATE_CREATE': '2024-03-02' } })
    await time('DATE_CREATE in one day, start=-1', { filter: { '>=DATE_CREATE': '2024-03-01', '<DATE_CREATE': '2024-03-02' }, start: -1 })
    await time('DATE_CREATE after a date (last 10%), with total', { filter: { '>DATE_CREATE': '2024-10-14' } })
    await time('PHONE = one number, with total', { filter: { PHONE: '+1 555 777777' }, select: ['ID', 'PHONE'] })
    await time('@ASSIGNED_BY_ID [1..5], order ID DESC', { filter: { '@ASSIGNED_BY_ID': [1, 2, 3, 4, 5] }, order: { ID: 'DESC' } })

    await time('>ID 500000, select ID only, start=-1', { filter: { '>ID': Math.floor(rows / 2) }, select: ['ID'], start: -1 })
    console.log('\nkeyset paging (>ID, order ID ASC, start=-1) at different depths:')
    for (const [name, after] of [['first', 0], ['quarter', Math.floor(rows / 4)], ['middle', Math.floor(rows / 2)], ['last', rows - 50]] as const) {
      await time(`  ${name} page: >ID ${after}`, { filter: { '>ID': after }, order: { ID: 'ASC' }, start: -1 })
      await time(`  ${name} page: STATUS_ID = NEW, >ID ${after}`, { filter: { STATUS_ID: 'NEW', '>ID': after }, order: { ID: 'ASC' }, start: -1 })
    }
    await app.close()
  } finally {
    await store.close()
    if (!kept) await admin(`drop schema ${schema} cascade`)
  }
}

async function benchHook(): Promise<string> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query(`select path from ${schema}.bench_hook`)).rows[0].path
  } finally {
    await c.end()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
