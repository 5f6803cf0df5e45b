import { defineMethod } from '../rest/define-method.js'
import { pageRequest, toPage } from '../rest/paging.js'
import { DEPARTMENT_FIELDS, readDepartmentId, readDepartmentInput, readDepartmentQuery, shapeDepartment } from './departments.schemas.js'
import { FreeParams } from './users.schemas.js'

export const departmentGet = defineMethod({
  name: 'department.get',
  scope: 'department',
  description: 'Departments by ID, NAME, SORT, PARENT or UF_HEAD, 50 a page.',
  input: FreeParams,
  handler: async ({ input, deps, tx, start }) => {
    const page = pageRequest(start)
    const { items, total } = await deps.departments.list(readDepartmentQuery(input, page), tx)
    return toPage(items.map(shapeDepartment), total, page)
  },
})

export const departmentAdd = defineMethod({
  name: 'department.add',
  scope: 'department',
  description: 'Adds a department under PARENT; administrators only. Returns the new id.',
  input: FreeParams,
  errors: ['ERROR_CORE'],
  handler: async ({ input, actor, deps, tx }) => deps.departments.add(actor, readDepartmentInput(input), tx),
})

export const departmentUpdate = defineMethod({
  name: 'department.update',
  scope: 'department',
  description: 'Renames, re-sorts, moves a department or sets its head; administrators only.',
  input: FreeParams,
  errors: ['ERROR_CORE'],
  handler: async ({ input, actor, deps, tx }) => deps.departments.update(actor, readDepartmentId(input), readDepartmentInput(input), tx),
})

export const departmentDelete = defineMethod({
  name: 'department.delete',
  scope: 'department',
  description: 'Deletes a department that has no sub-departments and no active employees; administrators only.',
  input: FreeParams,
  errors: ['ERROR_CORE'],
  handler: async ({ input, actor, deps, tx }) => deps.departments.remove(actor, readDepartmentId(input), tx),
})

export const departmentFields = defineMethod({
  name: 'department.fields',
  scope: 'department',
  description: 'Names of the department fields.',
  input: FreeParams,
  transaction: false,
  handler: async () => ({ ...DEPARTMENT_FIELDS }),
})

export const departmentMethods = [departmentGet, departmentAdd, departmentUpdate, departmentDelete, departmentFields]
