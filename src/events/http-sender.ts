import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { hostOf, isBlockedAddress } from './handler-url.js'

export interface SendResult {
  /** HTTP status, or null when no answer came (network error, timeout, refused address). */
  status: number | null
  error: string | null
  /** The first kilobyte of the answer, for the attempt record. */
  response: string
  durationMs: number
  /** From a 429/503 answer's Retry-After, when it gave one. */
  retryAfterMs: number | null
  /** False when retrying cannot help (the address is refused). */
  retriable: boolean
}

export interface Sender {
  post(url: string, body: string, headers: Record<string, string>): Promise<SendResult>
  close(): void
}

const KEEP = 1024
const MAX_READ = 64 * 1024

class RefusedAddress extends Error {}

/**
 * Posts deliveries over keep-alive connections. Every connection resolves the
 * handler's name itself and refuses loopback and private addresses (unless
 * allowed), so a name that changes its address after the bind is still caught.
 */
export function createSender(opts: { timeoutMs: number; allowPrivate: boolean; maxSockets: number; now: () => number }): Sender {
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4)
      const allowed = opts.allowPrivate ? addresses : addresses.filter((a) => !isBlockedAddress(a.address))
      if (!allowed.length) return callback(new RefusedAddress(`${hostname} resolves to a loopback or private network`), '', 4)
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed)
      callback(null, allowed[0].address, allowed[0].family)
    })
  }
  const agentOptions = { keepAlive: true, maxSockets: opts.maxSockets, lookup: guardedLookup }
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) }

  function post(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = performance.now()
    const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Math.round(performance.now() - started) })
    let target: URL
    try {
      target = new URL(url)
    } catch {
      return Promise.resolve(done({ status: null, error: 'invalid handler URL', response: '', retryAfterMs: null, retriable: false }))
    }
    const host = hostOf(target)
    // An address literal is never looked up, so it is checked here.
    if (!opts.allowPrivate && isIP(host) && isBlockedAddress(host)) {
      return Promise.resolve(done({ status: null, error: `${host} is on a loopback or private network`, response: '', retryAfterMs: null, retriable: false }))
    }
    const isHttps = target.protocol === 'https:'
    return new Promise((resolve) => {
      const req = (isHttps ? https : http).request(target, {
        method: 'POST',
        agent: isHttps ? agents.https : agents.http,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) },
      })
      const timer = setTimeout(() => req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs)
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        let read = 0
        res.on('data', (chunk: Buffer) => {
          read += chunk.length
          if (read <= MAX_READ) chunks.push(chunk)
          else res.destroy()
        })
        const finish = () => {
          clearTimeout(timer)
          const status = res.statusCode ?? 0
          const response = Buffer.concat(chunks).subarray(0, KEEP).toString('utf8')
          resolve(done({ status, error: status >= 200 && status < 300 ? null : `HTTP ${status}`, response, retryAfterMs: retryAfter(res.headers['retry-after'], opts.now()), retriable: true }))
        }
        res.on('end', finish)
        res.on('close', finish)
      })
      req.on('error', (err) => {
        clearTimeout(timer)
        resolve(done({ status: null, error: err.message, response: '', retryAfterMs: null, retriable: !(err instanceof RefusedAddress) }))
      })
      req.end(body)
    })
  }

  return {
    post,
    close() {
      agents.http.destroy()
      agents.https.destroy()
    },
  }
}

function retryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const at = Date.parse(value)
  return Number.isFinite(at) ? Math.max(0, at - now) : null
}
