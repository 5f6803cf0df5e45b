import { Type } from '@sinclair/typebox'
import { runBatch } from '../rest/batch.js'
import { defineMethod } from '../rest/define-method.js'
import { yes } from '../rest/flags.js'

export const batch = defineMethod({
  name: 'batch',
  scope: 'basic',
  description: 'Runs up to 50 commands in one call, in order; later commands may use $result[key][field] of earlier ones.',
  input: Type.Object({
    cmd: Type.Union([Type.Array(Type.Unknown()), Type.Record(Type.String(), Type.Unknown())]),
    halt: Type.Optional(Type.Unknown()),
  }),
  errors: ['ERROR_BATCH_METHOD_NOT_ALLOWED', 'ERROR_BATCH_LENGTH_EXCEEDED'],
  // Each command runs in its own transaction through the dispatcher, as if called alone.
  transaction: false,
  // batch.md: no batch inside batch (rest 24.0.0).
  batch: false,
  handler: ({ input, actor, dispatch }) => runBatch(input.cmd, yes(input.halt), actor, dispatch),
})

export const batchMethods = [batch]
