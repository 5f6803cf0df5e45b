import type { AppsService } from '../apps/index.js'
import { bindHandler, checkHandlerUrl, recordEvent, unbindOwner } from '../events/index.js'
import type { Clock } from '../platform/clock.js'
import { isRestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { callerApp, ownBot } from './bot-identity.js'
import { botErrors } from './bots.errors.js'
import {
  botsOfApp, codeTaken, deleteBot, insertBot, updateBot, allBots, type BotHandlers, type BotProfile, type BotRow,
} from './bots.repo.js'

/** The most bots one application may have (imbot-register.md). */
export const MAX_BOTS_PER_APP = 5

const HANDLER_FIELDS: Array<[keyof BotHandlers, string, string, boolean]> = [
  ['messageAdd', 'EVENT_MESSAGE_ADD', 'Message add', true],
  ['messageUpdate', 'EVENT_MESSAGE_UPDATE', 'Message update', false],
  ['messageDelete', 'EVENT_MESSAGE_DELETE', 'Message delete', false],
  ['welcome', 'EVENT_WELCOME_MESSAGE', 'Welcome message', true],
  ['botDelete', 'EVENT_BOT_DELETE', 'Bot delete', true],
]

const EVENT_OF: Record<keyof BotHandlers, string> = {
  messageAdd: 'ONIMBOTMESSAGEADD', messageUpdate: 'ONIMBOTMESSAGEUPDATE', messageDelete: 'ONIMBOTMESSAGEDELETE', welcome: 'ONIMBOTJOINCHAT', botDelete: 'ONIMBOTDELETE',
}

export interface RegisterInput {
  CODE?: string; TYPE?: string; OPENLINE?: string; EVENT_HANDLER?: string; EVENT_MESSAGE_ADD?: string; EVENT_MESSAGE_UPDATE?: string
  EVENT_MESSAGE_DELETE?: string; EVENT_WELCOME_MESSAGE?: string; EVENT_BOT_DELETE?: string; CLIENT_ID?: string
  PROPERTIES?: Record<string, unknown>
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined)

export function profileOf(p: Record<string, unknown> | undefined): BotProfile {
  const o = p ?? {}
  const birthday = str(o.PERSONAL_BIRTHDAY)
  return {
    name: str(o.NAME), lastName: str(o.LAST_NAME), email: str(o.EMAIL), workPosition: str(o.WORK_POSITION), personalWww: str(o.PERSONAL_WWW),
    personalGender: ['M', 'F'].includes(str(o.PERSONAL_GENDER) ?? '') ? str(o.PERSONAL_GENDER) : undefined,
    personalBirthday: birthday === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(birthday) ? birthday : null,
    color: str(o.COLOR),
  }
}

export function createBotsService(d: { clock: Clock; apps: AppsService; allowPrivateHandlers: boolean }) {
  async function url(field: string, value: string): Promise<string> {
    try {
      await checkHandlerUrl(value, { allowPrivate: d.allowPrivateHandlers, field })
    } catch (e) {
      if (isRestError(e)) throw botErrors.handlerWrong(field)
      throw e
    }
    return value
  }

  /** Handler URLs from the call; EVENT_HANDLER fills every one (imbot-register.md). */
  async function handlersOf(input: Partial<Record<string, unknown>>, base: BotHandlers | null): Promise<BotHandlers | null> {
    const common = str(input.EVENT_HANDLER) ?? ''
    const out: BotHandlers = base ? { ...base } : { messageAdd: '', messageUpdate: '', messageDelete: '', welcome: '', botDelete: '' }
    let given = false
    for (const [key, field, what, required] of HANDLER_FIELDS) {
      const v = common || (str(input[field]) ?? '')
      if (v) {
        out[key] = await url(field, v)
        given = true
      } else if (!base && required) throw botErrors.handlerMissing(field, what)
    }
    return given || !base ? out : null
  }

  async function bindAll(tx: Executor, appId: number, botId: number, h: BotHandlers): Promise<void> {
    await unbindOwner(tx, appId, `bot:${botId}`)
    for (const key of Object.keys(EVENT_OF) as Array<keyof BotHandlers>) {
      if (h[key]) await bindHandler(tx, { appId, event: EVENT_OF[key], handler: h[key], owner: `bot:${botId}` })
    }
  }

  async function register(tx: Executor, actor: Actor, input: RegisterInput): Promise<number> {
    const appId = (await callerApp(tx, actor, input.CLIENT_ID, { apps: d.apps }))!
    const code = str(input.CODE) ?? ''
    if (!code) throw botErrors.code()
    const type = (['B', 'O', 'H', 'S'].includes((input.TYPE ?? 'B').toUpperCase()) ? (input.TYPE ?? 'B').toUpperCase() : 'B')
    const openline = type === 'O' || (input.OPENLINE ?? '').toUpperCase() === 'Y'
    const handlers = (await handlersOf(input as Record<string, unknown>, null))!
    const profile = profileOf(input.PROPERTIES)
    if (!profile.name && !profile.lastName) throw botErrors.name()
    const existing = await botsOfApp(tx, appId)
    if (existing.length >= MAX_BOTS_PER_APP) throw botErrors.maxCount(MAX_BOTS_PER_APP)
    const first = existing[0]?.handlers
    // One set of handler URLs per application: a second bot must use the first bot's (imbot-register.md).
    if (first) {
      for (const [key, field] of [['messageAdd', 'EVENT_MESSAGE_ADD'], ['welcome', 'EVENT_WELCOME_MESSAGE'], ['botDelete', 'EVENT_BOT_DELETE']] as const) {
        if (first[key] !== handlers[key]) throw botErrors.handlersDiffer(field)
      }
    }
    if (await codeTaken(tx, code)) {
      // Registering the same code again from its own app answers the existing bot, as Bitrix24 does.
      const same = existing.find((b) => b.code.toLowerCase() === code.toLowerCase())
      if (same) return same.user_id
      throw botErrors.codeTaken()
    }
    const id = await insertBot(tx, { appId, code, type, openline, handlers, createdBy: actor.userId, profile: { ...profile, personalBirthday: profile.personalBirthday ?? null }, at: d.clock.now() })
    await bindAll(tx, appId, id, handlers)
    return id
  }

  async function unregister(tx: Executor, actor: Actor, input: { BOT_ID?: unknown; CLIENT_ID?: string }): Promise<true> {
    const appId = await callerApp(tx, actor, input.CLIENT_ID)
    const bot = await ownBot(tx, appId, input.BOT_ID)
    // ONIMBOTDELETE is queued before the handlers go (queued deliveries still go out after an unbind).
    await recordEvent(tx, { event: 'ONIMBOTDELETE', data: { BOT_ID: String(bot.user_id), BOT_CODE: bot.code }, to: { appId: bot.app_id, owner: `bot:${bot.user_id}` }, userId: actor.userId })
    await deleteBot(tx, bot.user_id, d.clock.now())
    await unbindOwner(tx, bot.app_id, `bot:${bot.user_id}`)
    return true
  }

  async function update(tx: Executor, actor: Actor, input: { BOT_ID?: unknown; CLIENT_ID?: string; FIELDS?: Record<string, unknown> }): Promise<true> {
    const appId = await callerApp(tx, actor, input.CLIENT_ID)
    const bot = await ownBot(tx, appId, input.BOT_ID)
    const fields = input.FIELDS ?? {}
    const handlers = await handlersOf(fields, bot.handlers)
    const props = fields.PROPERTIES && typeof fields.PROPERTIES === 'object' ? fields.PROPERTIES as Record<string, unknown> : undefined
    const profile = profileOf(props)
    const code = str(fields.CODE)
    if (!handlers && !props && !code) throw botErrors.emptyUpdate()
    const name = profile.name ?? bot.name
    const lastName = profile.lastName ?? bot.last_name
    if (!name && !lastName) throw botErrors.name()
    if (code && await codeTaken(tx, code, bot.user_id)) throw botErrors.codeTaken()
    await updateBot(tx, bot.user_id, { code: code || undefined, handlers: handlers ?? undefined, profile, at: d.clock.now() })
    if (handlers) await bindAll(tx, bot.app_id, bot.user_id, handlers)
    return true
  }

  /**
   * imbot.bot.list: every bot of the server, keyed by id (imbot-bot-list.md). The page lets any
   * authorised user call it (its examples include a webhook), so a console session may too: the
   * line editor offers the bots by name.
   */
  async function list(tx: Executor): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {}
    for (const b of await allBots(tx)) out[b.user_id] = listItem(b)
    return out
  }

  return { register, unregister, update, list }
}

function listItem(b: BotRow) {
  return { ID: b.user_id, NAME: `${b.name} ${b.last_name}`.trim(), CODE: b.code, OPENLINE: b.openline ? 'Y' : 'N' }
}

export type BotsService = ReturnType<typeof createBotsService>
