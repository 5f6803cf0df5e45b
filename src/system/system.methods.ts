import { Type } from '@sinclair/typebox'
import { toBitrixDate } from '../platform/dates.js'
import { defineMethod, scopesOf } from '../rest/define-method.js'
import { hasAnyScope, hasScope } from '../rest/actor.js'
import { yes } from '../rest/flags.js'
import { ALL_SCOPES } from '../auth/scopes.js'

export const serverTime = defineMethod({
  name: 'server.time',
  scope: 'basic',
  description: 'Current server time as an ISO 8601 string with the server offset.',
  input: Type.Object({}),
  transaction: false,
  handler: async ({ deps }) => toBitrixDate(deps.clock.now()),
})

export const methods = defineMethod({
  name: 'methods',
  scope: 'basic',
  description: 'Names of methods: those available to the caller, of one scope, or all with full=true.',
  input: Type.Object({ scope: Type.Optional(Type.String()), full: Type.Optional(Type.Union([Type.Boolean(), Type.String(), Type.Number()])) }),
  transaction: false,
  handler: async ({ input, actor, deps }) => {
    const all = deps.registry.all()
    const wanted = input.scope
    if (wanted !== undefined) return all.filter((m) => scopesOf(m).includes(wanted)).map((m) => m.name)
    if (yes(input.full)) return all.map((m) => m.name)
    return all.filter((m) => hasAnyScope(actor, scopesOf(m))).map((m) => m.name)
  },
})

export const methodGet = defineMethod({
  name: 'method.get',
  scope: 'basic',
  description: 'Whether a method exists and whether the caller may call it.',
  input: Type.Object({ name: Type.String({ minLength: 1 }) }),
  transaction: false,
  handler: async ({ input, actor, deps }) => {
    const found = deps.registry.get(input.name)
    return { isExisting: Boolean(found), isAvailable: Boolean(found && hasAnyScope(actor, scopesOf(found.def))) }
  },
})

export const scope = defineMethod({
  name: 'scope',
  scope: 'basic',
  description: "The caller's scopes, or every scope of the server with full=true.",
  input: Type.Object({ full: Type.Optional(Type.Union([Type.Boolean(), Type.String(), Type.Number()])) }),
  transaction: false,
  handler: async ({ input, actor, deps }) => {
    const every = [...new Set([...ALL_SCOPES, ...deps.registry.scopes()])].filter((s) => s !== 'basic').sort()
    if (yes(input.full) || actor.scopes === 'all') return every
    return every.filter((s) => hasScope(actor, s))
  },
})

export const systemMethods = [serverTime, methods, methodGet, scope]
