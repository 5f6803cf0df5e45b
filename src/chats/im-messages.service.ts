import type { Clock } from '../platform/clock.js'
import type { Ids } from '../platform/ids.js'
import type { Actor } from '../rest/actor.js'
import { yes } from '../rest/flags.js'
import type { Engine, Loaded, Op } from '../sessions/engine.js'
import { mayBeCommand, type BotPort, type ChannelPort, type DialogueEvents } from '../sessions/events-port.js'
import type { QueueDispatch } from '../sessions/queue-dispatch.js'
import { messageAddEvent, messageChangeEvent } from '../sessions/session-events.js'
import { positiveInt } from '../sessions/access.js'
import { announceEvents, ROW_ID_SLOT, type PlannedOutbox } from '../events/index.js'
import { inTransaction, type Executor } from '../storage/db.js'
import { readBlock, REMOVE } from './blocks.js'
import { chatErrors } from './chats.errors.js'
import { findChat, findMember, lockChat, type ChatRow } from './chats.repo.js'
import type { SideChats } from './side-chats.js'
import { findMessage, insertFiles, insertMessage, provisionalRow, updateMessage, type FileRow, type MessageRow, type NewMessage } from './messages.repo.js'
import { peopleByIds } from './people.repo.js'

/** Sizes Bitrix24 accepts for message blocks (serialized JSON). */
const ATTACH_RULES = { invalid: chatErrors.attach, oversize: chatErrors.attachOversize, maxChars: 30_000 }
const KEYBOARD_RULES = { invalid: chatErrors.keyboard, oversize: chatErrors.keyboardOversize, maxChars: 30_000 }
const MENU_RULES = { invalid: chatErrors.menu, oversize: chatErrors.menuOversize, maxChars: 30_000 }
const MENU_UPDATE_RULES = { ...MENU_RULES, invalid: chatErrors.menuUpdate }

export type DialogTarget = { kind: 'chat'; id: number } | { kind: 'user'; id: number }

/** DIALOG_ID: `chat<ID>` for a chat, a bare number for a one-to-one dialogue with that user. */
export function parseDialogId(raw: unknown): DialogTarget | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : ''
  const chat = /^chat(\d+)$/i.exec(s)
  if (chat && Number(chat[1]) > 0) return { kind: 'chat', id: Number(chat[1]) }
  if (/^\d+$/.test(s) && Number(s) > 0) return { kind: 'user', id: Number(s) }
  return null
}

export interface AddInput { DIALOG_ID?: unknown; MESSAGE?: unknown; ATTACH?: unknown; KEYBOARD?: unknown; MENU?: unknown; SYSTEM?: unknown; URL_PREVIEW?: unknown; REPLY_ID?: unknown }
export interface UpdateInput { MESSAGE_ID?: unknown; MESSAGE?: unknown; ATTACH?: unknown; KEYBOARD?: unknown; MENU?: unknown; URL_PREVIEW?: unknown; IS_EDITED?: unknown }

/** A file an operator's message carries (openlines.message.file.add), stored already; the message adds its chat, id and author. */
export type OutgoingFile = Pick<FileRow, 'name' | 'type' | 'extension' | 'size' | 'url' | 'width' | 'height'>

interface Outgoing { text: string; params: Record<string, unknown>; system: boolean; files?: OutgoingFile[] }

const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined)

/** im.message.add / update / delete in open-line chats. */
export function createImMessages(d: { engine: Engine; queue: QueueDispatch; events: DialogueEvents; ids: Ids; clock: Clock; side: SideChats; channels: ChannelPort; bots?: BotPort }) {
  /**
   * This server keeps open-line chats, and chats with network lines joined
   * here: a one-to-one DIALOG_ID is a network bot's chat with the caller, or
   * names a dialogue that cannot exist here (USER_NOT_FOUND or ACCESS_ERROR).
   */
  async function chatTarget(tx: Executor, actor: Actor, raw: unknown): Promise<number> {
    const target = parseDialogId(raw)
    if (!target) throw chatErrors.userIdEmpty()
    if (target.kind === 'chat') return target.id
    const side = await d.side.dialogWith(tx, actor, target.id)
    if (side !== null) return side
    const [user] = await peopleByIds(tx, [target.id])
    if (!user) throw chatErrors.userNotFound()
    throw chatErrors.accessError()
  }

  function blocks(input: AddInput): Record<string, unknown> {
    const params: Record<string, unknown> = {}
    const attach = readBlock(input.ATTACH, ATTACH_RULES)
    const keyboard = readBlock(input.KEYBOARD, KEYBOARD_RULES)
    const menu = readBlock(input.MENU, MENU_RULES)
    if (attach !== undefined && attach !== REMOVE) params.ATTACH = attach
    if (keyboard !== undefined && keyboard !== REMOVE) params.KEYBOARD = keyboard
    if (menu !== undefined && menu !== REMOVE) params.MENU = menu
    if (input.URL_PREVIEW !== undefined && !yes(input.URL_PREVIEW)) params.URL_PREVIEW = 'N'
    return params
  }

  async function replyCheck(tx: Executor, chatId: number, raw: unknown, params: Record<string, unknown>): Promise<void> {
    if (raw === undefined || raw === null || raw === '' || raw === 0 || raw === '0') return
    const id = positiveInt(raw)
    const replied = id === null ? undefined : await findMessage(tx, id)
    if (!replied) throw chatErrors.replyAccess()
    if (replied.chat_id !== chatId) throw chatErrors.replyOtherChat()
    params.REPLY_ID = replied.id
  }

  /** OnOpenLineMessageAdd of a message about to be stored, for the statement that stores it (its id filled in there). */
  function planAdd(chat: ChatRow, m: NewMessage): PlannedOutbox | null {
    if (!m.toCustomer) return { events: [], guards: [] }
    return d.events.plan?.(messageAddEvent(chat, provisionalRow(m, ROW_ID_SLOT), [])) ?? null
  }

  /**
   * An operator's reply in an answered dialogue, the common case, is one
   * statement without an explicit transaction: session, message and its
   * outbox rows, all or nothing. Anything else runs in one transaction.
   * `files`: the message carries these (openlines.message.file.add); only open-line chats take them.
   */
  async function add(ex: Executor, actor: Actor, input: AddInput, files: OutgoingFile[] = []): Promise<number> {
    const target = parseDialogId(input.DIALOG_ID)
    if (!target) throw chatErrors.userIdEmpty()
    const text = textOf(input.MESSAGE) ?? ''
    const params = blocks(input)
    if (text.trim() === '' && params.ATTACH === undefined && !files.length) throw chatErrors.messageEmpty()
    const system = yes(input.SYSTEM)
    const m = { text, params, system, replyId: input.REPLY_ID, files }
    // A one-to-one DIALOG_ID may open a chat first (a network bot's): all of it in one transaction.
    if (target.kind !== 'chat') return inTransaction(ex, async (tx) => addInTransaction(tx, actor, await chatTarget(tx, actor, input.DIALOG_ID), m))
    const chatId = target.id
    if (!system && !files.length && input.REPLY_ID === undefined && !mayBeCommand(text) && (ex.isTransaction || d.events.plan)) {
      const at = d.clock.now()
      const fast = await d.engine.fastMessage(ex, { id: chatId }, { userId: actor.userId, outbox: d.events.plan ? planAdd : undefined },
        { type: 'operatorMessage', at, operatorId: actor.userId },
        (seen) => outgoing(at, seen.chat.id, seen.rec.id, seen.rec.state.silent, actor, { text, params, system }))
      if (fast) {
        if (fast.message.eventIds) await announceEvents(ex, fast.message.eventIds, fast.chat.id, fast.message.queued ?? 1)
        else if (fast.message.to_customer) await d.events.record(ex, messageAddEvent(fast.chat, fast.message, []))
        if (!fast.message.to_customer) await d.channels.internalMessage?.(ex, fast.chat.id, fast.message.id)
        return fast.message.id
      }
    }
    return inTransaction(ex, (tx) => addInTransaction(tx, actor, chatId, m))
  }

  async function addInTransaction(tx: Executor, actor: Actor, chatId: number, m: Outgoing & { replyId: unknown; files: OutgoingFile[] }) {
    const { text, params, system, files } = m
    return d.queue.run(tx, async (op) => {
      const side = await sideChat(tx, actor, chatId)
      if (side && files.length) throw chatErrors.accessError()
      if (side) return d.side.add(tx, actor, side, { text, params })
      let loaded = await d.engine.loadFast(op, { id: chatId }, { userId: actor.userId })
      for (let attempt = 0; loaded && attempt < 2; attempt++) {
        if (!loaded.isMember) throw chatErrors.accessError()
        await replyCheck(tx, chatId, m.replyId, params)
        const row = await store(op, loaded, actor, { text, params, system, files })
        if (row && !system && d.bots?.command && mayBeCommand(text)) await d.bots.command(tx, { chat: loaded.chat, message: row, rec: loaded.rec })
        if (row) return row.id
        // The session changed while this call waited for the chat: read it again (the chat is locked now).
        loaded = await d.engine.load(op, chatId, { userId: actor.userId })
      }
      throw chatErrors.chatId()
    })
  }

  /** A chat outside open lines (no line, no session): its owner stores the message; only members write. */
  async function sideChat(tx: Executor, actor: Actor, chatId: number) {
    const chat = await findChat(tx, chatId)
    if (!chat || chat.type === 'lines') return null
    if (!(await findMember(tx, chatId, actor.userId))) throw chatErrors.accessError()
    return chat
  }

  async function store(op: Op, loaded: Loaded, actor: Actor, m: Outgoing): Promise<MessageRow | null> {
    const live = loaded.rec ? { chat: loaded.chat, line: loaded.line, rec: loaded.rec } : null
    // Someone who joined silently whispers: the message stays among operators and is no reply to the customer.
    const whisper = loaded.memberSilent && live?.rec.state.operatorId !== actor.userId
    const message = outgoing(op.now, loaded.chat.id, live?.rec.id ?? loaded.chat.last_session_id, (live?.rec.state.silent ?? false) || whisper, actor, m)
    const toCustomer = message.toCustomer
    const row = live && !m.system && !whisper
      ? (await d.engine.applyWithMessage(op, live, { type: 'operatorMessage', at: op.now, operatorId: actor.userId }, message))?.message ?? null
      : await insertMessage(op.tx, message)
    const files = row && m.files?.length
      ? await insertFiles(op.tx, m.files.map((f) => ({ ...f, chat_id: row.chat_id, message_id: row.id, author_id: actor.userId, created_at: op.now })))
      : []
    if (row && toCustomer) await d.events.record(op.tx, messageAddEvent(loaded.chat, row, files))
    else if (row) await d.channels.internalMessage?.(op.tx, row.chat_id, row.id)
    return row
  }

  function outgoing(at: Date, chatId: number, sessionId: number | null, silent: boolean, actor: Actor, m: Outgoing): NewMessage {
    // In silent mode operators talk among themselves: nothing reaches the customer.
    return {
      chatId, sessionId, authorId: actor.userId, text: m.text, params: m.params, isSystem: m.system, toCustomer: !silent,
      externalId: null, uuid: d.ids.uuid(), at,
    }
  }

  async function editable(tx: Executor, actor: Actor, raw: unknown, kind: 'edit' | 'delete'): Promise<MessageRow> {
    const id = positiveInt(raw)
    if (id === null) throw chatErrors.messageId()
    const m = await findMessage(tx, id)
    if (!m || m.deleted || (m.author_id !== actor.userId && !actor.isAdmin)) throw chatErrors.cantEdit()
    const chat = await lockChat(tx, m.chat_id)
    if (!chat) throw chatErrors.cantEdit()
    // A message the customer received stays as sent when the channel cannot change it there.
    const sent = m.to_customer && m.author_id !== chat.guest_user_id
    if (sent && !(await d.channels.allowsOperatorChange(tx, chat.connector_id, kind))) throw chatErrors.cantEdit()
    return m
  }

  async function remove(tx: Executor, actor: Actor, rawId: unknown): Promise<boolean> {
    const m = await editable(tx, actor, rawId, 'delete')
    const at = d.clock.now()
    await updateMessage(tx, m.id, { text: '', params: { ...m.params, IS_DELETED: 'Y' }, deleted: true, at })
    await changed(tx, m, 'OnOpenLineMessageDelete')
    await d.bots?.changed?.(tx, { chatId: m.chat_id, messageId: m.id, kind: 'delete' })
    return true
  }

  async function update(tx: Executor, actor: Actor, input: UpdateInput): Promise<boolean> {
    const text = textOf(input.MESSAGE)
    const m = await editable(tx, actor, input.MESSAGE_ID, text !== undefined && text.trim() === '' ? 'delete' : 'edit')
    if (text !== undefined && text.trim() === '') return remove(tx, actor, m.id)
    const params: Record<string, unknown> = { ...m.params }
    let blockChanged = false
    for (const [key, rules] of [['ATTACH', ATTACH_RULES], ['KEYBOARD', KEYBOARD_RULES], ['MENU', MENU_UPDATE_RULES]] as const) {
      const value = readBlock(input[key], rules)
      if (value === undefined) continue
      blockChanged = true
      if (value === REMOVE) delete params[key]
      else params[key] = value
    }
    if (input.URL_PREVIEW !== undefined) params.URL_PREVIEW = yes(input.URL_PREVIEW) ? 'Y' : 'N'
    // A changed text is always marked edited; a changed block unless IS_EDITED=N (as the page notes).
    if (text !== undefined || (blockChanged && input.IS_EDITED !== 'N')) params.IS_EDITED = 'Y'
    await updateMessage(tx, m.id, { ...(text !== undefined ? { text } : {}), params, at: d.clock.now() })
    await changed(tx, m, 'OnOpenLineMessageUpdate')
    await d.bots?.changed?.(tx, { chatId: m.chat_id, messageId: m.id, kind: 'update' })
    return true
  }

  async function changed(tx: Executor, m: MessageRow, name: 'OnOpenLineMessageUpdate' | 'OnOpenLineMessageDelete'): Promise<void> {
    if (!m.to_customer) return
    const chat = await lockChat(tx, m.chat_id)
    if (chat) await d.events.record(tx, messageChangeEvent(name, chat, m))
  }

  return { add, update, remove }
}

export type ImMessages = ReturnType<typeof createImMessages>
