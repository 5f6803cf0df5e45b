import { toBitrixDate } from '../platform/dates.js'
import type { ChatRow } from '../chats/chats.repo.js'
import type { FileRow, MessageRow } from '../chats/messages.repo.js'
import type { DialogueEvent } from './events-port.js'
import type { SessionRecord } from './sessions.repo.js'

/** Channel ids are numbers for most connectors; the events show them as integers when they are. */
const idOf = (value: string): number | string => (/^\d+$/.test(value) ? Number(value) : value)

function connectorBlock(chat: ChatRow) {
  return { connector_id: chat.connector_id, line_id: chat.line_id, chat_id: idOf(chat.connector_chat_id), user_id: idOf(chat.connector_user_id) }
}

/** OnSessionStart / OnSessionFinish, shaped as on their pages. */
export function sessionEvent(name: 'OnSessionStart' | 'OnSessionFinish', chat: ChatRow, rec: SessionRecord, closeTerm: number): DialogueEvent {
  const closed = name === 'OnSessionFinish'
  return {
    name,
    connectorId: chat.connector_id,
    lineId: rec.state.lineId,
    chatId: chat.id,
    userId: rec.state.operatorId,
    data: {
      DATA: [{
        connector: connectorBlock(chat),
        session: { id: rec.id, closed: closed ? 'Y' : 'N', parent_id: rec.parentId ?? 0, close_term: closeTerm },
        chat: { id: chat.id },
        user: { id: idOf(chat.connector_user_id) },
      }],
    },
  }
}

function fileBlock(f: FileRow) {
  return { id: f.id, name: f.name, type: f.type, size: f.size, link: f.url }
}

/** OnOpenLineMessageAdd for a message that goes out to the customer's channel. */
export function messageAddEvent(chat: ChatRow, m: MessageRow, files: FileRow[]): DialogueEvent {
  const attach = m.params.ATTACH
  return {
    name: 'OnOpenLineMessageAdd',
    connectorId: chat.connector_id,
    lineId: chat.line_id,
    chatId: chat.id,
    userId: m.author_id > 0 ? m.author_id : null,
    data: {
      DATA: [{
        connector: connectorBlock(chat),
        chat: { id: chat.id },
        message: {
          id: m.id,
          date: toBitrixDate(m.created_at),
          text: m.text,
          files: files.map(fileBlock),
          attach: attach === undefined ? '' : JSON.stringify(attach),
          system: m.is_system ? 'Y' : 'N',
          user_id: m.author_id,
        },
        ref: [],
        extra: { EXTRA_URL: '' },
      }],
    },
  }
}

/** OnOpenLineMessageUpdate / OnOpenLineMessageDelete: `im` names our chat and message, `chat` the channel's chat. */
export function messageChangeEvent(name: 'OnOpenLineMessageUpdate' | 'OnOpenLineMessageDelete', chat: ChatRow, m: MessageRow): DialogueEvent {
  return {
    name,
    connectorId: chat.connector_id,
    lineId: chat.line_id,
    chatId: chat.id,
    userId: m.author_id > 0 ? m.author_id : null,
    data: {
      CONNECTOR: chat.connector_id,
      LINE: chat.line_id,
      DATA: [{ im: { chat_id: chat.id, message_id: m.id }, message: { id: m.id }, chat: { id: idOf(chat.connector_chat_id) } }],
    },
  }
}
