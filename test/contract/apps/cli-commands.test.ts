import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appsCommands, CliUsageError } from '../../../src/cli/apps.commands.js'
import { buildTestApp, type TestApp } from '../../helpers/test-app.js'
import { testEventsConfig } from './app-helpers.js'

describe('command line: apps and deliveries', () => {
  let t: TestApp
  const run = (cmd: string, ...argv: string[]) => appsCommands[cmd].run(t.deps, argv)
  beforeAll(async () => {
    t = await buildTestApp({ config: { events: testEventsConfig({ maxAttempts: 1 }) } })
  })
  afterAll(() => t.close())

  it('adds, lists, shows, updates and removes an application', async () => {
    const added = JSON.parse(await run('apps add', '--title', 'Sync', '--scope', 'crm,imopenlines', '--json'))
    expect(added).toMatchObject({ TITLE: 'Sync', SCOPE: ['crm', 'imopenlines'], CLIENT_SECRET: expect.stringMatching(/^[a-z0-9]{50}$/) })
    expect(await run('apps list')).toMatch(new RegExp(`^\\s+${added.ID}  installed\\s+${added.CLIENT_ID.replace(/\./g, '\\.')}  Sync  \\[crm,imopenlines\\]\\n$`))
    expect(await run('apps show', String(added.ID))).toContain(`CLIENT_SECRET      ${added.CLIENT_SECRET}`)
    expect(JSON.parse(await run('apps update', String(added.ID), '--version', '2', '--json')).VERSION).toBe(2)
    expect(await run('apps remove', String(added.ID), '--clean')).toBe(`application ${added.ID} uninstalled\n`)
  })

  it('lists, shows and replays failed deliveries', async () => {
    const app = JSON.parse(await run('apps add', '--title', 'Dead end', '--scope', 'imopenlines', '--install-handler', 'http://127.0.0.1:9/nothing', '--json'))
    await t.deps.events.worker.drainOnce()
    const listed = await run('deliveries list', '--state', 'failed')
    expect(listed).toMatch(/failed\s+tries  1  ONAPPINSTALL\s+app \d+  http:\/\/127\.0\.0\.1:9\/nothing  \(.*ECONNREFUSED.*\)/)
    const id = Number(/^\s*(\d+)/.exec(listed)?.[1])
    const shown = JSON.parse(await run('deliveries show', String(id), '--json'))
    expect(shown).toMatchObject({ ID: id, STATE: 'failed', APP_ID: app.ID, ATTEMPT_LIST: [expect.objectContaining({ ATTEMPT: 1, STATUS: null })] })
    expect(await run('deliveries replay', String(id))).toBe('1 deliveries queued again\n')
    expect(await run('deliveries replay', '--all-failed')).toBe('0 deliveries queued again\n')
  })

  it('explains wrong arguments', async () => {
    await expect(run('apps add', '--scope', 'crm')).rejects.toThrow(new CliUsageError('--title is required'))
    await expect(run('apps show', 'abc')).rejects.toThrow('ID must be a positive integer, got "abc"')
    await expect(run('apps show', '999')).rejects.toThrow('ERROR_NOT_FOUND: Application 999 not found')
    await expect(run('apps add', '--title', 'x', '--scope', 'bogus')).rejects.toThrow(/ERROR_ARGUMENT: SCOPE: unknown scope/)
    await expect(run('deliveries list', '--state', 'lost')).rejects.toThrow('--state must be one of new, pending, waiting, delivered, failed')
    await expect(run('deliveries replay')).rejects.toThrow('give delivery ids, --app ID or --all-failed')
    await expect(run('apps list', '--bogus')).rejects.toThrow(CliUsageError)
  })
})
