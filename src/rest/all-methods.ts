import type { AnyMethod } from './define-method.js'
import { systemMethods } from '../system/system.methods.js'
import { dialogueMethods } from '../sessions/methods.js'

/** Every domain's list of methods; the registry refuses duplicates at start. */
export const allMethods: AnyMethod[] = [
  ...systemMethods,
  ...dialogueMethods,
] as AnyMethod[]
