import { Type } from '@sinclair/typebox'
import { defineMethod } from '../rest/define-method.js'
import { yes } from '../rest/flags.js'
import { systemErrors } from '../rest/system-errors.js'
import { PUBLIC_PATH } from './index.js'
import { parseListRequest } from './line-list.schemas.js'
import { configGetResult, listItem } from './line-output.schemas.js'
import { lineParamsSchema, parseLineParams } from './line-params.schemas.js'
import { lineErrors } from './lines.errors.js'

/** CONFIG_ID as Bitrix reads it (intval): anything that is not a positive integer is "empty". */
function configId(raw: unknown): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) throw lineErrors.configIdEmpty()
  return n
}

/** Y/N parameters whose default is Y: only an explicit "N" turns them off. */
function flagDefaultYes(raw: unknown): boolean {
  return raw === undefined || raw === '' || yes(raw)
}

const configIdParam = Type.Optional(Type.Unknown({ description: 'Open line id (required)' }))

export const configAdd = defineMethod({
  name: 'imopenlines.config.add',
  scope: 'imopenlines',
  description: 'Creates an open line from PARAMS (unset settings take the defaults of a new Bitrix24 line); answers its id.',
  input: Type.Object({ PARAMS: Type.Optional(lineParamsSchema()) }),
  errors: ['CONFIG_WRONG_USER_PERMISSION', 'ERROR_ARGUMENT'],
  handler: ({ input, actor, deps, tx }) => deps.lines.add(actor, parseLineParams(input.PARAMS), tx),
})

export const configUpdate = defineMethod({
  name: 'imopenlines.config.update',
  scope: 'imopenlines',
  description:
    'Changes the settings given in PARAMS; answers false for an unknown line. With VERSION (from config.get) the update is refused with CONFIG_VERSION_CONFLICT if the line changed since.',
  input: Type.Object({
    CONFIG_ID: configIdParam,
    PARAMS: Type.Optional(lineParamsSchema()),
    VERSION: Type.Optional(Type.Unknown({ description: 'The VERSION config.get returned; the update is refused if the line has changed since' })),
  }),
  errors: ['CONFIG_ID_EMPTY', 'CONFIG_WRONG_USER_PERMISSION', 'CONFIG_VERSION_CONFLICT', 'ERROR_ARGUMENT'],
  handler: async ({ input, actor, deps, tx }) => {
    const id = configId(input.CONFIG_ID)
    const version = input.VERSION === undefined || input.VERSION === '' ? null : Number(input.VERSION)
    if (version !== null && (!Number.isSafeInteger(version) || version <= 0)) throw systemErrors.argument('VERSION', 'must be a positive integer')
    return deps.lines.update(actor, id, parseLineParams(input.PARAMS), version, tx)
  },
})

export const configDelete = defineMethod({
  name: 'imopenlines.config.delete',
  scope: 'imopenlines',
  description: "Deletes an open line after closing its open dialogues (their history stays readable); answers false for an unknown line.",
  input: Type.Object({ CONFIG_ID: configIdParam }),
  errors: ['CONFIG_ID_EMPTY', 'CONFIG_WRONG_USER_PERMISSION'],
  handler: ({ input, actor, deps, tx }) => deps.lines.remove(actor, configId(input.CONFIG_ID), tx),
})

export const configGet = defineMethod({
  name: 'imopenlines.config.get',
  scope: 'imopenlines',
  description: 'The settings of an open line, with its queue unless WITH_QUEUE=N; false for an unknown line.',
  input: Type.Object({
    CONFIG_ID: configIdParam,
    WITH_QUEUE: Type.Optional(Type.Unknown({ description: 'Y (default) or N: return QUEUE, QUEUE_FULL, QUEUE_USERS_FIELDS, QUEUE_ONLINE' })),
    SHOW_OFFLINE: Type.Optional(Type.Unknown({ description: 'Y (default) or N: include operators who are offline in the queue' })),
  }),
  errors: ['CONFIG_ID_EMPTY', 'ACCESS_DENIED'],
  handler: async ({ input, actor, deps, tx }) => {
    const id = configId(input.CONFIG_ID)
    const view = await deps.lines.get(actor, id, { withQueue: flagDefaultYes(input.WITH_QUEUE) }, tx)
    return view ? configGetResult(view, flagDefaultYes(input.SHOW_OFFLINE)) : false
  },
})

export const configListGet = defineMethod({
  name: 'imopenlines.config.list.get',
  scope: 'imopenlines',
  description: 'Open lines the caller may see (OPTIONS.CHECK_PERMISSION=MODIFY: may change), with select, order, filter, limit (max 200) and offset.',
  input: Type.Object({
    PARAMS: Type.Optional(Type.Unknown({ description: 'select, order, filter (prefixes = ! % > < >= <= @ !@ !%), limit (default 50, max 200), offset' })),
    OPTIONS: Type.Optional(Type.Unknown({ description: 'QUEUE (Y/N), CONFIG_QUEUE (Y/N), CHECK_PERMISSION (VIEW or MODIFY)' })),
  }),
  errors: ['INVALID_FORMAT'],
  // A read of one statement (plus the queues when asked): no transaction round trips.
  transaction: false,
  handler: async ({ input, actor, deps, tx }) => {
    const req = parseListRequest(input.PARAMS, input.OPTIONS)
    const views = await deps.lines.list(actor, req.query, { permission: req.permission, withQueue: req.withQueue }, tx)
    return views.map((v) => listItem(v, req.select, req.withConfigQueue))
  },
})

export const configPathGet = defineMethod({
  name: 'imopenlines.config.path.get',
  scope: 'imopenlines',
  description: "This server's public address (PUBLIC_URL) and the path of its public open-lines page.",
  input: Type.Object({}),
  transaction: false,
  handler: async ({ deps }) => ({ SERVER_ADDRESS: deps.config.publicUrl, PUBLIC_PATH }),
})

/** The API revisions this server implements, as Bitrix24 reports its own. */
export const REVISION = { rest: 2, web: 1, mobile: 1 } as const

export const revisionGet = defineMethod({
  name: 'imopenlines.revision.get',
  scope: 'imopenlines',
  description: 'API revisions of open lines for REST, web and mobile clients.',
  input: Type.Object({}),
  transaction: false,
  handler: async () => ({ ...REVISION }),
})

export const lineMethods = [configAdd, configUpdate, configDelete, configGet, configListGet, configPathGet, revisionGet]
