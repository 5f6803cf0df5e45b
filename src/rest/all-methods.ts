import type { AnyMethod } from './define-method.js'
import { systemMethods } from '../system/system.methods.js'
import { departmentMethods, userMethods } from '../users/index.js'
import { profileMethods } from '../system/profile.methods.js'
import { appInfoMethods } from '../system/app-info.methods.js'
import { accessMethods } from '../system/access.methods.js'

/** Every domain's list of methods; the registry refuses duplicates at start. */
export const allMethods: AnyMethod[] = [
  ...systemMethods,
  ...userMethods,
  ...departmentMethods,
  ...profileMethods,
  ...appInfoMethods,
  ...accessMethods,
] as AnyMethod[]
