/**
 * A real openlines server process for multi-process tests: the app as
 * src/main.ts builds it, on one PostgreSQL schema (which main.ts cannot be
 * pointed at). Env: DATABASE_URL, SCHEMA, PORT.
 */
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/container.js'
import { createLogger } from '../../src/platform/logger.js'
import { openStore } from '../../src/storage/db.js'

async function main(): Promise<void> {
  const env = process.env
  const store = await openStore({ databaseUrl: env.DATABASE_URL ?? null, dataDir: '', schema: env.SCHEMA, poolSize: 8 })
  const config = loadConfig({ PORT: env.PORT, HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${env.PORT}`, RATE_LIMIT_BURST: '0' })
  const deps = await createDeps(config, { store, logger: createLogger('silent') })
  const { app } = await buildApp(deps)
  await app.listen({ port: config.port, host: config.host })
  deps.timers.start()
  process.stdout.write('dialogue server ready\n')
  process.on('SIGTERM', () => {
    void deps.timers.stop().then(() => app.close()).then(() => store.close()).then(() => process.exit(0))
  })
}

main().catch((err: unknown) => {
  process.stderr.write(`dialogue server failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
