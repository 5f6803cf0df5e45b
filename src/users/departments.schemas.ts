import { systemErrors } from '../rest/system-errors.js'
import type { PageRequest } from '../rest/paging.js'
import type { DepartmentColumn, DepartmentCondition, DepartmentListQuery, DepartmentOp, DepartmentRecord } from './departments.repo.js'
import type { DepartmentInput } from './departments.service.js'
import { departmentErrors } from './users.errors.js'
import { splitKey, type FilterOp } from './user-filter.schemas.js'
import { MAX_ID } from './users.repo.js'

/** department.fields (department-fields.md). */
export const DEPARTMENT_FIELDS = {
  ID: 'ID',
  NAME: 'Department Name',
  SORT: 'Sort Order',
  PARENT: 'Parent Department',
  UF_HEAD: 'Manager',
} as const

const COLUMN_OF: Record<keyof typeof DEPARTMENT_FIELDS, DepartmentColumn> = {
  ID: 'id',
  NAME: 'name',
  SORT: 'sort',
  PARENT: 'parent_id',
  UF_HEAD: 'head_id',
}

const isField = (s: string): s is keyof typeof DEPARTMENT_FIELDS => s in COLUMN_OF

/** ID, PARENT and UF_HEAD as strings, SORT a number; a top department has no PARENT, one without a head no UF_HEAD. */
export function shapeDepartment(d: DepartmentRecord): Record<string, unknown> {
  return {
    ID: String(d.id),
    NAME: d.name,
    SORT: d.sort,
    ...(d.parentId !== null ? { PARENT: String(d.parentId) } : {}),
    ...(d.headId !== null ? { UF_HEAD: String(d.headId) } : {}),
  }
}

const isInt = (n: number) => Number.isInteger(n) && Math.abs(n) <= MAX_ID

function intOf(field: string, value: unknown): number {
  const n = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : NaN
  if (!isInt(n)) throw systemErrors.argument(field, 'must be an integer')
  return n
}

/** An id, or null for "none" ("", 0, null), as PARENT and UF_HEAD accept. */
function refOf(field: string, value: unknown): number | null {
  if (value === null || value === '' || value === 0 || value === '0' || value === false) return null
  const n = intOf(field, value)
  return n > 0 ? n : null
}

/** NAME, SORT, PARENT, UF_HEAD in any letter case; absent keys are left unchanged. */
export function readDepartmentInput(params: Record<string, unknown>): DepartmentInput {
  const out: DepartmentInput = {}
  for (const [key, value] of Object.entries(params)) {
    switch (key.toUpperCase()) {
      case 'NAME':
        if (typeof value !== 'string' && typeof value !== 'number') throw departmentErrors.nameMissing()
        out.name = String(value)
        break
      case 'SORT':
        out.sort = intOf('SORT', value)
        break
      case 'PARENT':
        out.parentId = refOf('PARENT', value)
        break
      case 'UF_HEAD':
        out.headId = refOf('UF_HEAD', value)
        break
    }
  }
  return out
}

/** The ID of department.update / department.delete; anything that is not a positive id finds no department. */
export function readDepartmentId(params: Record<string, unknown>): number {
  const key = Object.keys(params).find((k) => k.toUpperCase() === 'ID')
  const n = key === undefined ? NaN : Number(params[key])
  return isInt(n) && n > 0 ? n : 0
}

function filterValues(field: keyof typeof DEPARTMENT_FIELDS, value: unknown): Array<number | string> {
  const list = Array.isArray(value) ? value : [value]
  if (field === 'NAME') return list.filter((v) => typeof v === 'string' || typeof v === 'number').map(String)
  return list.map((v) => (typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN)).filter(isInt)
}

const DEPARTMENT_OPS: Partial<Record<FilterOp, DepartmentOp>> = { eq: 'eq', ne: 'ne', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte' }

/** A filter key: a field with an optional prefix (`>ID` lets the SDKs page by the last ID with start=-1). */
function conditionOf(key: string, value: unknown): DepartmentCondition | null {
  const { op, code } = splitKey(key)
  const depOp = DEPARTMENT_OPS[op]
  if (!depOp || !isField(code) || (code === 'NAME' && depOp !== 'eq' && depOp !== 'ne')) return null
  return { column: COLUMN_OF[code], op: depOp, values: filterValues(code, value) }
}

/**
 * department.get: `sort`/`order` and the filter fields ID, NAME (the full
 * name), SORT, PARENT, UF_HEAD at the top level as the page shows, or in a
 * FILTER map as list helpers send them. Bitrix24 upper-cases keys, so `sort`
 * (the field to sort by) and `SORT` (the filter) share a name: a field name
 * there means sorting, a number means filtering.
 */
export function readDepartmentQuery(params: Record<string, unknown>, page: PageRequest): DepartmentListQuery {
  const q: DepartmentListQuery = { where: [], sort: { column: 'sort', desc: false }, ...page }
  for (const [key, value] of Object.entries(params)) {
    const upper = key.toUpperCase()
    const named = typeof value === 'string' ? value.trim().toUpperCase() : ''
    if (upper === 'ORDER') q.sort.desc = named === 'DESC'
    else if (upper === 'SORT' && isField(named)) q.sort.column = COLUMN_OF[named]
    else if (upper === 'SORT' && named !== '' && !/^-?\d+$/.test(named)) throw departmentErrors.badSort(String(value))
    else if (upper === 'FILTER' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) pushCondition(q, conditionOf(k, v))
    } else pushCondition(q, conditionOf(key, value))
  }
  return q
}

function pushCondition(q: DepartmentListQuery, c: DepartmentCondition | null): void {
  if (c) q.where.push(c)
}
