import { Type } from '@sinclair/typebox'
import { toBitrixDate } from '../platform/dates.js'
import type { Actor } from '../rest/actor.js'
import { defineMethod } from '../rest/define-method.js'
import { yes } from '../rest/flags.js'
import { readBlock, REMOVE } from '../sessions/index.js'
import { networkErrors } from './network.errors.js'
import { listPeers, listPublished, outboxSummary } from './network.repo.js'
import { CODE_PATTERN } from './network.service.js'

const loose = Type.Optional(Type.Unknown())

/** "Session authorization" is the console's login: these methods answer webhooks and app tokens only. */
function notSession(actor: Actor): void {
  if (actor.kind === 'session') throw networkErrors.wrongAuthType()
}

function codeOf(v: unknown): string {
  const code = typeof v === 'string' ? v.trim() : ''
  if (!CODE_PATTERN.test(code)) throw networkErrors.code()
  return code
}

const BLOCK_MAX = 30_000

/** The page: a network message's keyboard only formats link buttons to external sites. */
function keyboardOf(v: unknown): unknown {
  const kb = readBlock(v, { invalid: networkErrors.keyboard, oversize: networkErrors.keyboard, maxChars: BLOCK_MAX })
  if (kb === undefined || kb === REMOVE) return undefined
  const buttons = Array.isArray(kb) ? kb : (kb as Record<string, unknown>).BUTTONS
  if (!Array.isArray(buttons) || buttons.length === 0) throw networkErrors.keyboard()
  for (const b of buttons) {
    if (b && typeof b === 'object' && (b as Record<string, unknown>).TYPE === 'NEWLINE') continue
    const { TEXT, LINK } = (b ?? {}) as Record<string, unknown>
    if (typeof TEXT !== 'string' || TEXT.trim() === '' || typeof LINK !== 'string' || !/^https?:\/\/\S+$/i.test(LINK)) throw networkErrors.keyboard()
  }
  return kb
}

export const networkJoin = defineMethod({
  name: 'imopenlines.network.join',
  scope: 'imopenlines',
  description: 'Joins an open line a peer server publishes under CODE; returns the id of the network bot that stands for it here.',
  input: Type.Object({ CODE: loose }),
  errors: ['CODE', 'IMBOT_ERROR', 'NOT_FOUND', 'INACTIVE'],
  // The lookup asks peers over the network: no transaction is held meanwhile.
  transaction: false,
  handler: ({ input, actor, deps }) => deps.network.service.join(actor, input.CODE),
})

export const networkMessageAdd = defineMethod({
  name: 'imopenlines.network.message.add',
  scope: 'imopenlines',
  description: 'Sends a message on behalf of the published line CODE to a customer who wrote to it from a peer server (USER_ID: their user here).',
  input: Type.Object({ CODE: loose, USER_ID: loose, MESSAGE: loose, ATTACH: loose, KEYBOARD: loose, URL_PREVIEW: loose }),
  errors: ['WRONG_AUTH_TYPE', 'CODE', 'IMBOT_ERROR', 'NOT_FOUND', 'USER_ID_EMPTY', 'USER_MESSAGE_LIMIT', 'MESSAGE_EMPTY', 'ATTACH_OVERSIZE', 'ATTACH_ERROR', 'KEYBOARD_ERROR', 'WRONG_REQUEST', 'ACCESS_DENIED'],
  handler: async ({ input, actor, deps, tx }) => {
    notSession(actor)
    const code = codeOf(input.CODE)
    const userId = Number(input.USER_ID)
    if (!Number.isSafeInteger(userId) || userId <= 0) throw networkErrors.userIdEmpty()
    const text = typeof input.MESSAGE === 'string' ? input.MESSAGE : typeof input.MESSAGE === 'number' ? String(input.MESSAGE) : ''
    if (text.trim() === '') throw networkErrors.messageEmpty()
    const params: Record<string, unknown> = {}
    const attach = readBlock(input.ATTACH, { invalid: networkErrors.attach, oversize: networkErrors.attachOversize, maxChars: BLOCK_MAX })
    if (attach !== undefined && attach !== REMOVE) params.ATTACH = attach
    const keyboard = keyboardOf(input.KEYBOARD)
    if (keyboard !== undefined) params.KEYBOARD = keyboard
    if (input.URL_PREVIEW !== undefined && !yes(input.URL_PREVIEW)) params.URL_PREVIEW = 'N'
    return deps.network.service.messageAdd(tx, actor, { code, userId, text, params })
  },
})

// ---- administration: this server's own methods (Bitrix24 does this in Bitrix24.Network's interface) ----

function admin(actor: Actor): void {
  if (actor.kind === 'app') throw networkErrors.notForApps()
}

const LineId = Type.Integer({ minimum: 1 })

export const linePublish = defineMethod({
  name: 'openlines.network.line.publish',
  scope: 'imopenlines',
  access: 'admin',
  description: 'Publishes an open line to the network; returns its 32-character CODE (the same CODE when it is published already).',
  input: Type.Object({ CONFIG_ID: LineId }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND'],
  handler: async ({ input, actor, deps, tx }) => {
    admin(actor)
    const row = await deps.network.service.publish(tx, actor.userId, input.CONFIG_ID)
    return { CONFIG_ID: row.line_id, CODE: row.code }
  },
})

export const lineUnpublish = defineMethod({
  name: 'openlines.network.line.unpublish',
  scope: 'imopenlines',
  access: 'admin',
  description: 'Stops publishing a line: peers can no longer join it, and their messages to it are refused.',
  input: Type.Object({ CONFIG_ID: LineId }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND'],
  handler: ({ input, actor, deps, tx }) => {
    admin(actor)
    return deps.network.service.unpublish(tx, input.CONFIG_ID)
  },
})

export const lineList = defineMethod({
  name: 'openlines.network.line.list',
  scope: 'imopenlines',
  access: 'admin',
  description: 'Lines this server publishes, with their codes.',
  input: Type.Object({}),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE'],
  handler: async ({ actor, tx }) => {
    admin(actor)
    return (await listPublished(tx)).map((r) => ({ CONFIG_ID: r.line_id, CODE: r.code, LINE_NAME: r.line_name ?? '', DATE_CREATE: toBitrixDate(r.created_at) }))
  },
})

export const peerSet = defineMethod({
  name: 'openlines.network.peer.set',
  scope: 'imopenlines',
  access: 'admin',
  description: 'Adds or changes a peer server: ID (its NETWORK_SERVER_ID), URL (its base address) and KEY (the secret both servers share, 32+ characters).',
  input: Type.Object({ ID: Type.String({ minLength: 1, maxLength: 128 }), URL: Type.String({ minLength: 1, maxLength: 2048 }), KEY: Type.String({ minLength: 1, maxLength: 512 }) }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_ARGUMENT'],
  handler: async ({ input, actor, deps, tx }) => {
    admin(actor)
    await deps.network.service.addPeer(tx, { id: input.ID, url: input.URL, key: input.KEY })
    return true
  },
})

export const peerList = defineMethod({
  name: 'openlines.network.peer.list',
  scope: 'imopenlines',
  access: 'admin',
  description: 'Configured peers (their keys are never shown).',
  input: Type.Object({}),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE'],
  handler: async ({ actor, tx }) => {
    admin(actor)
    return (await listPeers(tx)).map((p) => ({ ID: p.id, URL: p.base_url, DATE_CREATE: toBitrixDate(p.created_at), DATE_UPDATE: toBitrixDate(p.updated_at) }))
  },
})

export const peerDelete = defineMethod({
  name: 'openlines.network.peer.delete',
  scope: 'imopenlines',
  access: 'admin',
  description: 'Removes a peer: its calls are refused and messages to it wait until it is configured again.',
  input: Type.Object({ ID: Type.String({ minLength: 1, maxLength: 128 }) }),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE', 'ERROR_NOT_FOUND'],
  handler: ({ input, actor, deps, tx }) => {
    admin(actor)
    return deps.network.service.removePeer(tx, input.ID)
  },
})

export const outboxStatus = defineMethod({
  name: 'openlines.network.outbox.status',
  scope: 'imopenlines',
  access: 'admin',
  description: 'Messages to peers by peer and state (pending, sent, refused), with the oldest of each.',
  input: Type.Object({}),
  errors: ['ACCESS_DENIED', 'WRONG_AUTH_TYPE'],
  handler: async ({ actor, tx }) => {
    admin(actor)
    return (await outboxSummary(tx)).map((r) => ({
      PEER_ID: r.peer_id, STATE: r.state, COUNT: Number(r.n), OLDEST: r.oldest ? toBitrixDate(new Date(r.oldest as unknown as string)) : null,
    }))
  },
})

export const networkMethods = [networkJoin, networkMessageAdd, linePublish, lineUnpublish, lineList, peerSet, peerList, peerDelete, outboxStatus]
