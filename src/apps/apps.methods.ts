import { Type } from '@sinclair/typebox'
import { defineMethod } from '../rest/define-method.js'
import { getOptions, setOptions, type OptionScope } from './options.service.js'

/** option may come as `option` or `OPTION`; options as `options` or `OPTIONS` (upstream reads keys in any case). */
function pick(input: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(input).find((k) => k.toLowerCase() === name)
  return key === undefined ? undefined : input[key]
}

const Loose = Type.Object({})

function getter(name: string, scope: OptionScope, description: string) {
  return defineMethod({
    name,
    scope: 'basic',
    description,
    input: Loose,
    errors: ['AccessException'],
    handler: async ({ input, actor, tx }) => {
      const option = pick(input, 'option')
      return getOptions(tx, actor, scope, option === undefined || option === null ? undefined : String(option))
    },
  })
}

function setter(name: string, scope: OptionScope, description: string) {
  return defineMethod({
    name,
    scope: 'basic',
    description,
    input: Loose,
    errors: ['AccessException', 'ArgumentNullException'],
    handler: ({ input, actor, tx }) => setOptions(tx, actor, scope, pick(input, 'options')),
  })
}

export const appOptionGet = getter('app.option.get', 'app', 'Data bound to the application: every key, or one with option.')
export const appOptionSet = setter('app.option.set', 'app', 'Binds data to the application (administrators).')
export const userOptionGet = getter('user.option.get', 'user', 'Data bound to the application and the current user.')
export const userOptionSet = setter('user.option.set', 'user', 'Binds data to the application and the current user.')

export const optionMethods = [appOptionGet, appOptionSet, userOptionGet, userOptionSet]
