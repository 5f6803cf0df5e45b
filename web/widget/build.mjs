// Builds the widget's browser code into web/widget/dist (run by `npm run build` and before the tests that need it).
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
await build({
  entryPoints: { loader: `${here}loader.ts`, widget: `${here}widget.ts` },
  outdir: `${here}dist`,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  logLevel: 'warning',
})
