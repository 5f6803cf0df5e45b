import type { Metric, Registry } from 'prom-client'

const CALLS = 'openlines_rest_calls_total'
const LATENCY = 'openlines_rest_call_seconds'
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

interface MethodStats {
  byStatus: Map<number, number>
  /** Observations per bucket, not yet cumulative; the last slot is +Inf. */
  buckets: Float64Array
  sum: number
  count: number
}

interface Sample {
  labels: Record<string, string | number>
  value: number
  metricName?: string
}

/**
 * REST calls by method and status, and their latency histogram, in
 * Prometheus format through prom-client's registry.
 *
 * Recording is on every call's path. prom-client's own Counter and Histogram
 * hash the label set on each observation (about a microsecond for the pair,
 * measured), so the numbers are kept here in plain per-method slots and turned
 * into samples only when /metrics is read.
 */
export class CallMetrics {
  private readonly stats = new Map<string, MethodStats>()

  observe(method: string, status: number, seconds: number): void {
    let s = this.stats.get(method)
    if (!s) this.stats.set(method, (s = { byStatus: new Map(), buckets: new Float64Array(BUCKETS.length + 1), sum: 0, count: 0 }))
    s.byStatus.set(status, (s.byStatus.get(status) ?? 0) + 1)
    let i = 0
    while (i < BUCKETS.length && seconds > BUCKETS[i]) i++
    s.buckets[i]++
    s.sum += seconds
    s.count++
  }

  register(registry: Registry): void {
    registry.registerMetric(this.metric(CALLS, 'REST method calls by method and HTTP status', 'counter', () => this.callSamples()))
    registry.registerMetric(this.metric(LATENCY, 'REST method call latency', 'histogram', () => this.latencySamples()))
  }

  private callSamples(): Sample[] {
    const out: Sample[] = []
    for (const [method, s] of this.stats) {
      for (const [status, value] of s.byStatus) out.push({ labels: { method, status: String(status) }, value })
    }
    return out
  }

  private latencySamples(): Sample[] {
    const out: Sample[] = []
    for (const [method, s] of this.stats) {
      let cumulative = 0
      BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i]
        out.push({ labels: { le, method }, value: cumulative, metricName: `${LATENCY}_bucket` })
      })
      out.push({ labels: { le: '+Inf', method }, value: s.count, metricName: `${LATENCY}_bucket` })
      out.push({ labels: { method }, value: s.sum, metricName: `${LATENCY}_sum` })
      out.push({ labels: { method }, value: s.count, metricName: `${LATENCY}_count` })
    }
    return out
  }

  /** The shape the registry reads (name, help, type, get, reset); prom-client types it as one of its own classes. */
  private metric(name: string, help: string, type: 'counter' | 'histogram', samples: () => Sample[]): Metric {
    const described = {
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: samples() }),
      reset: () => this.stats.clear(),
    }
    return described as unknown as Metric
  }
}
