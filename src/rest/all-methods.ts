import type { AnyMethod } from './define-method.js'
import { systemMethods } from '../system/system.methods.js'
import { crmMethods } from '../crm/index.js'

/** Every domain's list of methods; the registry refuses duplicates at start. */
export const allMethods: AnyMethod[] = [
  ...systemMethods,
  ...crmMethods,
] as AnyMethod[]
