import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/container.js'
import { createLogger } from '../../src/platform/logger.js'
import { runCli } from '../../src/cli/run.js'
import { bootstrapFirstStart } from '../../src/bootstrap.js'
import { createDispatcher } from '../../src/rest/dispatch.js'
import { openStore } from '../../src/storage/db.js'
import { usingPostgres } from '../helpers/test-store.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const databaseUrl = process.env.DATABASE_URL ?? ''

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs `openlines ...` as a child process, as a user would (from the TypeScript source, never a stale build). */
function openlines(args: string[], env: Record<string, string>): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'DATA_DIR'].includes(k)))
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin', 'openlines.js'), ...args],
      { cwd: root, env: { ...base, OPENLINES_FROM_SOURCE: '1', PUBLIC_URL: 'http://cli.test', ...env } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

/** A store of its own: a temporary DATA_DIR, or a fresh schema of DATABASE_URL. */
async function tempStoreEnv(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }> {
  if (!usingPostgres) {
    const dir = mkdtempSync(path.join(tmpdir(), 'openlines-cli-'))
    return { env: { DATA_DIR: dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const schema = `cli_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  await admin.query(`create schema "${schema}"`)
  await admin.end()
  const url = new URL(databaseUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    env: { DATABASE_URL: url.toString() },
    dispose: async () => {
      const c = new pg.Client({ connectionString: databaseUrl })
      await c.connect()
      await c.query(`drop schema "${schema}" cascade`)
      await c.end()
    },
  }
}

/** In-process, for the many argument checks that never reach the store. */
async function inProcess(args: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, (l) => (stdout += `${l}\n`), (l) => (stderr += `${l}\n`), { DATA_DIR: path.join(tmpdir(), 'openlines-never-opened') })
  return { code, stdout, stderr }
}

describe('openlines CLI: arguments', () => {
  it.each([
    [['frobnicate'], 'unknown command: frobnicate'],
    [['user', 'add'], '--name is required'],
    [['user', 'add', '--name', 'Ann', '--email', 'not-an-address'], '--email: not a valid e-mail address'],
    [['user', 'add', '--name', 'Ann', '--department', 'two'], '--department must be a positive integer, got "two"'],
    [['user', 'add', '--name', 'Ann', '--colour', 'red'], "Unknown option '--colour'"],
    [['user', 'list', 'everyone'], "Unexpected argument 'everyone'"],
    [['webhook', 'add', '--scopes', 'crm'], '--user is required'],
    [['webhook', 'add', '--user', '1'], '--scopes is required'],
    [['webhook', 'add', '--user', '1', '--scopes', 'crm,teleport'], '--scopes: unknown scope(s): teleport'],
    [['webhook', 'revoke'], 'webhook revoke takes one webhook id'],
    [['webhook', 'revoke', '0'], 'the webhook id must be a positive integer, got "0"'],
    [['config', 'extra'], 'config takes no arguments'],
    [['widget', 'secret'], 'widget secret takes one line id'],
    [['widget', 'secret', 'x'], 'the line id must be a positive integer, got "x"'],
  ])('openlines %j exits with 2 and says why', async (args, message) => {
    const res = await inProcess(args)
    expect(res.code).toBe(2)
    expect(res.stderr).toBe(`openlines: ${res.stderr.split('\n')[0].replace('openlines: ', '')}\nrun "openlines help" for usage\n`)
    expect(res.stderr).toContain(message)
    expect(res.stdout).toBe('')
  })

  it('as a command: no arguments print the usage and exit with 2; help exits with 0', async () => {
    const none = await openlines([], {})
    expect([none.code, none.stdout]).toEqual([2, ''])
    expect(none.stderr).toContain('usage: openlines <command>')
    const help = await openlines(['help'], {})
    expect([help.code, help.stderr]).toEqual([0, ''])
    expect(help.stdout).toContain('webhook add --user ID --scopes')
  })

  it('as a command: a bad option exits with 2 before any store is opened', async () => {
    const dir = path.join(tmpdir(), `openlines-never-${process.pid}`)
    const res = await openlines(['user', 'add', '--email', 'a@b.io'], { DATA_DIR: dir })
    expect(res).toEqual({ code: 2, stdout: '', stderr: 'openlines: --name is required\nrun "openlines help" for usage\n' })
    expect(existsSync(dir)).toBe(false)
  })

  it('prints the configuration with the database password hidden', async () => {
    const res = await openlines(['config'], { DATABASE_URL: 'postgres://app:hunter2@db.internal:5432/openlines', PORT: '18250' })
    expect(res.code).toBe(0)
    const config = JSON.parse(res.stdout)
    expect(config).toMatchObject({ port: 18250, store: 'postgresql', databaseUrl: 'postgres://app:***@db.internal:5432/openlines', publicUrl: 'http://cli.test' })
    expect(res.stdout).not.toContain('hunter2')
  })

  it('reports a bad setting with exit code 2', async () => {
    const res = await openlines(['config'], { PORT: 'eighty' })
    expect(res).toEqual({ code: 2, stdout: '', stderr: 'openlines: PORT must be a number >= 0, got "eighty"\n' })
  })
})

describe('openlines CLI: users and webhooks on the server store', () => {
  let store: Awaited<ReturnType<typeof tempStoreEnv>>
  beforeAll(async () => {
    store = await tempStoreEnv()
  })
  afterAll(() => store.dispose())

  /** Checks a webhook URL against the store the way the server would, with the CLI no longer running. */
  async function resolveHook(url: string) {
    const [, userId, code] = /\/rest\/(\d+)\/([a-z0-9]+)\/$/.exec(url) ?? []
    const deps = await createDeps(loadConfig({ ...store.env, PUBLIC_URL: 'http://cli.test' }), { logger: createLogger('silent') })
    try {
      return await deps.auth.resolve({ webhook: { userId, code } }).catch((e: unknown) => e)
    } finally {
      await deps.store.close()
    }
  }

  it('adds users, creates, lists and revokes webhooks', { timeout: 300_000 }, async () => {
    const first = await openlines(['user', 'add', '--name', 'Ann', '--last-name', 'Lee', '--email', 'ann@example.com'], store.env)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^first start: created the administrator \(user 1\) and their webhook \(shown once\):\n {2}http:\/\/cli\.test\/rest\/1\/[a-z0-9]{16}\/\ncreated user 2: Ann Lee\n$/)

    const boss = await openlines(['user', 'add', '--name', 'Bob', '--admin', '--department', '1'], store.env)
    expect([boss.code, boss.stdout]).toEqual([0, 'created user 3: Bob (administrator)\n'])

    const taken = await openlines(['user', 'add', '--name', 'Eve', '--email', 'ANN@example.com'], store.env)
    expect([taken.code, taken.stderr]).toEqual([1, 'openlines: A user with this email already exists\n'])

    const list = await openlines(['user', 'list'], store.env)
    expect(list.code).toBe(0)
    expect(list.stdout.split('\n').map((l) => l.split(/\s{2,}/))).toEqual([
      ['ID', 'NAME', 'EMAIL', 'TYPE', 'ADMIN', 'ACTIVE', 'DEPARTMENTS'],
      ['1', 'Administrator', 'employee', 'yes', 'yes', '1'],
      ['2', 'Ann Lee', 'ann@example.com', 'employee', 'yes', '1'],
      ['3', 'Bob', 'employee', 'yes', 'yes', '1'],
      [''],
    ])

    const add = await openlines(['webhook', 'add', '--user', '2', '--scopes', 'imopenlines, crm', '--title', 'Chat bot'], store.env)
    expect(add.code).toBe(0)
    const [line1, url, line3] = add.stdout.trimEnd().split('\n')
    expect(line1).toBe('created webhook 2 for user 2 with scopes imopenlines,crm')
    expect(url).toMatch(/^ {2}http:\/\/cli\.test\/rest\/2\/[a-z0-9]{16}\/$/)
    expect(line3).toBe('The URL is shown only now; keep it safe.')
    expect(await resolveHook(url.trim())).toMatchObject({ kind: 'webhook', userId: 2, isAdmin: false, scopes: new Set(['imopenlines', 'crm']) })

    const noUser = await openlines(['webhook', 'add', '--user', '9', '--scopes', 'crm'], store.env)
    expect([noUser.code, noUser.stderr]).toEqual([1, 'openlines: --user: user 9 does not exist\n'])

    expect(await openlines(['webhook', 'revoke', '2'], store.env)).toEqual({ code: 0, stdout: 'revoked webhook 2\n', stderr: '' })
    expect(await openlines(['webhook', 'revoke', '2'], store.env)).toEqual({ code: 1, stdout: '', stderr: 'openlines: webhook 2 does not exist or is already revoked\n' })

    const code = /\/rest\/2\/([a-z0-9]+)\//.exec(url)![1]
    const hooks = await openlines(['webhook', 'list'], store.env)
    expect(hooks.code).toBe(0)
    expect(hooks.stdout).toContain(`${code.slice(0, 4)}…`)
    expect(hooks.stdout).not.toContain(code)
    expect(hooks.stdout).toMatch(/\n1\s+1\s+Administrator \(created on first start\)\s+[a-z0-9]{4}…\s+basic,user,\S+\s+\S+\s+active\n/)
    expect(hooks.stdout).toMatch(/\n2\s+2\s+Chat bot\s+[a-z0-9]{4}…\s+imopenlines,crm\s+\S+\s+revoked \S+\n$/)
  })
})

describe('openlines CLI: widget secrets', () => {
  let store: Awaited<ReturnType<typeof tempStoreEnv>>
  beforeAll(async () => {
    store = await tempStoreEnv()
  })
  afterAll(() => store.dispose())

  it('prints a line\'s widget secret, the same one REST gives, and rotates it', { timeout: 300_000 }, async () => {
    const deps = await createDeps(loadConfig({ ...store.env, PUBLIC_URL: 'http://cli.test' }), { logger: createLogger('silent') })
    let lineId: number
    let fromRest: string
    try {
      const dispatch = createDispatcher(deps)
      await bootstrapFirstStart(deps)
      const hook = await deps.auth.createWebhook({ userId: 1, scopes: ['imopenlines'] })
      const [, , userId, code] = new URL(hook.url).pathname.split('/')
      const call = async (method: string, params: Record<string, unknown>) => dispatch({ method, params, credentials: { webhook: { userId, code } } })
      lineId = ((await call('imopenlines.config.add', { PARAMS: { LINE_NAME: 'Site' } })) as { body: { result: number } }).body.result
      fromRest = ((await call('openlines.widget.secret.get', { CONFIG_ID: lineId })) as { body: { result: { SECRET: string } } }).body.result.SECRET
    } finally {
      await deps.store.close()
    }
    const shown = await openlines(['widget', 'secret', String(lineId)], store.env)
    expect(shown.code).toBe(0)
    const [head, secretLine] = shown.stdout.trimEnd().split('\n')
    expect(head).toBe(`widget secret of line ${lineId}:`)
    expect(secretLine).toBe(`  ${fromRest}`)
    const rotated = await openlines(['widget', 'secret', String(lineId), '--rotate'], store.env)
    expect(rotated.code).toBe(0)
    expect(rotated.stdout).toContain('rotated the widget secret')
    expect(rotated.stdout).not.toContain(secretLine)
    const again = await createDeps(loadConfig({ ...store.env, PUBLIC_URL: 'http://cli.test' }), { logger: createLogger('silent') })
    try {
      const row = await again.db.selectFrom('widget_secrets').select('secret').where('line_id', '=', lineId).executeTakeFirstOrThrow()
      expect(rotated.stdout).toContain(row.secret)
    } finally {
      await again.store.close()
    }
    expect(await openlines(['widget', 'secret', '999'], store.env)).toEqual({ code: 1, stdout: '', stderr: 'openlines: line 999 does not exist\n' })
  })
})

describe('openlines CLI: the embedded store held by another process', () => {
  it('refuses with exit code 1 and explains, then works once the store is free', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'openlines-lock-'))
    try {
      const held = await openStore({ databaseUrl: null, dataDir: dir })
      const refused = await openlines(['user', 'list'], { DATA_DIR: dir })
      await held.close()
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain(`the data directory ${dir} is in use by another openlines process (pid ${process.pid})`)
      expect(refused.stderr).toContain('run the server on PostgreSQL (DATABASE_URL)')
      const free = await openlines(['user', 'list'], { DATA_DIR: dir })
      expect(free.code).toBe(0)
      expect(free.stdout).toContain('Administrator')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
