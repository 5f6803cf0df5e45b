import { addMembers, addSilentMember, findMember } from '../chats/chats.repo.js'
import { personName } from '../chats/people.repo.js'
import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import { roleOn } from './access.js'
import { CHAT_ID_CODES, createChatOp } from './chat-op.js'
import type { Engine } from './engine.js'
import type { ChannelPort } from './events-port.js'
import type { LineReader } from './line-port.js'
import type { QueueDispatch } from './queue-dispatch.js'
import { sessionErrors } from './sessions.errors.js'

/**
 * imopenlines.session.join: someone with a role on the dialogue's line enters
 * its chat. The customer is told by a system message, as a chat tells its
 * members who joined.
 *
 * `silent` (SILENT=Y, our addition: Bitrix24's page has no such parameter) is
 * a supervisor listening in: the customer is not told, and the member's
 * messages, typing and read marks stay among operators, as in silent mode.
 * The operators see a note that they joined. Joining again without SILENT
 * makes them a visible member (and tells the customer); so does taking the
 * dialogue (intercept, transfer), since the chat's members join visibly.
 */
export function createJoin(d: { engine: Engine; queue: QueueDispatch; lines: LineReader; channels?: ChannelPort }) {
  const withChat = createChatOp(d)

  return function join(tx: Executor, actor: Actor, chatId: unknown, silent: boolean): Promise<boolean> {
    return withChat(tx, actor, chatId, CHAT_ID_CODES, async (op, { chat, line, live }) => {
      if ((await roleOn(d.lines, tx, live?.rec.state.lineId ?? line.id, actor)) === null) throw sessionErrors.accessDenied()
      if (!live) throw sessionErrors.accessDenied()
      const name = (await personName(tx, actor.userId)) || `User ${actor.userId}`
      if (silent) {
        // Someone already in the chat (visibly or not) stays as they are.
        if (await addSilentMember(tx, chat.id, actor.userId, op.now)) {
          const note = await d.engine.systemMessage(op, live, 'USER_JOIN_SILENT', `${name} joined the dialogue silently: the customer is not told and does not see their messages.`, false)
          if (note) await d.channels?.internalMessage?.(tx, chat.id, note.id)
        }
        return true
      }
      const member = await findMember(tx, chat.id, actor.userId)
      if (member && !member.silent) return true
      await addMembers(tx, chat.id, [actor.userId], op.now)
      await d.engine.systemMessage(op, live, 'USER_JOIN', `${name} joined the conversation`, true)
      return true
    })
  }
}
