import { readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * PGlite opens its data directory without any lock of its own: a second
 * process (a second server, or the CLI while the server runs) would open the
 * same files and corrupt them. So whoever opens a data directory leaves its
 * pid in `openlines.lock`, and the next opener refuses while that process lives.
 */
export class StoreLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the data directory ${dataDir} is in use by another openlines process (pid ${pid}). ` +
        'The embedded store (PGlite) can be opened by one process at a time: stop that process first, ' +
        'or run the server on PostgreSQL (DATABASE_URL) to use the command-line tool alongside it. ' +
        `If no such process runs, delete ${path.join(dataDir, LOCK_FILE)}.`,
    )
    this.name = 'StoreLockedError'
  }
}

export interface DataDirLock {
  release(): void
}

const LOCK_FILE = 'openlines.lock'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function holderOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

/** Takes the directory for this process; a lock left by a process that died is taken over. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' })
      return {
        release: () => {
          if (holderOf(file) === process.pid) unlinkSync(file)
        },
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const pid = holderOf(file)
      if (pid !== null && pid !== process.pid && alive(pid)) throw new StoreLockedError(dataDir, pid)
      unlinkSync(file)
    }
  }
  throw new Error(`could not lock the data directory ${dataDir}`)
}
