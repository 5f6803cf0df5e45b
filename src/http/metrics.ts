import { Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import { CallMetrics } from './call-metrics.js'
import type { Store } from '../storage/db.js'

export interface Metrics {
  registry: Registry
  observeCall(method: string, status: number, seconds: number): void
}

/** Prometheus metrics for /metrics: calls by method and status, latency, store pool. */
export function createMetrics(store: () => Store | null): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const calls = new CallMetrics()
  calls.register(registry)
  new Gauge({
    name: 'openlines_store_pool_connections',
    help: 'Store connection pool (PostgreSQL): total, idle, waiting',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = store()?.poolStats()
      if (!stats) return
      this.set({ state: 'total' }, stats.total)
      this.set({ state: 'idle' }, stats.idle)
      this.set({ state: 'waiting' }, stats.waiting)
    },
  })
  return {
    registry,
    observeCall: (method, status, seconds) => calls.observe(method, status, seconds),
  }
}
