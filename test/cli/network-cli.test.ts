import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run.js'

/** `openlines network ...` on an embedded store of its own. */
describe('openlines network', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'openlines-network-cli-'))
  const env = { DATA_DIR: dir, PUBLIC_URL: 'http://cli.test' }
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  async function cli(...argv: string[]) {
    const out: string[] = []
    const err: string[] = []
    const code = await runCli(argv, (l) => out.push(l), (l) => err.push(l), env)
    return { code, out: out.join('\n'), err: err.join('\n') }
  }

  it('sets, lists and removes peers; refuses a bad URL; publishing an unknown line fails', { timeout: 300_000 }, async () => {
    const key = 'c'.repeat(40)
    expect(await cli('network', 'peer', 'set', '--id', 'hq', '--url', 'https://hq.example.com/', '--key', key)).toMatchObject({ code: 0, out: expect.stringContaining('peer hq set: https://hq.example.com') })
    const listed = await cli('network', 'peer', 'list')
    expect(listed.code).toBe(0)
    expect(listed.out).toMatch(/^ID\s+URL\s+UPDATED\nhq\s+https:\/\/hq\.example\.com\s+\d{4}-/)
    expect(listed.out).not.toContain(key)
    expect(await cli('network', 'peer', 'set', '--id', 'far', '--url', 'http://far.example.com', '--key', key)).toMatchObject({
      code: 1, err: 'openlines: URL: plain http to a non-loopback peer is refused (set NETWORK_ALLOW_HTTP=on to allow it)',
    })
    expect(await cli('network', 'peer', 'remove', 'hq')).toMatchObject({ code: 0, out: expect.stringContaining('peer hq removed') })
    expect(await cli('network', 'publish', '--line', '99')).toMatchObject({ code: 1, err: 'openlines: Open line 99 not found' })
    expect((await cli('network', 'publish')).code).toBe(2)
    expect((await cli('network', 'frobnicate')).code).toBe(2)
  })
})
