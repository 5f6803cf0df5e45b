import { toBitrixDate } from '../platform/dates.js'
import type { FileRow, MessageRow } from './messages.repo.js'

/** The legacy (HTML) form of BB-code text that session.history.get also returns. */
export function legacyText(text: string): string {
  return text
    .replace(/\[br\]/gi, '<br />')
    .replace(/\[(\/?)(b|i|u|s)\]/gi, '<$1$2>')
    .replace(/\[url=([^\]]+)\]([\s\S]*?)\[\/url\]/gi, '<a href="$1" target="_blank">$2</a>')
    .replace(/\[url\]([\s\S]*?)\[\/url\]/gi, '<a href="$1" target="_blank">$1</a>')
    .replace(/\[user=(\d+)[^\]]*\]([\s\S]*?)\[\/user\]/gi, '$2')
}

/** Params as clients read them: FILE_ID for attachments, IS_EDITED / IS_DELETED flags. */
export function messageParams(m: MessageRow, files: FileRow[]): Record<string, unknown> | unknown[] {
  const params: Record<string, unknown> = { ...m.params }
  if (files.length) params.FILE_ID = files.map((f) => f.id)
  if (m.deleted) params.IS_DELETED = 'Y'
  return Object.keys(params).length ? params : []
}

/** A message of im.dialog.messages.get. */
export function imMessage(m: MessageRow, files: FileRow[], unread: boolean) {
  return {
    id: m.id, chat_id: m.chat_id, author_id: m.author_id, date: toBitrixDate(m.created_at), text: m.text, unread,
    uuid: m.is_system ? null : m.uuid, replaces: [], params: messageParams(m, files), disappearing_date: null,
  }
}

/** A message of session.history.get: ids as strings, as that page shows. */
export function historyMessage(m: MessageRow, files: FileRow[]) {
  return {
    id: String(m.id), chatid: String(m.chat_id), senderid: String(m.author_id), recipientid: `chat${m.chat_id}`,
    date: toBitrixDate(m.created_at), text: m.text, textlegacy: legacyText(m.text), params: messageParams(m, files),
  }
}

function image(f: FileRow) {
  return f.type === 'image' && f.width !== null && f.height !== null ? { height: f.height, width: f.width } : false
}

/** A file of im.dialog.messages.get (camelCase). */
export function imFile(f: FileRow, authorName: string) {
  return {
    id: f.id, chatId: f.chat_id, date: toBitrixDate(f.created_at), type: f.type, name: f.name, extension: f.extension, size: f.size,
    image: image(f), status: 'done', progress: 100, authorId: f.author_id, authorName, urlPreview: f.type === 'image' ? f.url : '',
    urlShow: f.url, urlDownload: f.url,
    viewerAttrs: { viewer: '', viewerType: f.type === 'image' ? 'image' : 'cloud-document', src: f.url, viewerResized: '', objectId: String(f.id), viewerGroupBy: String(f.chat_id), imChatId: f.chat_id, title: f.name, actions: '[{"type":"download"}]' },
    mediaUrl: [], isTranscribable: false, isVideoNote: false, isVoiceNote: false,
  }
}

/** A file of session.history.get (lowercase keys). */
export function historyFile(f: FileRow, authorName: string) {
  const v = imFile(f, authorName)
  return {
    id: v.id, chatid: v.chatId, date: v.date, type: v.type, name: v.name, extension: v.extension, size: v.size, image: v.image,
    status: v.status, progress: v.progress, authorid: v.authorId, authorname: v.authorName, urlpreview: v.urlPreview, urlshow: v.urlShow,
    urldownload: v.urlDownload,
    viewerattrs: { viewer: '', viewertype: v.viewerAttrs.viewerType, src: f.url, viewerresized: '', objectid: String(f.id), viewergroupby: String(f.chat_id), imchatid: f.chat_id, title: f.name, actions: v.viewerAttrs.actions },
    mediaurl: [], istranscribable: false, isvideonote: false, isvoicenote: false,
  }
}
