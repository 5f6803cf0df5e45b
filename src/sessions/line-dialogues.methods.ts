import { Type } from '@sinclair/typebox'
import { lineAccess } from '../lines/index.js'
import { toBitrixDate } from '../platform/dates.js'
import { defineMethod, ListPage } from '../rest/define-method.js'
import { systemErrors } from '../rest/system-errors.js'
import { positiveInt } from './access.js'
import { countOpenSessionsOfLine, openSessionsOfLine } from './line-dialogues.repo.js'

const PAGE = 50

/**
 * Not a Bitrix24 method (its name cannot clash with theirs): the open
 * dialogues of one line, for the line's supervisors, managers and
 * administrators, as the operator console's "all dialogues" list. STATUS is
 * the session's state here (waiting, offered, answered, closing…); the
 * dialogue itself is read with imopenlines.dialog.get and
 * imopenlines.session.history.get.
 */
export const lineDialoguesList = defineMethod({
  name: 'openlines.dialogue.list',
  scope: 'imopenlines',
  description: "A line's open dialogues, newest first, 50 a page (start, next, total): CHAT_ID, SESSION_ID, STATUS, OPERATOR_ID, TITLE, WAIT_ANSWER, PINNED, DATE_CREATE, DATE_LAST_MESSAGE. For the line's supervisors, managers and administrators.",
  input: Type.Object({ LINE_ID: Type.Optional(Type.Unknown({ description: 'Open line id (required)' })) }),
  errors: ['ERROR_ARGUMENT', 'ACCESS_DENIED'],
  handler: async ({ input, actor, tx, start }) => {
    const lineId = positiveInt(input.LINE_ID)
    if (lineId === null) throw systemErrors.argument('LINE_ID', 'must be a positive integer id')
    if (!(await lineAccess(tx, actor, lineId)).can('viewAllDialogues')) throw systemErrors.accessDenied('Only the line\'s supervisors, managers and administrators see all its dialogues')
    const offset = Math.max(0, start)
    const rows = await openSessionsOfLine(tx, lineId, offset, PAGE + 1)
    const page = rows.slice(0, PAGE)
    const total = start === -1 ? null : await countOpenSessionsOfLine(tx, lineId)
    const items = page.map((r) => ({
      CHAT_ID: r.chat_id, SESSION_ID: r.id, LINE_ID: r.line_id, STATUS: r.status, OPERATOR_ID: r.operator_id ?? 0, TITLE: r.name,
      WAIT_ANSWER: r.wait_answer ? 'Y' : 'N', PINNED: r.pinned ? 'Y' : 'N', DATE_CREATE: toBitrixDate(r.created_at),
      DATE_LAST_MESSAGE: r.last_message_at ? toBitrixDate(r.last_message_at) : null,
    }))
    return new ListPage(items, total, rows.length > PAGE ? offset + PAGE : null)
  },
})

export const lineDialogueMethods = [lineDialoguesList]
