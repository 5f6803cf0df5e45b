import type { AnyMethod } from './define-method.js'
import { systemMethods } from '../system/system.methods.js'
import { appsMethods } from '../apps/index.js'
import { eventsMethods } from '../events/index.js'
import { dialogueMethods } from '../sessions/methods.js'

/** Every domain's list of methods; the registry refuses duplicates at start. */
export const allMethods: AnyMethod[] = [
  ...systemMethods,
  ...appsMethods,
  ...eventsMethods,
  ...dialogueMethods,
] as AnyMethod[]
