import type { Clock } from '../platform/clock.js'
import { MESSAGE_HEADER, PEER_HEADER, SIGNATURE_HEADER, signRequest, TIMESTAMP_HEADER } from './network-sign.js'
import type { PeerRow } from './network.repo.js'

export interface PeerAnswer { status: number; body: Record<string, unknown> | null }

/** One signed POST to a peer: the answer, or a thrown error when the peer could not be reached. */
export async function postToPeer(
  d: { clock: Clock; serverId: string; timeoutMs: number },
  peer: Pick<PeerRow, 'base_url' | 'shared_key'>,
  path: string,
  payload: unknown,
  messageId: string,
): Promise<PeerAnswer> {
  const base = new URL(peer.base_url)
  const fullPath = `${base.pathname.replace(/\/+$/, '')}${path}`
  const body = JSON.stringify(payload)
  const timestamp = Math.floor(d.clock.now().getTime() / 1000)
  const signature = signRequest(peer.shared_key, { method: 'POST', path: fullPath, timestamp, messageId, body })
  const res = await fetch(new URL(fullPath, base), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [PEER_HEADER]: d.serverId,
      [TIMESTAMP_HEADER]: String(timestamp),
      [MESSAGE_HEADER]: messageId,
      [SIGNATURE_HEADER]: signature,
    },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(d.timeoutMs),
  })
  const text = await res.text()
  let parsed: Record<string, unknown> | null = null
  try {
    const v: unknown = JSON.parse(text)
    parsed = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    parsed = null
  }
  return { status: res.status, body: parsed }
}
