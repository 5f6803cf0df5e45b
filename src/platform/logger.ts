import pino, { type Logger } from 'pino'

/** Webhook codes and `auth` tokens travel in URLs; logs never carry them. */
export function redactUrl(url: string): string {
  return url
    .replace(/^(\/rest\/\d+\/)[^/?]+/, '$1***')
    .replace(/([?&](?:auth|access_token|refresh_token|client_secret|code)=)[^&]*/gi, '$1***')
}

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.auth'], censor: '***' },
  })
}

export const requestSerializers = {
  req(req: { method: string; url: string; id: string; ip?: string }) {
    return { method: req.method, url: redactUrl(req.url), id: req.id, ip: req.ip }
  },
}
