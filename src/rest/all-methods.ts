import type { AnyMethod } from './define-method.js'
import { systemMethods } from '../system/system.methods.js'
import { batchMethods } from '../system/batch.methods.js'

/** Every domain's list of methods; the registry refuses duplicates at start. */
export const allMethods: AnyMethod[] = [
  ...systemMethods,
  ...batchMethods,
] as AnyMethod[]
