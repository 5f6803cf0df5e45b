import { Type } from '@sinclair/typebox'
import { defineMethod } from '../rest/define-method.js'
import { accessCodesOf, accessNames } from '../users/index.js'

const Params = Type.Record(Type.String(), Type.Unknown())

/** ACCESS as a list of codes, whether sent as a list, a PHP-style map or one code. */
function accessParam(params: Record<string, unknown>): string[] {
  const key = Object.keys(params).find((k) => k.toUpperCase() === 'ACCESS')
  const raw = key === undefined ? undefined : params[key]
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : raw === undefined ? [] : [raw]
  return list.filter((c): c is string => typeof c === 'string' && c !== '')
}

export const userAccess = defineMethod({
  name: 'user.access',
  scope: 'basic',
  description: 'Whether the calling user holds one of the access codes in ACCESS (always true for administrators).',
  input: Params,
  handler: async ({ input, actor, tx }) => {
    if (actor.isAdmin) return true
    const mine = await accessCodesOf(tx, actor.userId)
    return accessParam(input).some((code) => mine.has(code))
  },
})

export const accessName = defineMethod({
  name: 'access.name',
  scope: 'basic',
  description: 'Names of access codes; false when ACCESS is missing or empty.',
  input: Params,
  handler: async ({ input, tx }) => {
    const codes = accessParam(input)
    if (codes.length === 0) return false
    return accessNames(tx, codes)
  },
})

export const accessMethods = [userAccess, accessName]
