/**
 * In-process fan-out: sockets subscribe to channels (`chat:12`, `user:5`),
 * the feed publishes committed changes to them. No state here that another
 * process needs: each process's feed hears every commit through the store.
 */
export interface RealtimeMessage {
  /** `event` for an outbox row, `signal` for a passing state (typing). */
  type: 'event' | 'signal'
  channel: string
  /** Outbox id of an event; 0 for signals. */
  id: number
  name: string
  data: unknown
}

export interface Subscriber {
  deliver(msg: RealtimeMessage): void
}

export interface Hub {
  subscribe(channel: string, sub: Subscriber): () => void
  publish(msg: RealtimeMessage): number
  /** Whether any socket of this process listens on the channel now. */
  watched(channel: string): boolean
  /** Open subscriptions, for /metrics and benchmarks. */
  size(): number
}

export function createHub(): Hub {
  const channels = new Map<string, Set<Subscriber>>()
  let count = 0
  return {
    subscribe(channel, sub) {
      let set = channels.get(channel)
      if (!set) channels.set(channel, (set = new Set()))
      if (!set.has(sub)) {
        set.add(sub)
        count++
      }
      return () => {
        const s = channels.get(channel)
        if (!s?.delete(sub)) return
        count--
        if (s.size === 0) channels.delete(channel)
      }
    },
    publish(msg) {
      const set = channels.get(msg.channel)
      if (!set) return 0
      for (const sub of set) sub.deliver(msg)
      return set.size
    },
    watched: (channel) => channels.has(channel),
    size: () => count,
  }
}
