import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { RestError } from '../platform/errors.js'

/** Loopback, private, link-local, carrier-grade NAT, multicast and reserved ranges: not for handlers (request forgery). */
const blocked = new BlockList()
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, bits, 'ipv4')
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
  blocked.addSubnet(net, bits, 'ipv6')
}

export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return blocked.check(mapped[1], 'ipv4')
  const family = isIP(address)
  if (family === 4) return blocked.check(address, 'ipv4')
  if (family === 6) return blocked.check(address, 'ipv6')
  return true
}

export const handlerUrlErrors = {
  wrongUrl: (why = '') => new RestError('ERROR_WRONG_HANDLER_URL', why ? `Wrong handler URL: ${why}` : 'Wrong handler URL', 400),
  protocol: () => new RestError('ERROR_UNSUPPORTED_PROTOCOL', 'Unsupported handler protocol', 400),
}

/** The host as it is looked up: IPv6 literals lose their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1')
}

/**
 * Checks a handler URL when it is bound: http(s), a host with a dot (as
 * Bitrix24 requires), and unless the server allows it, not an address on a
 * loopback or private network. A name that does not resolve now is accepted;
 * every delivery resolves and checks it again.
 */
export async function checkHandlerUrl(value: string, opts: { allowPrivate: boolean; field?: string }): Promise<URL> {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw handlerUrlErrors.wrongUrl()
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw handlerUrlErrors.protocol()
  const host = hostOf(url)
  if (!host || (!opts.allowPrivate && !isIP(host) && !host.includes('.'))) throw handlerUrlErrors.wrongUrl()
  if (opts.allowPrivate) return url
  if (isIP(host)) {
    if (isBlockedAddress(host)) throw handlerUrlErrors.wrongUrl(`${host} is on a loopback or private network`)
    return url
  }
  let addresses: Array<{ address: string }> = []
  try {
    addresses = await lookup(host, { all: true })
  } catch {
    return url
  }
  if (addresses.some((a) => isBlockedAddress(a.address))) throw handlerUrlErrors.wrongUrl(`${host} resolves to a loopback or private network`)
  return url
}
