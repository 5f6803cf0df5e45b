import type { Executor } from '../storage/db.js'
import { departmentNames, withAncestors } from './departments.repo.js'
import { findUser, usersByIds } from './users.repo.js'

/**
 * Access codes (api-reference/common/users/user-access.md): `AU` every
 * signed-in user, `U<id>` one user, `G<id>` a group (G1 administrators,
 * G2 everyone), and the company-structure codes Bitrix24 also gives an
 * employee: `D<id>` their department, `DR<id>` that department or any
 * department above it ("with sub-departments").
 */
export async function accessCodesOf(db: Executor, userId: number): Promise<Set<string>> {
  const user = await findUser(db, userId)
  if (!user || !user.active) return new Set()
  const codes = new Set(['AU', 'G2', `U${user.id}`])
  if (user.isAdmin) codes.add('G1')
  for (const d of user.departments) codes.add(`D${d}`)
  for (const d of await withAncestors(db, user.departments)) codes.add(`DR${d}`)
  return codes
}

export interface AccessName {
  provider: string
  name: string
  provider_id: string
}

const FIXED: Record<string, AccessName> = {
  AU: { provider: '', name: 'All authorized users', provider_id: 'other' },
  G1: { provider: '', name: 'Administrators', provider_id: 'group' },
  G2: { provider: '', name: 'All visitors', provider_id: 'other' },
}

/** Names of the codes that exist here; unknown codes are left out (access-name.md). */
export async function accessNames(db: Executor, codes: string[]): Promise<Record<string, AccessName>> {
  const out: Record<string, AccessName> = {}
  const userIds = codes.flatMap((c) => (/^U\d+$/.test(c) ? [Number(c.slice(1))] : []))
  const deptIds = codes.flatMap((c) => (/^DR?\d+$/.test(c) ? [Number(c.replace(/^DR?/, ''))] : []))
  const users = new Map((await usersByIds(db, userIds)).map((u) => [u.id, [u.name, u.lastName].filter(Boolean).join(' ')]))
  const depts = await departmentNames(db, deptIds)
  for (const code of codes) {
    const named = Object.hasOwn(FIXED, code) ? FIXED[code] : nameOf(code, users, depts)
    if (named) out[code] = named
  }
  return out
}

function nameOf(code: string, users: Map<number, string>, depts: Map<number, string>): AccessName | null {
  const match = /^(U|D|DR)(\d+)$/.exec(code)
  if (!match) return null
  const id = Number(match[2])
  if (match[1] === 'U') {
    const name = users.get(id)
    return name === undefined ? null : { provider: 'Users', name, provider_id: 'user' }
  }
  const dept = depts.get(id)
  if (dept === undefined) return null
  return { provider: 'Departments', name: match[1] === 'DR' ? `${dept} (with sub-departments)` : dept, provider_id: 'intranet' }
}
