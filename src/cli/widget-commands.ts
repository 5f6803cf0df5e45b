import type { Deps } from '../deps.js'
import { getLine } from '../lines/index.js'
import { rotateWidgetSecret, widgetSecret } from '../widget/widget-identity.js'
import { CliError, parse, positiveInt, UsageError } from './cli-args.js'
import type { Out } from './run.js'

/** `openlines widget secret LINE_ID [--rotate]`: the secret sites sign visitor identities with (docs/widget.md). */
export async function widgetSecretCommand(args: string[], open: () => Promise<Deps>, out: Out): Promise<void> {
  const { values, positionals } = parse(args, { rotate: { type: 'boolean' } }, true)
  if (positionals.length !== 1) throw new UsageError('widget secret takes one line id')
  const lineId = positiveInt('the line id', positionals[0])
  const deps = await open()
  const secret = await deps.db.transaction().execute(async (tx) => {
    if (!(await getLine(tx, lineId))) throw new CliError(`line ${lineId} does not exist`)
    return values.rotate ? rotateWidgetSecret(tx, deps.ids, deps.clock, lineId) : widgetSecret(tx, deps.ids, deps.clock, lineId)
  })
  out(values.rotate ? `rotated the widget secret of line ${lineId}; identities signed with the old one are refused now` : `widget secret of line ${lineId}:`)
  out(`  ${secret}`)
}
