import { spawn, type ChildProcess } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** The real server as a child process (tsx src/main.ts), as `npm start` runs it. */
export interface ServerProcess {
  child: ChildProcess
  output(): string
  /** Resolves when the output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  exited: Promise<number | null>
  cleanup(): void
}

const root = path.resolve(import.meta.dirname, '../..')

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix))
}

export function startServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const waiters: Array<() => void> = []
  const onData = (d: Buffer) => {
    out += d.toString()
    for (const w of waiters.splice(0)) w()
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`)), timeoutMs)
        const check = () => {
          const m = out.match(pattern)
          if (m) {
            clearTimeout(timer)
            resolve(m)
          } else waiters.push(check)
        }
        check()
      })
    },
    cleanup() {
      if (child.exitCode === null) child.kill('SIGKILL')
    },
  }
}

/** A self-signed certificate for 127.0.0.1/localhost, made with the system's openssl. */
export function selfSignedCert(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem')
  const key = path.join(dir, 'key.pem')
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' })
  return { cert, key }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}
