import type { AnyMethod } from './define-method.js'
import { systemMethods } from '../system/system.methods.js'
import { lineMethods } from '../lines/lines.methods.js'
import { lineAccessMethods } from '../lines/line-access.methods.js'
import { quickAnswerMethods } from '../quick-answers/quick-answers.methods.js'

/** Every domain's list of methods; the registry refuses duplicates at start. */
export const allMethods: AnyMethod[] = [
  ...systemMethods,
  ...lineMethods,
  ...lineAccessMethods,
  ...quickAnswerMethods,
] as AnyMethod[]
