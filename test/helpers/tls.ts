import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface TestCert {
  certPath: string
  keyPath: string
  /** The certificate itself, for clients to trust it as their CA. */
  certPem: string
  remove(): void
}

/**
 * A throwaway self-signed certificate for 127.0.0.1, made with the system's
 * openssl (node:crypto cannot issue certificates). The official JS SDK only
 * calls https:// URLs, so tests that drive it serve over TLS.
 */
export function selfSignedCert(): TestCert {
  const dir = mkdtempSync(path.join(tmpdir(), 'openlines-tls-'))
  const certPath = path.join(dir, 'cert.pem')
  const keyPath = path.join(dir, 'key.pem')
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    { stdio: 'ignore' },
  )
  return { certPath, keyPath, certPem: readFileSync(certPath, 'utf8'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}
