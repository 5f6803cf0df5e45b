import { PUBLIC_PATH } from '../lines/index.js'
import { RestError } from '../platform/errors.js'
import type { Actor } from '../rest/actor.js'
import type { Deps } from '../deps.js'
import { filesOfMessages, findChat, findMember } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { detectFile, extensionOf, imageSize } from './file-types.js'
import { attachWidgetFile, insertOperatorFile } from './widget-files.repo.js'
import { cleanName, widgetErrors } from './widget.service.js'

export const operatorFileErrors = {
  dialogIdEmpty: () => new RestError('DIALOG_ID_EMPTY', "Dialog ID can't be empty", 400),
  fileEmpty: () => new RestError('FILE_EMPTY', 'Send the file as FILE: [name, base64 content] or as a multipart file part', 400),
  // As im.message.add answers a caller who is not in the chat (the chat's existence is not told).
  access: () => new RestError('ACCESS_ERROR', 'Action unavailable', 400),
  chatType: () => new RestError('CHAT_TYPE', 'The specified chat is not an open line chat', 400),
}

export interface FileAddInput { DIALOG_ID?: unknown; CHAT_ID?: unknown; FILE?: unknown; MESSAGE?: unknown }

function chatIdOf(input: FileAddInput): number {
  const raw = input.CHAT_ID ?? input.DIALOG_ID
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : ''
  const m = /^(?:chat)?(\d+)$/i.exec(s)
  const id = m ? Number(m[1]) : 0
  // A bare number is a chat id only as CHAT_ID: as DIALOG_ID it names a one-to-one dialogue, which takes no files here.
  if (!Number.isSafeInteger(id) || id <= 0 || (input.CHAT_ID === undefined && !/^chat/i.test(s))) throw operatorFileErrors.dialogIdEmpty()
  return id
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/

/** FILE as Bitrix methods take files: `[name, base64]` (a multipart file part arrives in the same shape); a data: URL prefix is allowed. */
function fileOf(raw: unknown, maxBytes: number): { name: string; content: Buffer } {
  const pair = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : []
  const [name, data] = pair
  if (typeof name !== 'string' || typeof data !== 'string') throw operatorFileErrors.fileEmpty()
  const encoded = data.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '')
  if (!BASE64.test(encoded)) throw operatorFileErrors.fileEmpty()
  // Refused before decoding: the decoded size is three quarters of the text.
  if (Math.floor((encoded.length * 3) / 4) > maxBytes + 2) throw widgetErrors.fileTooLarge(maxBytes)
  const content = Buffer.from(encoded, 'base64')
  if (content.length === 0) throw widgetErrors.fileEmpty()
  if (content.length > maxBytes) throw widgetErrors.fileTooLarge(maxBytes)
  return { name, content }
}

/**
 * openlines.message.file.add: an operator's file into an open-line chat they
 * are in. The bytes are checked as the widget checks a visitor's (kind from
 * the content, WIDGET_FILE_MAX_BYTES) and stored beside them; the message that
 * carries the file goes the way of im.message.add (session rules, silent mode,
 * OnOpenLineMessageAdd with `files`), so the widget shows it and a connector
 * app gets a link it downloads with its own token.
 */
export async function addOperatorFile(tx: Executor, deps: Pick<Deps, 'dialogues' | 'clock' | 'config'>, actor: Actor, input: FileAddInput) {
  const chatId = chatIdOf(input)
  const maxBytes = deps.config.widgetFileMaxBytes
  const given = fileOf(input.FILE, maxBytes)
  const name = cleanName(given.name)
  const kind = name ? detectFile(given.content, name) : null
  if (!kind) throw widgetErrors.fileType()
  const chat = await findChat(tx, chatId)
  if (!chat || !(await findMember(tx, chatId, actor.userId))) throw operatorFileErrors.access()
  if (chat.type !== 'lines') throw operatorFileErrors.chatType()
  const id = await insertOperatorFile(tx, { lineId: chat.line_id, authorId: actor.userId, name, mime: kind.mime, content: given.content, at: deps.clock.now() })
  const size = kind.type === 'image' ? imageSize(given.content, kind.mime) : null
  const url = `${deps.config.publicUrl}${PUBLIC_PATH}file/${id}/${encodeURIComponent(name)}`
  const text = typeof input.MESSAGE === 'string' ? input.MESSAGE : ''
  const messageId = await deps.dialogues.im.add(tx, actor, { DIALOG_ID: `chat${chatId}`, MESSAGE: text }, [
    { name, type: kind.type, extension: extensionOf(name), size: given.content.length, url, width: size?.width ?? null, height: size?.height ?? null },
  ])
  await attachWidgetFile(tx, id, chatId, messageId)
  const [file] = await filesOfMessages(tx, chatId, [messageId])
  return { MESSAGE_ID: messageId, FILE_ID: file.id }
}
