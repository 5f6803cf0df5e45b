import { randomBytes, randomUUID } from 'node:crypto'

export interface Ids {
  /** A random secret of `length` lowercase alphanumerics (webhook codes, tokens). */
  secret(length: number): string
  uuid(): string
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

export const cryptoIds: Ids = {
  secret(length) {
    // Rejection sampling keeps every character equally likely.
    let out = ''
    while (out.length < length) {
      for (const byte of randomBytes(length * 2)) {
        if (byte < 252 && out.length < length) out += ALPHABET[byte % 36]
      }
    }
    return out
  },
  uuid: () => randomUUID(),
}
