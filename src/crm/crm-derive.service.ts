import { crmErrors } from './crm.errors.js'
import type { EntityDef, StatusDef } from './crm.types.js'
import { columnFields, columnOf, fieldByName } from './entities.schemas.js'
import type { SqlValue } from './crm-values.service.js'

/**
 * What the server fills in or recomputes around a caller's fields: defaults
 * on add, who and when, the stage's semantic group and what follows from
 * moving between stages. Pure: the caller passes the clock's now.
 */

export interface DeriveContext {
  actorId: number
  now: Date
  baseCurrency: string
  /** The stored row on update (column → value), null on add. */
  current: Record<string, unknown> | null
  /** Days after today for CLOSEDATE and today itself, as server-local dates. */
  today: string
  inAWeek: string
}

type Columns = Record<string, SqlValue>

const has = (def: EntityDef, name: string) => fieldByName(def, name) !== undefined

function setIfField(def: EntityDef, cols: Columns, name: string, value: SqlValue, onlyIfMissing = false): void {
  if (!has(def, name)) return
  const column = name.toLowerCase()
  if (onlyIfMissing && cols[column] !== undefined) return
  cols[column] = value
}

function findStage(def: EntityDef, id: unknown): StatusDef | undefined {
  return def.stages?.list.find((s) => s.id === id)
}

/**
 * Stage rules shared by lead statuses and deal stages. An unknown stage is
 * ignored, as the deal page says of a stage from another funnel; on add the
 * first stage is used.
 */
function deriveStage(def: EntityDef, cols: Columns, ctx: DeriveContext): void {
  const stages = def.stages
  if (!stages) return
  const column = stages.field.toLowerCase()
  let stage = findStage(def, cols[column])
  if (!stage) {
    delete cols[column]
    if (ctx.current) return
    stage = stages.list[0]
  }
  if (ctx.current && ctx.current[column] === stage.id) return
  cols[column] = stage.id
  cols[stages.semanticField.toLowerCase()] = stage.semantic
  cols.moved_by_id = ctx.actorId
  cols.moved_time = ctx.now
  const final = stage.semantic !== 'P'
  setIfField(def, cols, 'DATE_CLOSED', final ? ctx.now : null)
  setIfField(def, cols, 'CLOSED', final, true)
  setIfField(def, cols, 'IS_NEW', stage.id === stages.list[0].id)
}

function addDefaults(def: EntityDef, cols: Columns, ctx: DeriveContext): void {
  for (const f of columnFields(def)) {
    if (f.defaultValue !== undefined && cols[columnOf(f)] === undefined) cols[columnOf(f)] = f.defaultValue
  }
  setIfField(def, cols, 'CURRENCY_ID', ctx.baseCurrency, true)
  cols.assigned_by_id ??= ctx.actorId
  cols.created_by_id ??= ctx.actorId
  cols.modify_by_id ??= cols.created_by_id
  cols.date_create ??= ctx.now
  cols.date_modify ??= cols.date_create
  setIfField(def, cols, 'LAST_ACTIVITY_TIME', cols.date_create)
  setIfField(def, cols, 'LAST_ACTIVITY_BY', cols.created_by_id)
  setIfField(def, cols, 'BEGINDATE', ctx.today, true)
  setIfField(def, cols, 'CLOSEDATE', ctx.inAWeek, true)
  // Only the default funnel exists here (no crm.category.*), as Bitrix24 falls back to it.
  setIfField(def, cols, 'CATEGORY_ID', 0)
}

const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')

/** Company TITLE is required; a contact needs a first or a last name (contacts/index.md). */
function checkRequired(def: EntityDef, cols: Columns, current: Record<string, unknown> | null): void {
  const value = (column: string) => (column in cols ? cols[column] : current?.[column])
  for (const f of columnFields(def)) {
    if (f.required && (current === null || columnOf(f) in cols) && blank(value(columnOf(f)))) throw crmErrors.required(f.title)
  }
  if (def.type === 'contact' && blank(value('name')) && blank(value('last_name'))) throw crmErrors.required('First Name')
}

/** The full set of columns to write for an add, or the changed ones for an update. */
export function deriveColumns(def: EntityDef, given: Columns, ctx: DeriveContext): Columns {
  const cols: Columns = { ...given }
  if (ctx.current) {
    cols.modify_by_id = ctx.actorId
    cols.date_modify = ctx.now
  } else {
    addDefaults(def, cols, ctx)
  }
  deriveStage(def, cols, ctx)
  checkRequired(def, cols, ctx.current)
  return cols
}

/** A lead is a returning customer when it names a company or a contact (leads/index.md). */
export function returnCustomerFlag(def: EntityDef, companyId: unknown, contactCount: number): Columns {
  if (def.type !== 'lead') return {}
  return { is_return_customer: (typeof companyId === 'number' && companyId > 0) || contactCount > 0 }
}
