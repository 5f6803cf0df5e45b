import type { Clock } from '../platform/clock.js'
import type { Actor } from '../rest/actor.js'
import type { PageRequest } from '../rest/paging.js'
import type { Executor } from '../storage/db.js'
import { missingDepartments } from './departments.repo.js'
import type { UserField } from './user-fields.schemas.js'
import type { UserFilter } from './user-filter.schemas.js'
import { validEmail, type ProfileInput } from './user-input.schemas.js'
import { listUsers } from './user-list.repo.js'
import { userErrors } from './users.errors.js'
import { emailTaken, findUser, insertUserRecord, otherActiveAdmins, updateUserRecord, type UserRecord } from './users.repo.js'

/** The user types user.get and user.search can show (user-get.md: never bots, open-line customers or network users). */
export const LISTED_TYPES = ['employee', 'extranet', 'email'] as const

export interface UserListRequest {
  filter: UserFilter
  sort: { field: UserField; desc: boolean }
  /** ADMIN_MODE as asked; it only counts for administrators. */
  adminMode: boolean
  page: PageRequest
}

export interface NewUser {
  profile: ProfileInput
  isAdmin?: boolean
  /** user.add demands a department for an employee; the command line places one in the top department instead. */
  requireDepartment: boolean
}

export interface UsersService {
  list(actor: Actor, req: UserListRequest, tx: Executor): Promise<{ items: UserRecord[]; total: number | null }>
  current(actor: Actor, tx: Executor): Promise<UserRecord>
  /** user.add and user.update are for administrators only (ERROR_CORE access_denied otherwise). */
  checkManager(actor: Actor): void
  add(actor: Actor | null, input: NewUser, tx: Executor): Promise<number>
  update(actor: Actor, id: number, profile: ProfileInput, tx: Executor): Promise<true>
}

/**
 * Which users a caller may list. By default employees only, as Bitrix24 shows
 * an employee the people of the company structure; a USER_TYPE filter picks
 * among employee, extranet and mail users; ADMIN_MODE lets an administrator
 * see all three. An extranet user sees only themselves (there are no
 * workgroups here to share).
 */
function visibility(actor: Actor, req: UserListRequest): { types: string[]; viewer: number | null } {
  const adminMode = req.adminMode && actor.isAdmin
  const types = req.filter.mentionsType || adminMode ? [...LISTED_TYPES] : ['employee']
  return { types, viewer: adminMode ? null : actor.userId }
}

function mergeExtra(base: Record<string, unknown>, changes: ProfileInput['extra']): Record<string, unknown> {
  const out = { ...base }
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete out[k]
    else out[k] = v
  }
  return out
}

export function createUsersService(deps: { clock: Clock }): UsersService {
  const checkManager = (actor: Actor | null) => {
    if (actor && !actor.isAdmin) throw userErrors.accessDenied()
  }

  async function add(actor: Actor | null, input: NewUser, tx: Executor): Promise<number> {
    checkManager(actor)
    const w = input.profile.write
    const email = (w.email ?? '').trim()
    if (input.requireDepartment ? !validEmail(email) : email !== '' && !validEmail(email)) throw userErrors.wrongEmail()
    if (email !== '' && (await emailTaken(tx, email))) throw userErrors.emailTaken()
    const departments = w.departments ?? []
    if (input.requireDepartment && departments.length === 0) throw userErrors.noDepartment()
    const missing = await missingDepartments(tx, departments)
    if (missing.length) throw userErrors.departmentMissing(missing[0])
    const write = { ...w, email, departments, userType: 'employee', isAdmin: input.isAdmin ?? false, extra: mergeExtra({}, input.profile.extra) }
    return insertUserRecord(tx, write, deps.clock.now())
  }

  async function update(actor: Actor, id: number, profile: ProfileInput, tx: Executor): Promise<true> {
    checkManager(actor)
    if (!Number.isInteger(id) || id <= 0) throw userErrors.accessDenied()
    const user = await findUser(tx, id)
    if (!user || !(LISTED_TYPES as readonly string[]).includes(user.userType)) throw userErrors.userNotFound()
    const w = { ...profile.write }
    if (w.email !== undefined) {
      if (w.email !== '' && !validEmail(w.email)) throw userErrors.updateField('wrong_email')
      if (w.email !== '' && (await emailTaken(tx, w.email, id))) throw userErrors.updateField('A user with this email already exists')
    }
    const missing = await missingDepartments(tx, w.departments ?? [])
    if (missing.length) throw userErrors.departmentMissing(missing[0])
    // Not on the page: dismissing the only administrator would leave no one able to manage the account.
    if (w.active === false && user.isAdmin && user.active && (await otherActiveAdmins(tx, id)) === 0) throw userErrors.lastAdmin()
    if (Object.keys(profile.extra).length) w.extra = mergeExtra(user.extra, profile.extra)
    await updateUserRecord(tx, id, w, deps.clock.now())
    return true
  }

  return {
    checkManager,
    add,
    update,
    async list(actor, req, tx) {
      const { offset, limit, withTotal } = req.page
      return listUsers(tx, { filter: req.filter, ...visibility(actor, req), sort: req.sort, offset, limit, withTotal })
    },
    async current(actor, tx) {
      const me = await findUser(tx, actor.userId)
      // The dispatcher resolved this user a moment ago in the same store; a missing row is a broken invariant.
      if (!me) throw new Error(`current user ${actor.userId} not found`)
      return me
    },
  }
}
