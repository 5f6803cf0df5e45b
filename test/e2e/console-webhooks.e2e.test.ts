import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, consoleUser, runBrowser, signIn, startConsoleRig, type ConsoleRig } from './console-browser.js'

describe.runIf(runBrowser)('incoming webhooks in the console\'s administration', () => {
  let rig: ConsoleRig
  beforeAll(async () => {
    rig = await startConsoleRig()
  })
  afterAll(async () => {
    await rig?.close()
  })

  it('an administrator creates a webhook for a colleague, sees its address once, narrows its scopes and deletes it', async () => {
    const { t } = rig
    const ada = await consoleUser(rig, 'Ada', { isAdmin: true })
    const maria = await consoleUser(rig, 'Maria')
    const page = await signIn(rig, ada)
    await page.getByRole('link', { name: 'Apps and webhooks' }).click()

    const form = page.locator('form[aria-label="New incoming webhook"]')
    await form.getByLabel('Title').fill('Reports')
    await form.getByLabel('Acts as').selectOption({ label: 'Maria' })
    await form.getByLabel('crm', { exact: true }).check()
    await form.getByLabel('im', { exact: true }).uncheck()
    await form.getByRole('button', { name: 'Create webhook' }).click()
    const url = (await form.getByTestId('webhook-url').textContent()) ?? ''
    expect(url).toMatch(new RegExp(`/rest/${maria.id}/[a-z0-9]{16}/$`))
    const path = new URL(url).pathname
    const call = async (method: string) => {
      const res = await t.app.inject({ method: 'POST', url: `${path}${method}`, payload: {} })
      return { status: res.statusCode, body: res.json() as Record<string, any> }
    }
    expect((await call('user.current')).body.result).toMatchObject({ ID: String(maria.id) })
    expect((await call('crm.lead.list')).status).toBe(200)

    const row = page.locator('table[aria-label="Incoming webhooks"] tr', { hasText: 'Reports' })
    await row.getByText('active').waitFor()
    await expect(row.locator('.adm-tag').allTextContents()).resolves.toEqual(['imopenlines', 'user', 'crm'])
    // The address is never listed: only the first characters of its code.
    const code = /\/rest\/\d+\/([a-z0-9]+)\//.exec(url)![1]
    await expect(page.locator('table[aria-label="Incoming webhooks"]').textContent()).resolves.not.toContain(code)
    await page.screenshot({ path: `${ARTIFACTS}/console-admin-webhooks.png`, fullPage: true })

    await row.getByRole('button', { name: 'Change scopes' }).click()
    await row.getByLabel('crm', { exact: true }).uncheck()
    await row.getByRole('button', { name: 'Save scopes' }).click()
    await row.getByRole('status').filter({ hasText: 'Scopes saved.' }).waitFor()
    await expect(row.locator('.adm-tag').allTextContents()).resolves.toEqual(['imopenlines', 'user'])
    expect(await call('crm.lead.list')).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } })

    await row.getByRole('button', { name: 'Delete' }).click()
    await row.getByRole('button', { name: 'Yes' }).click()
    await row.getByText('deleted').waitFor()
    expect(await call('user.current')).toMatchObject({ status: 401, body: { error: 'NO_AUTH_FOUND' } })
    await page.context().close()
  }, 120_000)
})
