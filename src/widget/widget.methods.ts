import { Type } from '@sinclair/typebox'
import { getLine, lineAccess } from '../lines/index.js'
import { RestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import { defineMethod } from '../rest/define-method.js'
import type { Executor } from '../storage/db.js'
import { rotateWidgetSecret, widgetSecret } from './widget-identity.js'

const secretErrors = {
  configId: () => new RestError('CONFIG_ID_EMPTY', "Config ID can't be empty", 400),
  notFound: (id: number) => new RestError('CONFIG_NOT_FOUND', `Open line ${id} does not exist`, 404),
  denied: () => new RestError('CONFIG_WRONG_USER_PERMISSION', 'Permission denied', 403),
}

const Input = Type.Object({ CONFIG_ID: Type.Optional(Type.Unknown()) })

/** The line named by CONFIG_ID, which the caller may change (the secret is part of its settings). */
async function ownLine(tx: Executor, actor: Actor, raw: unknown): Promise<number> {
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(id) || id <= 0) throw secretErrors.configId()
  if (!(await getLine(tx, id))) throw secretErrors.notFound(id)
  if (!(await lineAccess(tx, actor, id)).can('modify')) throw secretErrors.denied()
  return id
}

/**
 * Not Bitrix24 methods (the `openlines.` prefix cannot clash with theirs): the
 * line's secret that sites sign visitor identities with (docs/widget.md).
 */
export const widgetSecretGet = defineMethod({
  name: 'openlines.widget.secret.get',
  scope: 'imopenlines',
  description: 'The HMAC secret a site signs widget visitor identities with, for line CONFIG_ID; made on first read. {CONFIG_ID, SECRET}',
  input: Input,
  errors: ['CONFIG_ID_EMPTY', 'CONFIG_NOT_FOUND', 'CONFIG_WRONG_USER_PERMISSION'],
  handler: async ({ input, actor, deps, tx }) => {
    const id = await ownLine(tx, actor, input.CONFIG_ID)
    return { CONFIG_ID: id, SECRET: await widgetSecret(tx, deps.ids, deps.clock, id) }
  },
})

export const widgetSecretRotate = defineMethod({
  name: 'openlines.widget.secret.rotate',
  scope: 'imopenlines',
  description: 'Replaces the widget identity secret of line CONFIG_ID; identities signed with the old one are refused from now on. {CONFIG_ID, SECRET}',
  input: Input,
  errors: ['CONFIG_ID_EMPTY', 'CONFIG_NOT_FOUND', 'CONFIG_WRONG_USER_PERMISSION'],
  handler: async ({ input, actor, deps, tx }) => {
    const id = await ownLine(tx, actor, input.CONFIG_ID)
    return { CONFIG_ID: id, SECRET: await rotateWidgetSecret(tx, deps.ids, deps.clock, id) }
  },
})

export const widgetMethods = [widgetSecretGet, widgetSecretRotate]
