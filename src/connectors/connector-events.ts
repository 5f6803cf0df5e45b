import { findChat } from '../chats/chats.repo.js'
import { findMessage } from '../chats/messages.repo.js'
import { personName } from '../chats/people.repo.js'
import { recordEvent } from '../events/index.js'
import type { LineDeletingListener, LineEvents } from '../lines/index.js'
import type { DialogueEvent, DialogueEvents } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { appConnector, externalIdsOf, noAppConnector, takeLineConnectors } from './connectors.repo.js'

type Obj = Record<string, unknown>
type AppConnector = NonNullable<Awaited<ReturnType<typeof appConnector>>>

const first = (data: Obj): Obj => ((data.DATA as Obj[] | undefined)?.[0] ?? {})

/** The operator's signature as the event pages show it: "[b]Name:[/b] [br]text". */
async function signed(tx: Executor, c: AppConnector, authorId: number, text: string, system: boolean): Promise<string> {
  if (!c.need_signature || system || authorId <= 0) return text
  return `[b]${await personName(tx, authorId)}:[/b] [br]${text}`
}

async function messageAdd(tx: Executor, c: AppConnector, e: DialogueEvent, connectorChatId: string): Promise<Obj | null> {
  const m = (first(e.data).message ?? {}) as Obj
  const system = m.system === 'Y'
  if (system && !c.need_system_messages) return null
  const message: Obj = { user_id: Number(m.user_id) || 0, text: await signed(tx, c, Number(m.user_id) || 0, String(m.text ?? ''), system) }
  const files = Array.isArray(m.files) ? m.files : []
  if (files.length) message.files = files
  return { CONNECTOR: c.id, LINE: e.lineId, MESSAGES: [{ im: { chat_id: e.chatId, message_id: Number(m.id) }, message, chat: { id: connectorChatId } }] }
}

async function messageChange(tx: Executor, c: AppConnector, e: DialogueEvent, connectorChatId: string): Promise<Obj | null> {
  const im = (first(e.data).im ?? {}) as { chat_id: number; message_id: number }
  const ids = await externalIdsOf(tx, im.message_id)
  if (e.name === 'OnOpenLineMessageDelete') {
    // Only the first id the connector reported names the message in the channel; '' when it never reported one.
    return { CONNECTOR: c.id, LINE: e.lineId, MESSAGES: [{ im, message: { id: ids[0] ?? '' }, chat: { id: connectorChatId } }] }
  }
  const row = await findMessage(tx, im.message_id)
  if (!row) return null
  const text = await signed(tx, c, row.author_id, row.text, row.is_system)
  return { CONNECTOR: c.id, LINE: e.lineId, MESSAGES: [{ im, message: { id: ids, text }, chat: { id: connectorChatId } }] }
}

const CONNECTOR_EVENT = {
  OnSessionStart: 'OnImConnectorDialogStart',
  OnSessionFinish: 'OnImConnectorDialogFinish',
  OnOpenLineMessageAdd: 'OnImConnectorMessageAdd',
  OnOpenLineMessageUpdate: 'OnImConnectorMessageUpdate',
  OnOpenLineMessageDelete: 'OnImConnectorMessageDelete',
} as const

async function connectorData(tx: Executor, c: AppConnector, e: DialogueEvent): Promise<Obj | null> {
  if (e.name === 'OnSessionStart' || e.name === 'OnSessionFinish') {
    // LINE is a string on the dialogue pages, DATA the same block the session events carry.
    return { CONNECTOR: c.id, LINE: String(e.lineId), DATA: e.data.DATA }
  }
  const chat = await findChat(tx, e.chatId)
  if (!chat) return null
  return e.name === 'OnOpenLineMessageAdd' ? messageAdd(tx, c, e, chat.connector_chat_id) : messageChange(tx, c, e, chat.connector_chat_id)
}

/**
 * The dialogue engine's events port, with the connector's side added: every
 * dialogue event of a chat whose connector an app registered is also recorded,
 * in the same transaction, as its OnImConnector* event for that app only, so
 * the app can carry operator replies, edits and deletions to the channel.
 */
export function withConnectorEvents(base: DialogueEvents): DialogueEvents {
  return {
    async record(tx, e) {
      await base.record(tx, e)
      const c = await appConnector(tx, e.connectorId)
      if (!c) return
      const data = await connectorData(tx, c, e)
      if (data) await recordEvent(tx, { event: CONNECTOR_EVENT[e.name], data, to: { appId: c.app_id }, chatId: e.chatId, userId: e.userId ?? null })
    },
    // Planned only for chats whose connector no app registered: an app's connector event needs reads (signature, channel chat id).
    plan(e) {
      const p = base.plan?.(e)
      return p ? { events: p.events, guards: [...p.guards, noAppConnector(e.connectorId)] } : null
    },
  }
}

/** Which app connectors a deleted line carried: the lines domain passes them to lineDeleted. */
export const connectorsOfDeletedLine: LineDeletingListener = async (tx, lineId) => {
  const rows = await takeLineConnectors(tx, lineId)
  return { connectors: rows.map((r) => r.id) }
}

/** OnImConnectorLineDelete to each app whose connector worked on the line; `data` is the line id itself. */
export const connectorLineEvents: LineEvents = {
  async lineDeleted(tx, lineId, connectors) {
    const apps = new Set<number>()
    for (const id of connectors) {
      const c = await appConnector(tx, id)
      if (c) apps.add(c.app_id)
    }
    for (const appId of apps) await recordEvent(tx, { event: 'OnImConnectorLineDelete', data: lineId, to: { appId } })
  },
}
