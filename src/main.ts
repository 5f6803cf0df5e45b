import { loadConfig, ConfigError } from './config.js'
import { createDeps } from './container.js'
import { buildApp } from './app.js'
import { bootstrapFirstStart } from './bootstrap.js'

async function main(): Promise<void> {
  const config = loadConfig()
  const deps = await createDeps(config)
  const first = await bootstrapFirstStart(deps)
  const { app } = await buildApp(deps)
  await app.listen({ port: config.port, host: config.host })
  deps.events.start()
  deps.timers.start()
  deps.network.outbox.start()
  if (first) {
    // Printed once, on the first start only: the code is not stored in clear.
    process.stdout.write(`\nopenlines: administrator webhook (shown once, keep it safe):\n  ${first.webhookUrl}\n\n`)
  }
  deps.logger.info({ url: config.publicUrl, store: deps.store.kind }, 'openlines listening')

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    deps.logger.info({ signal }, 'shutting down: no new connections, finishing in-flight calls')
    const force = setTimeout(() => {
      deps.logger.warn('grace period over, closing anyway')
      process.exit(1)
    }, config.shutdownGraceSeconds * 1000)
    force.unref()
    try {
      await app.close()
      // Deliveries in flight finish and are recorded; the rest stay queued for the next start.
      await deps.events.stop()
      await deps.timers.stop()
      await deps.network.outbox.stop()
      await deps.store.close()
      process.exit(0)
    } catch (err) {
      deps.logger.error({ err }, 'shutdown failed')
      process.exit(1)
    }
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`openlines: ${err.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`openlines: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
