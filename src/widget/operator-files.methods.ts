import { Type } from '@sinclair/typebox'
import { defineMethod } from '../rest/define-method.js'
import { addOperatorFile } from './operator-files.service.js'

const loose = Type.Optional(Type.Unknown())

/**
 * Not a Bitrix24 method (Bitrix24 uploads to Disk, then commits the file to
 * the chat): one call that sends an operator's file to an open-line chat
 * (docs/dialogues.md). Result: {MESSAGE_ID, FILE_ID}, FILE_ID being the id the
 * message's params.FILE_ID and im.dialog.messages.get's files name.
 */
export const messageFileAdd = defineMethod({
  name: 'openlines.message.file.add',
  scope: 'imopenlines',
  extraScopes: ['im'],
  description: 'Sends a file to an open-line chat the caller is in: DIALOG_ID (chat<ID>) or CHAT_ID, FILE ([name, base64] or a multipart file), MESSAGE (optional text). {MESSAGE_ID, FILE_ID}',
  input: Type.Object({ DIALOG_ID: loose, CHAT_ID: loose, FILE: loose, MESSAGE: loose }),
  errors: ['DIALOG_ID_EMPTY', 'FILE_EMPTY', 'FILE_TOO_LARGE', 'FILE_TYPE', 'ACCESS_ERROR', 'CHAT_TYPE'],
  handler: ({ input, actor, deps, tx }) => addOperatorFile(tx, deps, actor, input),
})

export const operatorFileMethods = [messageFileAdd]
