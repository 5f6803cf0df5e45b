import { getLine, lineAccess } from '../lines/index.js'
import type { Clock } from '../platform/clock.js'
import type { Actor } from '../rest/actor.js'
import { pageRequest, toPage } from '../rest/paging.js'
import type { ListPage } from '../rest/define-method.js'
import { systemErrors } from '../rest/system-errors.js'
import type { Executor } from '../storage/db.js'
import { quickAnswerErrors } from './quick-answers.errors.js'
import { findQuickAnswers, insertQuickAnswer } from './quick-answers.repo.js'
import type { MessageSource, QuickAnswer } from './quick-answers.types.js'

export interface QuickAnswerService {
  /** Saves a message of an open-line chat as a quick answer of its line. */
  saveFromMessage(actor: Actor, chatId: number, messageId: number, tx: Executor): Promise<true>
  /** One page (50, by `start`) of a line's quick answers, newest first; `search` matches title or text. */
  list(actor: Actor, lineId: number, search: string | null, start: number, tx: Executor): Promise<ListPage<QuickAnswer>>
}

const TITLE_LENGTH = 100

/** The first line of the text, cut to a title's length. */
export function titleOf(text: string): string {
  const first = text.trim().split(/\r?\n/)[0].trim()
  return first.length > TITLE_LENGTH ? `${first.slice(0, TITLE_LENGTH - 1)}…` : first
}

export function createQuickAnswerService(deps: { clock: Clock; messages: MessageSource }): QuickAnswerService {
  async function mayWork(tx: Executor, actor: Actor, lineId: number): Promise<boolean> {
    return (await lineAccess(tx, actor, lineId)).can('workDialogues')
  }

  return {
    async saveFromMessage(actor, chatId, messageId, tx) {
      const chat = await deps.messages.getChat(tx, chatId)
      if (!chat) throw quickAnswerErrors.chatNotFound(chatId)
      if (chat.lineId === null) throw quickAnswerErrors.chatType()
      if (!(await mayWork(tx, actor, chat.lineId))) throw quickAnswerErrors.accessDenied('You have no access to this chat')
      if (!(await getLine(tx, chat.lineId))) throw quickAnswerErrors.cantSave('the open line of this chat was deleted')
      const message = await deps.messages.getLineMessage(tx, messageId)
      if (!message || message.chatId !== chatId) throw quickAnswerErrors.cantSave(`message ${messageId} is not in chat ${chatId}`)
      if (message.text.trim() === '') throw quickAnswerErrors.cantSave('the message has no text')
      await insertQuickAnswer(tx, {
        lineId: chat.lineId,
        title: titleOf(message.text),
        text: message.text,
        chatId,
        messageId,
        createdBy: actor.userId,
        createdAt: deps.clock.now(),
      })
      return true
    },

    async list(actor, lineId, search, start, tx) {
      if (!(await getLine(tx, lineId))) throw systemErrors.argument('LINE_ID', `${lineId} is not the id of an existing open line`)
      if (!(await mayWork(tx, actor, lineId))) throw quickAnswerErrors.accessDenied(`You have no access to open line ${lineId}`)
      const req = pageRequest(start)
      const found = findQuickAnswers(tx, { lineId, search: search?.trim() || null })
      const items = await found.page(req.offset, req.limit)
      return toPage(items, req.withTotal ? await found.count() : null, req)
    },
  }
}
