import { Type } from '@sinclair/typebox'
import { RestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import { defineMethod } from '../rest/define-method.js'
import { appInfo } from '../apps/index.js'

/**
 * app.info called with an incoming webhook: there is no application, so
 * Bitrix24 answers only the webhook's scopes and the plan (the public PHP SDK
 * notes "Webhook credentials will return only this field: SCOPE, LICENSE").
 * A self-hosted Bitrix24 reports its plan as `<language>_selfhosted`, which
 * the JS SDK reads to tell on-premise accounts from cloud ones.
 */
export const SELF_HOSTED_LICENSE = 'en_selfhosted'

export function webhookAppInfo(actor: Actor): { SCOPE: string[]; LICENSE: string } {
  const scopes = actor.scopes === 'all' ? [] : [...actor.scopes]
  return { SCOPE: scopes.filter((s) => s !== 'basic'), LICENSE: SELF_HOSTED_LICENSE }
}

/** app-info.md's only error: a call made neither by an application nor by a webhook. */
export const appContextRequired = () => new RestError('ACCESS_DENIED', 'Access denied! Application context required', 400)

export const appInfoMethod = defineMethod({
  name: 'app.info',
  scope: 'basic',
  description: "Information about the calling application; for a webhook, its scopes and the plan.",
  input: Type.Object({}),
  handler: async ({ actor, tx }) => {
    if (actor.kind === 'webhook') return webhookAppInfo(actor)
    const info = actor.kind === 'app' ? await appInfo(tx, actor) : null
    if (info) return info
    throw appContextRequired()
  },
})

export const appInfoMethods = [appInfoMethod]
