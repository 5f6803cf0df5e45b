import type { Executor } from '../storage/db.js'
import { activeEmployeesOf, activeUsersByIds, departmentSubtrees, type QueueUserRow } from './line-people.repo.js'
import { queueEntries } from './lines.repo.js'
import type { QueueMember } from './lines.types.js'

/**
 * The queues of many lines as routing sees them: entries in their configured
 * order, each department replaced by the active employees of it and of its
 * sub-departments (by user id), each operator once, at their first place.
 * A fixed number of queries whatever the number of lines.
 */
export async function expandQueues(db: Executor, lineIds: readonly number[]): Promise<Map<number, QueueMember[]>> {
  const entries = await queueEntries(db, lineIds)
  const userIds = [...new Set(entries.filter((e) => e.entity_type === 'user').map((e) => e.entity_id))]
  const roots = [...new Set(entries.filter((e) => e.entity_type === 'department').map((e) => e.entity_id))]
  const subtrees = await departmentSubtrees(db, roots)
  const [direct, members] = await Promise.all([
    activeUsersByIds(db, userIds),
    activeEmployeesOf(db, [...new Set(subtrees.map((s) => s.id))]),
  ])
  const userById = new Map(direct.map((u) => [u.id, u]))
  const subtreeOf = new Map<number, Set<number>>()
  for (const s of subtrees) {
    if (!subtreeOf.has(s.root)) subtreeOf.set(s.root, new Set())
    subtreeOf.get(s.root)!.add(s.id)
  }
  const inDepartment = (root: number): QueueUserRow[] => {
    const depts = subtreeOf.get(root)
    return depts ? members.filter((u) => u.departments.some((d) => depts.has(d))) : []
  }

  const out = new Map<number, QueueMember[]>(lineIds.map((id) => [id, []]))
  const seen = new Map<number, Set<number>>(lineIds.map((id) => [id, new Set()]))
  for (const e of entries) {
    const list = out.get(e.line_id)!
    const placed = seen.get(e.line_id)!
    const users = e.entity_type === 'user' ? [userById.get(e.entity_id)].filter((u): u is QueueUserRow => Boolean(u)) : inDepartment(e.entity_id)
    for (const u of users) {
      if (placed.has(u.id)) continue
      placed.add(u.id)
      list.push({ userId: u.id, entryId: e.id, departmentId: e.entity_type === 'department' ? e.entity_id : null, isOnline: u.is_online })
    }
  }
  return out
}
