import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import {
  deleteDepartment,
  findDepartment,
  findRootDepartment,
  forgetDepartment,
  hasActiveMembers,
  hasSubDepartments,
  insertDepartment,
  isWithin,
  listDepartments,
  updateDepartment,
  type DepartmentListQuery,
  type DepartmentRecord,
} from './departments.repo.js'
import { departmentErrors } from './users.errors.js'
import { existingUserIds } from './users.repo.js'

/** A change asked for: undefined leaves a field as it is; `parentId: null` asks for the top level. */
export interface DepartmentInput {
  name?: string
  sort?: number
  parentId?: number | null
  headId?: number | null
}

export interface DepartmentsService {
  list(q: DepartmentListQuery, tx: Executor): Promise<{ items: DepartmentRecord[]; total: number | null }>
  add(actor: Actor, input: DepartmentInput, tx: Executor): Promise<number>
  update(actor: Actor, id: number, input: DepartmentInput, tx: Executor): Promise<true>
  remove(actor: Actor, id: number, tx: Executor): Promise<true>
}

const DEFAULT_SORT = 500

/** Two transactions racing to create the top department: the unique index refuses the second. */
function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505'
}

export function createDepartmentsService(): DepartmentsService {
  // Changing the company structure is for administrators (department-add.md: "user with rights to modify the structure").
  const checkManager = (actor: Actor) => {
    if (!actor.isAdmin) throw departmentErrors.accessDenied()
  }

  async function checkHead(tx: Executor, headId: number | null | undefined): Promise<void> {
    if (headId === null || headId === undefined) return
    const found = await existingUserIds(tx, [headId], { types: ['employee', 'extranet'] })
    if (found.length === 0) throw departmentErrors.headNotFound(headId)
  }

  /** A parent must exist; "no parent" is only possible for the one top department. */
  async function checkParent(tx: Executor, parentId: number | null, self: DepartmentRecord | null): Promise<void> {
    if (parentId === null) {
      const root = await findRootDepartment(tx)
      if (root && root.id !== self?.id) throw departmentErrors.oneRoot()
      return
    }
    if (!(await findDepartment(tx, parentId))) throw departmentErrors.oneRoot()
    if (self && (await isWithin(tx, parentId, self.id))) throw departmentErrors.cycle()
  }

  async function add(actor: Actor, input: DepartmentInput, tx: Executor): Promise<number> {
    checkManager(actor)
    const name = input.name?.trim() ?? ''
    if (name === '') throw departmentErrors.nameMissing()
    const parentId = input.parentId ?? null
    await checkParent(tx, parentId, null)
    await checkHead(tx, input.headId)
    try {
      return await insertDepartment(tx, { name, sort: input.sort ?? DEFAULT_SORT, parentId, headId: input.headId ?? null })
    } catch (e) {
      if (isUniqueViolation(e)) throw departmentErrors.oneRoot()
      throw e
    }
  }

  async function update(actor: Actor, id: number, input: DepartmentInput, tx: Executor): Promise<true> {
    checkManager(actor)
    const dept = Number.isInteger(id) && id > 0 ? await findDepartment(tx, id) : null
    if (!dept) throw departmentErrors.notFound()
    const name = input.name?.trim()
    if (name === '') throw departmentErrors.nameMissing()
    if (input.parentId !== undefined && input.parentId !== dept.parentId) await checkParent(tx, input.parentId, dept)
    await checkHead(tx, input.headId)
    const change = { name, sort: input.sort, parentId: input.parentId, headId: input.headId }
    if (Object.values(change).some((v) => v !== undefined)) await updateDepartment(tx, id, change)
    return true
  }

  async function remove(actor: Actor, id: number, tx: Executor): Promise<true> {
    checkManager(actor)
    const dept = Number.isInteger(id) && id > 0 ? await findDepartment(tx, id) : null
    if (!dept) throw departmentErrors.notFound()
    if (await hasSubDepartments(tx, id)) throw departmentErrors.hasChildren()
    if (await hasActiveMembers(tx, id)) throw departmentErrors.hasEmployees()
    await forgetDepartment(tx, id)
    await deleteDepartment(tx, id)
    return true
  }

  return { list: (q, tx) => listDepartments(tx, q), add, update, remove }
}
