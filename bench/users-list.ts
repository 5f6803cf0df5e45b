/**
 * user.get / user.search / department.get under load with 10,000 employees.
 * Prints requests per second and p99 latency per call.
 *
 *   npx tsx bench/users-list.ts                       # embedded PGlite in memory
 *   DATABASE_URL=postgres://... npx tsx bench/users-list.ts
 *
 * The server listens on BENCH_PORT (18200) and autocannon drives it from this
 * same process, so the numbers are for comparing calls, not absolute capacity.
 */
import { sql } from 'kysely'
import { benchEnv, loadLine } from './dialogues-setup.js'

const USERS = 10_000
const port = Number(process.env.BENCH_PORT ?? 18200)

async function main(): Promise<void> {
  const env = await benchEnv(10)
  const { deps, hook } = env
  await sql`insert into departments (name, parent_id) select 'Team ' || g, 1 from generate_series(1, 50) g`.execute(deps.db)
  await sql`insert into users (name, last_name, email, departments, work_position)
    select 'User' || g, 'Last' || (g % 997), 'u' || g || '@example.com', array[2 + g % 50], 'Agent'
    from generate_series(1, ${USERS}) g`.execute(deps.db)
  await sql`analyze`.execute(deps.db)
  const base = await env.listen(port)

  const calls: Array<[string, string]> = [
    ['server.time (for scale)', 'server.time'],
    ['user.get (first page, with total)', 'user.get'],
    ['user.get start=-1 FILTER[>ID]=5000', 'user.get?start=-1&FILTER[%3EID]=5000'],
    ['user.get start=9950 (deep offset)', 'user.get?start=9950'],
    ['user.get FILTER[%LAST_NAME]=st12', 'user.get?FILTER[%25LAST_NAME]=st12'],
    ['user.get FILTER[UF_DEPARTMENT]=7', 'user.get?FILTER[UF_DEPARTMENT]=7'],
    ['user.search FIND=user12', 'user.search?FIND=user12'],
    ['department.get', 'department.get'],
  ]
  console.log(`${USERS} employees, ${env.storeName}; 10 connections, 5 s each`)
  for (const [label, path] of calls) await loadLine(label, { url: `${base}${hook}${path}` })
  await env.close()
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
