import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * Password hashes as stored in users.password_hash: `scrypt$N$r$p$salt$hash`
 * (salt and hash in base64). Memory-hard, from node:crypto, parameters kept
 * in the string so they can be raised later without breaking old hashes.
 */
const N = 16384
const R = 8
const P = 1
const KEY_LENGTH = 32

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, R, P)
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? '').split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [n, r, p] = parts.slice(1, 4).map(Number)
  if (![n, r, p].every((v) => Number.isInteger(v) && v > 0) || n > 1 << 20) return false
  const expected = Buffer.from(parts[5], 'base64')
  if (expected.length !== KEY_LENGTH) return false
  const key = await derive(password, Buffer.from(parts[4], 'base64'), n, r, p)
  return timingSafeEqual(key, expected)
}
