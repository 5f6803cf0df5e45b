import { Type } from '@sinclair/typebox'
import { toBitrixDate } from '../platform/dates.js'
import { defineMethod } from '../rest/define-method.js'
import { parseNonNegativeInt, parsePositiveId } from './line-values.schemas.js'

/**
 * Beyond the Bitrix24 API (which manages these rights only in its web UI):
 * administrators give users the manager or supervisor role on one line or on
 * every line. What each role may do is the table in line-access.service.ts.
 */

const lineParam = Type.Optional(Type.Unknown({ description: 'Open line id; 0 or absent: every line' }))

export const accessSet = defineMethod({
  name: 'openlines.config.access.set',
  scope: 'imopenlines',
  access: 'admin',
  description: 'Gives USER_ID the ROLE manager or supervisor on line CONFIG_ID (or on every line), or takes it away with ROLE=none.',
  input: Type.Object({
    USER_ID: Type.Optional(Type.Unknown({ description: 'An active employee (required)' })),
    CONFIG_ID: lineParam,
    ROLE: Type.Union([Type.Literal('manager'), Type.Literal('supervisor'), Type.Literal('none')], { description: 'manager, supervisor or none' }),
  }),
  errors: ['ACCESS_DENIED', 'ERROR_ARGUMENT'],
  handler: async ({ input, actor, deps, tx }) => {
    const userId = parsePositiveId(input.USER_ID, 'USER_ID')
    const line = input.CONFIG_ID === undefined || input.CONFIG_ID === '' ? 0 : parseNonNegativeInt(input.CONFIG_ID, 'CONFIG_ID')
    return deps.lines.grant(actor, { userId, lineId: line || null, role: input.ROLE }, tx)
  },
})

export const accessList = defineMethod({
  name: 'openlines.config.access.list',
  scope: 'imopenlines',
  access: 'admin',
  description: 'Roles given on open lines, optionally of one USER_ID or one CONFIG_ID (CONFIG_ID "0" in the answer: every line).',
  input: Type.Object({
    USER_ID: Type.Optional(Type.Unknown({ description: 'Only this user' })),
    CONFIG_ID: Type.Optional(Type.Unknown({ description: 'Only this line' })),
  }),
  errors: ['ACCESS_DENIED', 'ERROR_ARGUMENT'],
  handler: async ({ input, deps, tx }) => {
    const userId = input.USER_ID === undefined ? undefined : parsePositiveId(input.USER_ID, 'USER_ID')
    const lineId = input.CONFIG_ID === undefined ? undefined : parsePositiveId(input.CONFIG_ID, 'CONFIG_ID')
    const grants = await deps.lines.grants({ userId, lineId }, tx)
    return grants.map((g) => ({
      ID: String(g.id),
      USER_ID: String(g.userId),
      CONFIG_ID: String(g.lineId ?? 0),
      ROLE: g.role,
      GRANTED_BY: String(g.grantedBy),
      DATE_GRANTED: toBitrixDate(g.grantedAt),
    }))
  },
})

export const lineAccessMethods = [accessSet, accessList]
