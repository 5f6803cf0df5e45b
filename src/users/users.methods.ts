import type { Deps } from '../deps.js'
import type { Actor } from '../rest/actor.js'
import { defineMethod } from '../rest/define-method.js'
import { yes } from '../rest/flags.js'
import { pageRequest, toPage } from '../rest/paging.js'
import type { Executor } from '../storage/db.js'
import { filterSource, parseUserFilter } from './user-filter.schemas.js'
import { checkExtranet, readProfile, upperKeys } from './user-input.schemas.js'
import { userErrors } from './users.errors.js'
import { accessLevel, fieldLabels, FreeParams, param, parseSelect, parseSort, shapeUser } from './users.schemas.js'

// Every reading method answers to any of the three scope versions (api-reference/user/index.md).
const READ_SCOPES = ['user_basic', 'user_brief'] as const

async function listHandler(search: boolean, ctx: { input: Record<string, unknown>; actor: Actor; deps: Deps; tx: Executor; start: number }) {
  const { input, actor, deps, tx, start } = ctx
  const level = accessLevel(actor)
  const page = pageRequest(start)
  const filter = parseUserFilter(filterSource(input), { level, search })
  const { items, total } = await deps.users.list(actor, { filter, sort: parseSort(input, level), adminMode: yes(param(input, 'ADMIN_MODE')), page }, tx)
  const fields = parseSelect(input, level)
  return toPage(items.map((u) => shapeUser(u, fields)), total, page)
}

export const userGet = defineMethod({
  name: 'user.get',
  scope: 'user',
  extraScopes: READ_SCOPES,
  description: 'Users by filter (employees unless USER_TYPE or ADMIN_MODE says otherwise), 50 a page.',
  input: FreeParams,
  handler: (ctx) => listHandler(false, ctx),
})

export const userSearch = defineMethod({
  name: 'user.search',
  scope: 'user',
  extraScopes: READ_SCOPES,
  description: 'Users whose name, job title or department starts with the words of FIND (or the given fields).',
  input: FreeParams,
  handler: (ctx) => listHandler(true, ctx),
})

export const userCurrent = defineMethod({
  name: 'user.current',
  scope: 'user',
  extraScopes: READ_SCOPES,
  description: 'The user the call is made for.',
  input: FreeParams,
  handler: async ({ actor, deps, tx }) => shapeUser(await deps.users.current(actor, tx), parseSelect({}, accessLevel(actor))),
})

export const userFields = defineMethod({
  name: 'user.fields',
  scope: 'user',
  extraScopes: READ_SCOPES,
  description: 'Names of the user profile fields the caller may see.',
  input: FreeParams,
  transaction: false,
  handler: async ({ actor }) => fieldLabels(accessLevel(actor)),
})

export const userAdd = defineMethod({
  name: 'user.add',
  scope: 'user',
  description: 'Adds (invites) an employee; administrators only. Returns the new id.',
  input: FreeParams,
  errors: ['ERROR_ARGUMENT', 'ERROR_CORE', 'ERROR_GROUPID', 'ERROR_NO_GROUP'],
  handler: async ({ input, actor, deps, tx }) => {
    deps.users.checkManager(actor)
    const params = upperKeys(input)
    checkExtranet(params)
    const profile = readProfile(params, (field, why) => userErrors.invalidTypeField(field, why))
    return deps.users.add(actor, { profile, requireDepartment: true }, tx)
  },
})

export const userUpdate = defineMethod({
  name: 'user.update',
  scope: 'user',
  description: 'Changes a user profile, dismisses (ACTIVE=N) or reinstates; administrators only.',
  input: FreeParams,
  errors: ['ERROR_CORE'],
  handler: async ({ input, actor, deps, tx }) => {
    deps.users.checkManager(actor)
    const params = upperKeys(input)
    const id = Number(params.ID)
    const profile = readProfile(params, (field, why) => userErrors.updateField(why === 'invalid_type_field' ? `${why}: ${field}` : why))
    return deps.users.update(actor, id, profile, tx)
  },
})

export const userMethods = [userGet, userSearch, userCurrent, userFields, userAdd, userUpdate]
