import type { Executor } from '../storage/db.js'
import { grantsOf, isQueuedOn } from './line-access.repo.js'
import { departmentsWithAncestors, userForAccess } from './line-people.repo.js'
import type { LineScope } from './line-list.repo.js'

/**
 * Who may do what with an open line: the whole permission model, in one table.
 *
 * Roles a user holds on a line:
 * - admin: an administrator (users.is_admin), on every line;
 * - manager / supervisor: given by a grant (table line_grants, methods
 *   openlines.config.access.*) for one line, or for every line;
 * - operator: named in the line's QUEUE, directly or through a department
 *   (or a department above theirs).
 * A user may hold several roles; an action is allowed when any role allows it.
 * Anyone holding no role on a line may do nothing with it.
 */
export type LineRole = 'admin' | 'manager' | 'supervisor' | 'operator'
export type LineAction =
  /** Read the line's settings (config.get, config.list.get). */
  | 'view'
  /** Create lines (config.add); only a role held on every line counts. */
  | 'create'
  /** Change or delete the line (config.update, config.delete). */
  | 'modify'
  /** See every dialogue of the line and its history, join, intercept, rate as a supervisor. */
  | 'viewAllDialogues'
  /** Take and answer the line's dialogues, see their own, save quick answers. */
  | 'workDialogues'

export const LINE_PERMISSIONS: Readonly<Record<LineAction, readonly LineRole[]>> = {
  view: ['admin', 'manager', 'supervisor', 'operator'],
  create: ['admin', 'manager'],
  modify: ['admin', 'manager'],
  viewAllDialogues: ['admin', 'manager', 'supervisor'],
  workDialogues: ['admin', 'manager', 'supervisor', 'operator'],
}

export interface Who {
  userId: number
  isAdmin: boolean
}

export interface LineAccess {
  roles: ReadonlySet<LineRole>
  can(action: LineAction): boolean
}

export function allows(roles: ReadonlySet<LineRole>, action: LineAction): boolean {
  return LINE_PERMISSIONS[action].some((r) => roles.has(r))
}

async function operatorDepartments(db: Executor, userId: number): Promise<number[] | null> {
  const user = await userForAccess(db, userId)
  if (!user || !user.active) return null
  return departmentsWithAncestors(db, user.departments)
}

/** The caller's roles on one line, or (lineId null) the roles they hold on every line. */
export async function lineAccess(db: Executor, who: Who, lineId: number | null): Promise<LineAccess> {
  const roles = new Set<LineRole>()
  if (who.isAdmin) roles.add('admin')
  for (const g of await grantsOf(db, who.userId)) if (g.line_id === null || g.line_id === lineId) roles.add(g.role)
  if (lineId !== null && !roles.has('admin')) {
    const depts = await operatorDepartments(db, who.userId)
    if (depts && (await isQueuedOn(db, lineId, who.userId, depts))) roles.add('operator')
  }
  return { roles, can: (action) => allows(roles, action) }
}

/** The lines on which the caller may do `action`, as a condition for listing. */
export async function lineScope(db: Executor, who: Who, action: LineAction): Promise<LineScope> {
  const allowed = (r: LineRole) => LINE_PERMISSIONS[action].includes(r)
  if (who.isAdmin && allowed('admin')) return { kind: 'all' }
  const grants = (await grantsOf(db, who.userId)).filter((g) => allowed(g.role))
  if (grants.some((g) => g.line_id === null)) return { kind: 'all' }
  const lineIds = grants.map((g) => g.line_id).filter((id): id is number => id !== null)
  const depts = allowed('operator') ? await operatorDepartments(db, who.userId) : null
  return { kind: 'some', lineIds, queued: depts ? { userId: who.userId, departmentIds: depts } : null }
}
