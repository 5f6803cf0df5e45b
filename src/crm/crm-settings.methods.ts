import { Type } from '@sinclair/typebox'
import { defineMethod, type AnyMethod } from '../rest/define-method.js'
import { systemErrors } from '../rest/system-errors.js'

/**
 * Not Bitrix24 methods (Bitrix24 sets CRM permissions in its web UI, and
 * these names cannot clash with theirs): the administrator reads and sets
 * what employees read in the CRM. READ=all: every employee reads every lead,
 * deal, contact and company (the default); READ=own: an employee reads the
 * objects they are responsible for and those marked OPENED=Y. Changing an
 * object stays with its responsible user and administrators either way.
 */

const READ_VALUES = ['all', 'own'] as const

export const crmAccessGet = defineMethod({
  name: 'openlines.crm.access.get',
  scope: 'crm',
  access: 'admin',
  description: 'What employees read in the CRM: {READ: "all" | "own"}.',
  input: Type.Object({}),
  errors: ['ACCESS_DENIED'],
  handler: async ({ deps, tx }) => {
    const settings = await deps.crm.getSettings(tx)
    return { READ: settings.readAll ? 'all' : 'own' }
  },
})

export const crmAccessSet = defineMethod({
  name: 'openlines.crm.access.set',
  scope: 'crm',
  access: 'admin',
  description: 'Sets what employees read in the CRM. READ=all: every object; READ=own: their own and those with OPENED=Y.',
  input: Type.Object({
    READ: Type.Optional(Type.Unknown({ description: 'all or own (required)' })),
  }),
  errors: ['ACCESS_DENIED', 'ERROR_ARGUMENT'],
  handler: async ({ input, deps, tx }) => {
    const read = typeof input.READ === 'string' ? input.READ.trim().toLowerCase() : ''
    if (!(READ_VALUES as readonly string[]).includes(read)) throw systemErrors.argument('READ', 'must be "all" or "own"')
    await deps.crm.updateSettings(tx, { readAll: read === 'all' })
    return true
  },
})

export const crmSettingsMethods: AnyMethod[] = [crmAccessGet, crmAccessSet] as AnyMethod[]
