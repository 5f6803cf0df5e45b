// Builds the operator console into web/console/dist (run by `npm run build`, `npm test` and before the browser tests).
import { build } from 'esbuild'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const out = `${here}dist`
rmSync(out, { recursive: true, force: true })
mkdirSync(`${out}/assets`, { recursive: true })
const result = await build({
  entryPoints: { app: `${here}src/main.tsx` },
  outdir: `${out}/assets`,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  target: ['chrome110', 'firefox110', 'safari16'],
  metafile: true,
  logLevel: 'warning',
})
const outputs = Object.entries(result.metafile.outputs)
const entry = outputs.find(([, o]) => o.entryPoint)
const js = entry ? basename(entry[0]) : ''
const css = entry?.[1].cssBundle ? basename(entry[1].cssBundle) : ''
writeFileSync(`${out}/index.html`, `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>openlines console</title>
${css ? `<link rel="stylesheet" href="/console/assets/${css}">` : ''}
<script type="module" src="/console/assets/${js}"></script>
</head>
<body><div id="app"></div></body>
</html>
`)
