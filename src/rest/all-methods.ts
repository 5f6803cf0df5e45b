import type { AnyMethod } from './define-method.js'
import { systemMethods } from '../system/system.methods.js'

/** Every domain's list of methods; the registry refuses duplicates at start. */
export const allMethods: AnyMethod[] = [
  ...systemMethods,
] as AnyMethod[]
