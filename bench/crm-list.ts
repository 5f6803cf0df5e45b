/**
 * crm.lead.list on a million leads (PostgreSQL). Loads 1,000,000 leads (100
 * responsible users, 5 statuses, one a minute for two years, a phone each) into
 * a schema of its own, then times list calls through the HTTP layer
 * (app.inject): filtered pages with totals, and >ID keyset pages with start=-1
 * from the first page to the last. Prints medians; the schema is dropped.
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
const schema = `bench_crm_${process.pid}`
const RUNS = 15

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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function main(): Promise<void> {
  await admin(`create schema ${schema}`)
  const store = await openStore({ databaseUrl: url ?? null, dataDir: '', schema, poolSize: 4 })
  try {
    const deps = await createDeps(loadConfig({ PUBLIC_URL: 'http://bench.test', RATE_LIMIT_BURST: '0' }), { store, logger: createLogger('silent') })
    const first = await bootstrapFirstStart(deps)
    if (!first) throw new Error('bench schema was not empty')
    const hook = new URL(first.webhookUrl).pathname
    const { app } = await buildApp(deps)
    await load()

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
      for (let i = 0; i < RUNS; i++) ({ ms: samples[i], body } = await call(params))
      const items = (body.result as unknown[]).length
      const best = Math.min(...samples)
      console.log(`${label.padEnd(56)} ${median(samples).toFixed(1).padStart(7)} ms ${best.toFixed(1).padStart(7)} ms   ${items} items${body.total !== undefined ? `, total ${body.total}` : ''}`)
    }

    console.log(`\ncrm.lead.list through the HTTP layer, ${RUNS} calls each:${' '.repeat(14)}median     best`)
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
    for (const after of [0, Math.floor(rows / 4), Math.floor(rows / 2), rows - 100]) {
      await time(`  >ID ${after}`, { filter: { '>ID': after }, order: { ID: 'ASC' }, start: -1 })
    }
    await app.close()
  } finally {
    await store.close()
    await admin(`drop schema ${schema} cascade`)
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
