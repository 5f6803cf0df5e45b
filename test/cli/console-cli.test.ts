import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { runCli } from '../../src/cli/run.js'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/container.js'
import { createLogger } from '../../src/platform/logger.js'
import { usingPostgres } from '../helpers/test-store.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const databaseUrl = process.env.DATABASE_URL ?? ''

/** `openlines ...` as a child process, with `stdin` piped in, as a user would run it. */
function openlines(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'DATA_DIR'].includes(k)))
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(root, 'bin', 'openlines.js'), ...args],
      { cwd: root, env: { ...base, OPENLINES_FROM_SOURCE: '1', PUBLIC_URL: 'http://cli.test', ...env } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    )
    child.stdin?.end(stdin)
  })
}

async function tempStoreEnv(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }> {
  if (!usingPostgres) {
    const dir = mkdtempSync(path.join(tmpdir(), 'openlines-console-cli-'))
    return { env: { DATA_DIR: dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const schema = `ccli_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: databaseUrl })
    await c.connect()
    await c.query(q)
    await c.end()
  }
  await run(`create schema "${schema}"`)
  const url = new URL(databaseUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return { env: { DATABASE_URL: url.toString() }, dispose: () => run(`drop schema "${schema}" cascade`) }
}

describe('openlines user password / user link', () => {
  let store: Awaited<ReturnType<typeof tempStoreEnv>>
  beforeAll(async () => {
    store = await tempStoreEnv()
  })
  afterAll(() => store.dispose())

  it('checks its arguments before opening the store', async () => {
    let stderr = ''
    const env = { DATA_DIR: path.join(tmpdir(), 'openlines-never-opened') }
    expect(await runCli(['user', 'password'], () => {}, (l) => (stderr += `${l}\n`), env, async () => 'whatever pw')).toBe(2)
    expect(stderr).toContain('user password takes one user ID')
    stderr = ''
    expect(await runCli(['user', 'password', '2'], () => {}, (l) => (stderr += `${l}\n`), env, async () => 'short')).toBe(1)
    expect(stderr).toBe('openlines: The password must be 8 to 256 characters long\n')
    stderr = ''
    expect(await runCli(['user', 'link', 'x'], () => {}, (l) => (stderr += `${l}\n`), env)).toBe(2)
    expect(stderr).toContain('ID must be a positive integer')
  })

  it('sets a password read from stdin and prints a one-time link, both of which sign the user in', { timeout: 300_000 }, async () => {
    const add = await openlines(['user', 'add', '--name', 'Ann', '--email', 'ann@example.com'], store.env)
    expect(add.code).toBe(0)
    const set = await openlines(['user', 'password', '2'], store.env, 'ann secret 1\n')
    expect(set).toEqual({ code: 0, stdout: 'password set for user 2 (ann@example.com); their console sessions were ended\n', stderr: '' })
    const missing = await openlines(['user', 'password', '99'], store.env, 'ann secret 1\n')
    expect([missing.code, missing.stderr]).toEqual([1, 'openlines: user 99: No employee or extranet user with this ID\n'])
    const link = await openlines(['user', 'link', '2'], store.env)
    expect(link.code).toBe(0)
    const [, url] = /\n(http:\/\/cli\.test\/console\/api\/link\?token=[a-z0-9]{43})\n$/.exec(link.stdout) ?? []
    expect(url).toBeDefined()
    expect(link.stdout).toMatch(/^one-time sign-in link for user 2, valid until \d{4}-\d\d-\d\dT/)

    const deps = await createDeps(loadConfig({ ...store.env, PUBLIC_URL: 'http://cli.test' }), { logger: createLogger('silent') })
    const { app } = await buildApp(deps)
    try {
      const login = await app.inject({ method: 'POST', url: '/console/api/login', payload: { login: 'ann@example.com', password: 'ann secret 1' } })
      expect(login.statusCode).toBe(200)
      const target = new URL(url)
      const used = await app.inject({ method: 'GET', url: target.pathname + target.search })
      expect(used.statusCode).toBe(303)
      expect((await app.inject({ method: 'GET', url: target.pathname + target.search })).statusCode).toBe(401)
    } finally {
      await app.close()
      await deps.store.close()
    }
  })
})
