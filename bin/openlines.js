#!/usr/bin/env node
// The `openlines` command: runs the compiled CLI when the package is built
// (dist/), and the TypeScript source through tsx otherwise (a fresh clone).
// OPENLINES_FROM_SOURCE=1 forces the source, so tests never run a stale build.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const compiled = path.join(root, 'dist', 'src', 'cli', 'main.js')

if (existsSync(compiled) && process.env.OPENLINES_FROM_SOURCE !== '1') {
  await import(pathToFileURL(compiled).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import(pathToFileURL(path.join(root, 'src', 'cli', 'main.ts')).href)
}
