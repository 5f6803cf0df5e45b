/**
 * What every process is told of a committed outbox row, as one token of a
 * comma-separated NOTIFY payload: `id:chat:queued`. The chat (empty for a row
 * of no chat) lets a feed skip rows of chats none of its sockets listen on;
 * `queued`, the deliveries the row got, lets delivery workers sleep through
 * rows that no handler takes. A bare `id` (an older process's trigger) says
 * neither: it is read, and wakes the workers.
 */
export interface Announcement {
  id: number
  /** The row's chat, null for none; undefined when the token does not say. */
  chatId: number | null | undefined
  /** Whether deliveries were queued with it; undefined when the token does not say. */
  queued: boolean | undefined
}

export function announcementToken(id: number, chatId: number | null, queued: number): string {
  return `${id}:${chatId ?? ''}:${queued}`
}

/** The token's parts, or null for anything that is not a token. */
export function parseAnnouncement(token: string): Announcement | null {
  const [idText, chatText, queuedText] = token.split(':')
  const id = Number(idText)
  if (!Number.isInteger(id) || id <= 0) return null
  const chatId = chatText === undefined ? undefined : chatText === '' ? null : Number(chatText)
  const queued = queuedText === undefined ? undefined : Number(queuedText) > 0
  return { id, chatId: Number.isNaN(chatId) ? undefined : chatId, queued }
}

/** Whether a delivery worker has anything to look for after this row: unless it says it got none. */
export const wakesWorker = (a: Announcement): boolean => a.queued !== false

/** The same for a list of tokens (anything that is not a token wakes nobody). */
export function wakesWorkers(tokens: unknown[]): boolean {
  return tokens.some((t) => {
    const a = parseAnnouncement(String(t))
    return a !== null && wakesWorker(a)
  })
}
