import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

describe('/metrics', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(() => t.close())

  it('counts calls by method and status and keeps a latency histogram per method', async () => {
    await t.call('server.time')
    await t.call('server.time')
    await t.call('no.such.method')
    await t.call('batch', { cmd: ['server.time', 'server.time'] })
    const res = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const lines = res.body.split('\n')
    expect(lines).toContain('# TYPE openlines_rest_calls_total counter')
    expect(lines).toContain('openlines_rest_calls_total{method="server.time",status="200"} 2')
    expect(lines).toContain('openlines_rest_calls_total{method="unknown",status="404"} 1')
    // A batch is one HTTP call; its commands are not counted again.
    expect(lines).toContain('openlines_rest_calls_total{method="batch",status="200"} 1')
    expect(lines).toContain('# TYPE openlines_rest_call_seconds histogram')
    expect(lines).toContain('openlines_rest_call_seconds_bucket{le="+Inf",method="server.time"} 2')
    expect(lines).toContain('openlines_rest_call_seconds_count{method="server.time"} 2')
    const buckets = lines.filter((l) => l.startsWith('openlines_rest_call_seconds_bucket{') && l.includes('method="server.time"'))
    const counts = buckets.map((l) => Number(l.split(' ')[1]))
    expect(counts).toHaveLength(13)
    expect(counts).toEqual([...counts].sort((a, b) => a - b))
    expect(lines.some((l) => /^openlines_rest_call_seconds_sum\{method="server.time"\} \d/.test(l))).toBe(true)
  })
})
