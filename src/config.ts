import path from 'node:path'

/** Everything the server reads from its environment; the only reader of process.env. */
export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | null
  publicUrl: string
  tlsCert: string | null
  tlsKey: string | null
  logLevel: string
  /** Leaky bucket: requests a credential may make at once, and how many drain per second. 0 disables. */
  rateLimitBurst: number
  rateLimitRate: number
  /** Accumulated method seconds per credential over 10 minutes; 0 disables (as on self-hosted Bitrix24). */
  operatingLimit: number
  bodyLimitBytes: number
  /** Seconds to finish in-flight calls on SIGTERM before closing anyway. */
  shutdownGraceSeconds: number
  /** Largest file a website visitor may send through the widget. */
  widgetFileMaxBytes: number
  /** Event delivery: see src/events/delivery-worker.ts. */
  events: EventsConfig
  /** Network lines between servers: see src/network. */
  network: NetworkConfig
}

export interface NetworkConfig {
  /** How this server names itself to its peers (they configure it under this id). */
  serverId: string
  /** Plain http to non-loopback peers (refused by default: keys and messages would cross in clear). */
  allowHttp: boolean
  /** false: this process does not send to peers (another does). */
  worker: boolean
  retryBaseMs: number
  retryCapMs: number
  timeoutMs: number
  pollMs: number
}

export interface EventsConfig {
  /** false: this process serves REST only and leaves delivery to others. */
  worker: boolean
  /** Tries before a delivery is parked as failed (the first try counts). */
  maxAttempts: number
  retryBaseMs: number
  retryCapMs: number
  timeoutMs: number
  /** Deliveries in flight in this process, and at most this many per handler. */
  concurrency: number
  perHandlerConcurrency: number
  pollMs: number
  /**
   * After a claim that could only park new deliveries behind their chats'
   * retries (nothing of its own in flight), the wakes of the next this-many
   * ms (one per committed event) are served by one claim: with a handler
   * down, the worker claims once per window instead of once per event.
   */
  wakeSettleMs: number
  /** Handler URLs on loopback or private networks are refused unless this is set (request forgery). */
  allowPrivateHandlers: boolean
  /** Days that delivered events and their attempts are kept. */
  retentionDays: number
}

type Env = Record<string, string | undefined>

function intFrom(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < min) throw new ConfigError(`${name} must be a number >= ${min}, got "${raw}"`)
  return n
}

export class ConfigError extends Error {}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const port = intFrom(env, 'PORT', 8080)
  const host = env.HOST || '0.0.0.0'
  const tlsCert = env.TLS_CERT || null
  const tlsKey = env.TLS_KEY || null
  if ((tlsCert === null) !== (tlsKey === null)) throw new ConfigError('TLS_CERT and TLS_KEY must be given together')
  const scheme = tlsCert ? 'https' : 'http'
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  return {
    port,
    host,
    dataDir: path.resolve(cwd, env.DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || null,
    publicUrl: (env.PUBLIC_URL || `${scheme}://${shownHost}:${port}`).replace(/\/+$/, ''),
    tlsCert,
    tlsKey,
    logLevel: env.LOG_LEVEL || 'info',
    rateLimitBurst: intFrom(env, 'RATE_LIMIT_BURST', 500),
    rateLimitRate: intFrom(env, 'RATE_LIMIT_RATE', 50),
    operatingLimit: intFrom(env, 'OPERATING_LIMIT', 0),
    bodyLimitBytes: intFrom(env, 'BODY_LIMIT_BYTES', 50 * 1024 * 1024, 1024),
    shutdownGraceSeconds: intFrom(env, 'SHUTDOWN_GRACE_SECONDS', 10),
    widgetFileMaxBytes: intFrom(env, 'WIDGET_FILE_MAX_BYTES', 10 * 1024 * 1024, 1),
    events: loadEventsConfig(env),
    network: loadNetworkConfig(env, env.PUBLIC_URL || `${scheme}://${shownHost}:${port}`),
  }
}

const on = (v: string | undefined) => ['1', 'true', 'yes', 'on'].includes((v ?? '').toLowerCase())

function loadNetworkConfig(env: Env, publicUrl: string): NetworkConfig {
  let fallbackId = 'openlines'
  try {
    fallbackId = new URL(publicUrl).host
  } catch {
    // PUBLIC_URL is checked where it is used; the id then needs NETWORK_SERVER_ID.
  }
  const serverId = env.NETWORK_SERVER_ID || fallbackId
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(serverId)) throw new ConfigError(`NETWORK_SERVER_ID must be 1 to 128 letters, digits, "_", ".", ":" or "-", got "${serverId}"`)
  return {
    serverId,
    allowHttp: on(env.NETWORK_ALLOW_HTTP),
    worker: env.NETWORK_WORKER !== 'off',
    retryBaseMs: intFrom(env, 'NETWORK_RETRY_BASE_MS', 2_000, 1),
    retryCapMs: intFrom(env, 'NETWORK_RETRY_CAP_MS', 300_000, 1),
    timeoutMs: intFrom(env, 'NETWORK_TIMEOUT_MS', 10_000, 100),
    pollMs: intFrom(env, 'NETWORK_POLL_MS', 200, 5),
  }
}

function loadEventsConfig(env: Env): EventsConfig {
  return {
    worker: env.EVENTS_WORKER !== 'off',
    maxAttempts: intFrom(env, 'EVENTS_MAX_ATTEMPTS', 10, 1),
    retryBaseMs: intFrom(env, 'EVENTS_RETRY_BASE_MS', 5_000, 1),
    retryCapMs: intFrom(env, 'EVENTS_RETRY_CAP_MS', 3_600_000, 1),
    timeoutMs: intFrom(env, 'EVENTS_TIMEOUT_MS', 10_000, 100),
    concurrency: intFrom(env, 'EVENTS_CONCURRENCY', 128, 1),
    perHandlerConcurrency: intFrom(env, 'EVENTS_HANDLER_CONCURRENCY', 32, 1),
    pollMs: intFrom(env, 'EVENTS_POLL_MS', 100, 5),
    wakeSettleMs: intFrom(env, 'EVENTS_WAKE_SETTLE_MS', 20, 0),
    allowPrivateHandlers: ['1', 'true', 'yes', 'on'].includes((env.EVENTS_ALLOW_PRIVATE_HANDLERS ?? '').toLowerCase()),
    retentionDays: intFrom(env, 'EVENTS_RETENTION_DAYS', 7, 1),
  }
}

/** A redacted view for `openlines config`: no secrets, paths as resolved. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl ? config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : null,
    store: config.databaseUrl ? 'postgresql' : 'pglite',
  }
}
