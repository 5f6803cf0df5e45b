import { crmErrors } from './crm.errors.js'
import type { CrmSettings, CrmViewer } from './crm.types.js'

/**
 * CRM rights, in one place. Administrators do everything. Employees use the
 * CRM: they add objects, change and delete those they are responsible for
 * (ASSIGNED_BY_ID), and read what the setting allows: everything when
 * `readAll` is on (the default), else their own objects and those marked
 * "available to everyone" (OPENED=Y). Other users (extranet, bots, customers)
 * have no CRM access.
 */

/** A stored row: its responsible user and its "available to everyone" flag. */
type Owned = Readonly<Record<string, unknown>>

export function assertCrmUser(viewer: CrmViewer): void {
  if (!viewer.isAdmin && !viewer.isEmployee) throw crmErrors.accessDenied()
}

export function canRead(viewer: CrmViewer, settings: CrmSettings, row: Owned): boolean {
  if (viewer.isAdmin) return true
  if (!viewer.isEmployee) return false
  return settings.readAll || row.assigned_by_id === viewer.userId || row.opened === true
}

export function canChange(viewer: CrmViewer, row: Owned): boolean {
  return viewer.isAdmin || (viewer.isEmployee && row.assigned_by_id === viewer.userId)
}

/** For lists: null when the viewer reads everything, else the user whose own and opened objects are visible. */
export function readScope(viewer: CrmViewer, settings: CrmSettings): number | null {
  assertCrmUser(viewer)
  return viewer.isAdmin || settings.readAll ? null : viewer.userId
}
