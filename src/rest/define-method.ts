import type { Static, TSchema } from '@sinclair/typebox'
import type { Deps } from '../deps.js'
import type { Executor } from '../storage/db.js'
import type { Actor } from './actor.js'

/**
 * Named access rules checked before a handler runs. Rules on a particular
 * object (this line, this chat) belong to the domain service, which knows it.
 */
export type AccessRule = 'any' | 'admin'

export interface MethodContext<I> {
  input: I
  actor: Actor
  deps: Deps
  /** The call's transaction (or the database for methods declared `transaction: false`). */
  tx: Executor
  /** `start` from the request, for list methods (`-1` means: no total). */
  start: number
  /** The dispatcher itself, for methods that call others (batch). */
  dispatch: import('./dispatch.js').Dispatch
}

/** A page of a list method: the envelope adds `next` and `total`. */
export class ListPage<T = unknown> {
  constructor(
    readonly items: T[],
    readonly total: number | null,
    readonly next: number | null,
  ) {}
}

export interface MethodDef<S extends TSchema = TSchema> {
  name: string
  scope: string
  /** Further scopes that also admit the caller (user.get answers to user, user_basic and user_brief). */
  extraScopes?: readonly string[]
  access?: AccessRule
  input: S
  description?: string
  /** Error codes the method's own page lists, for the catalogue. */
  errors?: readonly string[]
  /** Some methods only answer for an application's OAuth token ("Application context required"). */
  appOnly?: boolean
  /** Set false for methods that never touch the store or manage transactions themselves (batch). */
  transaction?: boolean
  /** Set false for methods that must not run inside batch. */
  batch?: boolean
  /** Code for invalid parameters, when the method's page names one (default ERROR_ARGUMENT). */
  invalidCode?: string
  handler(ctx: MethodContext<Static<S>>): Promise<unknown>
}

/** Declares a REST method once; the registry, dispatcher and catalogue read this. */
export function defineMethod<S extends TSchema>(def: MethodDef<S>): MethodDef<S> {
  return def
}

export type AnyMethod = MethodDef<TSchema>

/** Every scope that admits a caller to the method. */
export function scopesOf(def: Pick<AnyMethod, 'scope' | 'extraScopes'>): string[] {
  return [def.scope, ...(def.extraScopes ?? [])]
}
