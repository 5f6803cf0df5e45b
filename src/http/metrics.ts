import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Store } from '../storage/db.js'

export interface Metrics {
  registry: Registry
  observeCall(method: string, status: number, seconds: number): void
}

/** Prometheus metrics for /metrics: calls by method and status, latency, store pool. */
export function createMetrics(store: () => Store | null): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const calls = new Counter({
    name: 'openlines_rest_calls_total',
    help: 'REST method calls by method and HTTP status',
    labelNames: ['method', 'status'] as const,
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'openlines_rest_call_seconds',
    help: 'REST method call latency',
    labelNames: ['method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
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
    observeCall(method, status, seconds) {
      calls.inc({ method, status: String(status) })
      latency.observe({ method }, seconds)
    },
  }
}
