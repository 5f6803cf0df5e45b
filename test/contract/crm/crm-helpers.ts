import { expect } from 'vitest'
import { toBitrixDate } from '../../../src/platform/dates.js'
import type { Clock } from '../../../src/platform/clock.js'
import { insertUser } from '../../../src/users/users.repo.js'
import type { CallResult, TestApp } from '../../helpers/test-app.js'

export const timeShape = {
  start: expect.any(Number),
  finish: expect.any(Number),
  duration: expect.any(Number),
  processing: expect.any(Number),
  date_start: expect.any(String),
  date_finish: expect.any(String),
  operating_reset_at: expect.any(Number),
  operating: expect.any(Number),
}

/** A clock the test moves by hand, so dates in results are known. */
export function testClock(startIso = '2024-05-23T16:18:25Z'): Clock & { advance(seconds: number): void } {
  let now = new Date(startIso).getTime()
  return { now: () => new Date(now), monotonic: () => performance.now(), advance: (s) => { now += s * 1000 } }
}

/** A date-time as the server prints it (ISO 8601 with the server's offset). */
export const bx = (iso: string) => toBitrixDate(new Date(iso))

/** A date field as the server prints it: local midnight of that day. */
export function bxDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return toBitrixDate(new Date(y, m - 1, d))
}

export function expectOk(res: CallResult, result: unknown): void {
  expect(res.body).toEqual({ result, time: timeShape })
  expect(res.status).toBe(200)
}

/** The pages' error envelope: an empty code unless said, HTTP 400. */
export function expectError(res: CallResult, description: string, code = ''): void {
  expect(res.body).toEqual({ error: code, error_description: description })
  expect(res.status).toBe(400)
}

/** A user of another kind (extranet, bot...) with a crm webhook. */
export async function createNonEmployee(t: TestApp, userType: string): Promise<{ id: number; hook: string }> {
  const user = await insertUser(t.deps.db, { name: 'Guest', userType })
  const hook = await t.deps.auth.createWebhook({ userId: user.id, scopes: ['crm'] })
  return { id: user.id, hook: new URL(hook.url).pathname }
}

/** Adds an object and returns its id, failing the test if the call fails. */
export async function add(t: TestApp, type: string, fields: Record<string, unknown>, hook?: string): Promise<number> {
  const res = await t.call(`crm.${type}.add`, { fields }, hook)
  expect(res.body.error, JSON.stringify(res.body)).toBeUndefined()
  return res.body.result as number
}
