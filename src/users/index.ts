/**
 * The users domain's public face: what other domains (lines, sessions,
 * routing, the CLI, system methods) may use. Everything else in this folder
 * is private to it.
 */
import type { Executor } from '../storage/db.js'
import { findDepartment as findDepartmentRow, findRootDepartment, type DepartmentRecord } from './departments.repo.js'
import { activeEmployeesOf, allUsers, existingUserIds, findUser, type UserRecord } from './users.repo.js'

export { createUsersService, LISTED_TYPES, type UsersService, type NewUser } from './users.service.js'
export { createDepartmentsService, type DepartmentsService } from './departments.service.js'
export { userMethods } from './users.methods.js'
export { departmentMethods } from './departments.methods.js'
export { readProfile, validEmail } from './user-input.schemas.js'
export { userErrors } from './users.errors.js'
export { accessCodesOf, accessNames, type AccessName } from './access.service.js'
export type { UserRecord, UserType } from './users.repo.js'
export type { DepartmentRecord } from './departments.repo.js'

/** A user by id, or null. */
export function getUser(db: Executor, id: number): Promise<UserRecord | null> {
  return findUser(db, id)
}

/** Whether the user exists, is active and is an administrator. */
export async function isAdmin(db: Executor, id: number): Promise<boolean> {
  const user = await findUser(db, id)
  return Boolean(user?.active && user.isAdmin)
}

/**
 * The active employees of these departments and of all their sub-departments,
 * by ascending id (a queue of "department" entries expands to this).
 */
export function departmentUsers(db: Executor, departmentIds: number[]): Promise<number[]> {
  return activeEmployeesOf(db, departmentIds)
}

export interface UserExistOptions {
  /** Leave out dismissed users. */
  activeOnly?: boolean
  /** Only these user types (e.g. ['employee'] for operators). */
  types?: string[]
}

/** Whether every id names a user (of the given kind). An empty list is trivially true. */
export async function usersExist(db: Executor, ids: number[], opts: UserExistOptions = {}): Promise<boolean> {
  const unique = [...new Set(ids)]
  const found = await existingUserIds(db, unique, opts)
  return found.length === unique.length
}

/** The ids among `ids` that name no user (of the given kind), for precise error messages. */
export async function missingUsers(db: Executor, ids: number[], opts: UserExistOptions = {}): Promise<number[]> {
  const unique = [...new Set(ids)]
  const found = new Set(await existingUserIds(db, unique, opts))
  return unique.filter((id) => !found.has(id))
}

export function getDepartment(db: Executor, id: number): Promise<DepartmentRecord | null> {
  return findDepartmentRow(db, id)
}

/** The top of the company structure (the "Company" department created on first start). */
export function topDepartment(db: Executor): Promise<DepartmentRecord | null> {
  return findRootDepartment(db)
}

/** Users of the given types (all when null), by id; for the command line. */
export function listAllUsers(db: Executor, types: string[] | null): Promise<UserRecord[]> {
  return allUsers(db, types)
}
