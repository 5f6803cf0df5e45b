import { Type } from '@sinclair/typebox'
import { defineMethod, type AnyMethod } from '../rest/define-method.js'
import { yes } from '../rest/flags.js'
import { pageRequest, toPage } from '../rest/paging.js'
import { CRM_ERROR_CODES, crmErrors } from './crm.errors.js'
import { CRM_TYPES, type CrmType } from './crm.types.js'
import { ENTITY_DEFS } from './entities.schemas.js'
import { crmSettingsMethods } from './crm-settings.methods.js'
import { fullSelection, readApiFields, toApiFields, toApiObject, upperKeys } from './crm-rest.schemas.js'

/**
 * crm.{lead,deal,contact,company}.{fields,add,get,list,update,delete}: the
 * same six methods for each type, declared once here and driven by the
 * type's entity definition.
 */

// Parameters are read by name in any case (id, ID, fields, FIELDS), so the schema takes any object.
const input = Type.Record(Type.String(), Type.Unknown())

function objectParam(raw: unknown, name: 'fields' | 'params', required: boolean): Record<string, unknown> {
  if (raw === undefined || raw === null) {
    if (required) throw crmErrors.mustBeArray(name)
    return {}
  }
  if (typeof raw !== 'object') throw crmErrors.mustBeArray(name)
  return raw as Record<string, unknown>
}

function readId(raw: unknown): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(n) || n <= 0) throw crmErrors.idInvalid()
  return n
}

function methodsFor(type: CrmType): AnyMethod[] {
  const def = ENTITY_DEFS[type]
  const name = (op: string) => `crm.${def.apiName}.${op}`
  const common = { scope: 'crm', input, errors: CRM_ERROR_CODES }
  const canImport = def.fields.some((f) => f.importOnly)
  return [
    defineMethod({
      ...common,
      name: name('fields'),
      description: `Describes the ${type} fields, user fields included.`,
      handler: async ({ tx, actor, deps }) => toApiFields(def, await deps.crm.userFields(tx, type, await deps.crm.viewerOf(tx, actor))),
    }),
    defineMethod({
      ...common,
      name: name('add'),
      description: `Creates a ${type}; returns its id.`,
      handler: async ({ input: raw, tx, actor, deps }) => {
        const p = upperKeys(raw)
        const fields = objectParam(p.FIELDS, 'fields', true)
        const params = upperKeys(objectParam(p.PARAMS, 'params', false))
        const viewer = await deps.crm.viewerOf(tx, actor)
        return deps.crm.add(tx, type, readApiFields(def, fields), viewer, { importMode: canImport && yes(params.IMPORT) })
      },
    }),
    defineMethod({
      ...common,
      name: name('get'),
      description: `Returns a ${type} by id.`,
      handler: async ({ input: raw, tx, actor, deps }) => {
        const id = readId(upperKeys(raw).ID)
        const viewer = await deps.crm.viewerOf(tx, actor)
        const entity = await deps.crm.get(tx, type, id, viewer)
        return toApiObject(entity, fullSelection(def, await deps.crm.userFields(tx, type, viewer)))
      },
    }),
    defineMethod({
      ...common,
      name: name('list'),
      description: `Lists ${type} objects by filter, 50 a page.`,
      handler: async ({ input: raw, tx, actor, deps, start }) => {
        const p = upperKeys(raw)
        const viewer = await deps.crm.viewerOf(tx, actor)
        const page = await deps.crm.list(tx, type, { select: p.SELECT, filter: p.FILTER, order: p.ORDER }, start, viewer)
        return toPage(page.entities.map((e) => toApiObject(e, page.selection)), page.total, pageRequest(start))
      },
    }),
    defineMethod({
      ...common,
      name: name('update'),
      description: `Changes a ${type}'s fields.`,
      handler: async ({ input: raw, tx, actor, deps }) => {
        const p = upperKeys(raw)
        const id = readId(p.ID)
        const fields = objectParam(p.FIELDS, 'fields', true)
        objectParam(p.PARAMS, 'params', false)
        await deps.crm.update(tx, type, id, readApiFields(def, fields), await deps.crm.viewerOf(tx, actor))
        return true
      },
    }),
    defineMethod({
      ...common,
      name: name('delete'),
      description: `Deletes a ${type} with its multi-value fields and links.`,
      handler: async ({ input: raw, tx, actor, deps }) => {
        await deps.crm.remove(tx, type, readId(upperKeys(raw).ID), await deps.crm.viewerOf(tx, actor))
        return true
      },
    }),
  ] as AnyMethod[]
}

export const crmMethods: AnyMethod[] = [...CRM_TYPES.flatMap(methodsFor), ...crmSettingsMethods]
