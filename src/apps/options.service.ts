import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { appErrors } from './apps.errors.js'
import { readOption, readOptions, writeOptions } from './apps.repo.js'

/** app.option.* keep one set per application; user.option.* one per application and user. */
export type OptionScope = 'app' | 'user'

const MAX_NAME = 128
const MAX_VALUE = 65_536
/** app.option.* rows use this user id; real users start at 1. */
const APP_WIDE = 0

function appOf(actor: Actor): number {
  if (actor.kind !== 'app' || actor.appId === null) throw appErrors.appContextRequired()
  return actor.appId
}

function ownerOf(actor: Actor, scope: OptionScope): number {
  if (scope === 'app') return APP_WIDE
  if (!actor.userId) throw appErrors.userRequired()
  return actor.userId
}

/** Without a name: every saved option as an object ({} when none); with one: its value, or null. */
export async function getOptions(tx: Executor, actor: Actor, scope: OptionScope, name: string | undefined): Promise<unknown> {
  const appId = appOf(actor)
  const userId = ownerOf(actor, scope)
  if (name !== undefined && name !== '') {
    const value = await readOption(tx, appId, userId, name)
    return value === undefined ? null : JSON.parse(value)
  }
  const out: Record<string, unknown> = {}
  for (const row of await readOptions(tx, appId, userId)) out[row.name] = JSON.parse(row.value)
  return out
}

/** Writes new keys and overwrites existing ones; other saved keys stay as they are. */
export async function setOptions(tx: Executor, actor: Actor, scope: OptionScope, options: unknown): Promise<true> {
  const appId = appOf(actor)
  if (scope === 'app' && !actor.isAdmin) throw appErrors.adminRequired()
  const userId = ownerOf(actor, scope)
  if (!options || typeof options !== 'object' || Object.keys(options).length === 0) throw appErrors.optionsEmpty()
  const entries: Array<[string, string]> = []
  for (const [name, value] of Object.entries(options)) {
    if (name.length === 0 || name.length > MAX_NAME) throw appErrors.optionName()
    const text = JSON.stringify(value ?? null)
    if (text.length > MAX_VALUE) throw appErrors.optionTooLarge(name)
    entries.push([name, text])
  }
  await writeOptions(tx, appId, userId, entries)
  return true
}
