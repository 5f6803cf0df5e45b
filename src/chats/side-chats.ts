import type { Actor } from '../rest/actor.js'
import type { Executor } from '../storage/db.js'
import type { ChatRow } from './chats.repo.js'

/**
 * Chats kept outside open lines (type other than 'lines'), which another
 * domain owns: the chats of this server's users with a network line joined
 * from a peer (src/network). im.* reaches them through this port.
 */
export interface SideChats {
  /** The chat a one-to-one DIALOG_ID with this user stands for (made on first use); null when none does. */
  dialogWith(tx: Executor, actor: Actor, userId: number): Promise<number | null>
  /** Stores a member's im.message.add in such a chat and passes it on; returns the message id. */
  add(tx: Executor, actor: Actor, chat: ChatRow, m: { text: string; params: Record<string, unknown> }): Promise<number>
}

/** A mutable slot: the owning domain is wired after the dialogues that use it. */
export interface SideChatsSlot extends SideChats {
  use(impl: SideChats): void
}

export function sideChatsSlot(): SideChatsSlot {
  let impl: SideChats | null = null
  return {
    use(i) {
      impl = i
    },
    dialogWith: (tx, actor, userId) => (impl ? impl.dialogWith(tx, actor, userId) : Promise.resolve(null)),
    add: (tx, actor, chat, m) => {
      if (!impl) throw new Error(`chat ${chat.id} of type ${chat.type} has no owner`)
      return impl.add(tx, actor, chat, m)
    },
  }
}
