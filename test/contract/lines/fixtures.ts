import { expect } from 'vitest'
import type { TestApp } from '../../helpers/test-app.js'
import { insertUser } from '../../../src/users/users.repo.js'
import type { Clock } from '../../../src/platform/clock.js'

/**
 * Test data the users domain would create: departments, employees, bots.
 * There is one top department (the company, id 1, made on first start); new ones go under it unless told.
 */
export async function addDepartment(t: TestApp, name: string, parentId: number = 1): Promise<number> {
  const row = await t.deps.db.insertInto('departments').values({ name, parent_id: parentId, head_id: null }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function addEmployee(t: TestApp, o: { departments?: number[]; online?: boolean; active?: boolean; name?: string } = {}): Promise<number> {
  const { id } = await insertUser(t.deps.db, { name: o.name ?? 'Employee', departments: o.departments ?? [] })
  await t.deps.db.updateTable('users').set({ is_online: o.online ?? false, active: o.active ?? true }).where('id', '=', id).execute()
  return id
}

export async function addBot(t: TestApp, name = 'Bot'): Promise<number> {
  return (await insertUser(t.deps.db, { name, userType: 'bot' })).id
}

/** A clock the test moves by hand. */
export function manualClock(start = '2025-03-11T10:00:00Z'): Clock & { advance(seconds: number): void } {
  let now = new Date(start).getTime()
  return {
    now: () => new Date(now),
    monotonic: () => now,
    advance(seconds) {
      now += seconds * 1000
    },
  }
}

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
