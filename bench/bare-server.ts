import Fastify from 'fastify'
import { toBitrixDate } from '../src/platform/dates.js'

/**
 * The baseline for bench/rest-throughput.ts: bare Fastify answering
 * `/rest/*` with the same JSON server.time returns (result and time block),
 * and nothing else: no auth, no parameters, no store, no metrics.
 */
const port = Number(process.argv[2])
const app = Fastify({ logger: false })

app.route({
  method: ['GET', 'POST'],
  url: '/rest/*',
  handler: async () => {
    const started = new Date()
    const start = started.getTime() / 1000
    return {
      result: toBitrixDate(started),
      time: {
        start,
        finish: start,
        duration: 0,
        processing: 0,
        date_start: toBitrixDate(started),
        date_finish: toBitrixDate(started),
        operating_reset_at: Math.floor(start) + 600,
        operating: 0,
      },
    }
  },
})

await app.listen({ port, host: '127.0.0.1' })
process.stdout.write('ready\n')
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
