import type { Deps } from '../deps.js'
import { isRestError } from '../platform/errors.js'
import { LISTED_TYPES, listAllUsers, readProfile, topDepartment, userErrors, validEmail } from '../users/index.js'
import { CliError, parse, positiveInt, required, table, UsageError } from './cli-args.js'
import type { Out } from './run.js'



/** `openlines user add`: an employee, checked as user.add checks one (e-mail, departments). */
export async function userAdd(args: string[], open: () => Promise<Deps>, out: Out): Promise<void> {
  const { values } = parse(args, {
    name: { type: 'string' },
    'last-name': { type: 'string' },
    email: { type: 'string' },
    admin: { type: 'boolean' },
    department: { type: 'string', multiple: true },
  })
  const name = required('--name', values.name)
  if (values.email !== undefined && !validEmail(values.email.trim())) throw new UsageError(`--email: not a valid e-mail address: "${values.email}"`)
  const departments = (values.department ?? []).map((d) => positiveInt('--department', d))
  const deps = await open()
  try {
    const id = await deps.db.transaction().execute(async (tx) => {
      const top = departments.length ? null : await topDepartment(tx)
      const fields = { NAME: name, LAST_NAME: values['last-name'] ?? '', EMAIL: values.email ?? '', UF_DEPARTMENT: departments.length ? departments : top ? [top.id] : [] }
      const profile = readProfile(fields, (field, why) => userErrors.invalidTypeField(field, why))
      return deps.users.add(null, { profile, isAdmin: values.admin ?? false, requireDepartment: false }, tx)
    })
    out(`created user ${id}: ${[name, values['last-name']].filter(Boolean).join(' ')}${values.admin ? ' (administrator)' : ''}`)
  } catch (e) {
    // What user.add refuses once the arguments are well-formed (a taken e-mail, an unknown department).
    if (isRestError(e)) throw new CliError(e.description)
    throw e
  }
}

/** `openlines user list`. */
export async function userList(args: string[], open: () => Promise<Deps>, out: Out): Promise<void> {
  const { values } = parse(args, { all: { type: 'boolean' } })
  const deps = await open()
  const users = await listAllUsers(deps.db, values.all ? null : [...LISTED_TYPES])
  const rows = users.map((u) => [
    String(u.id),
    [u.name, u.lastName].filter(Boolean).join(' '),
    u.email,
    u.userType,
    u.isAdmin ? 'yes' : '',
    u.active ? 'yes' : 'no',
    u.departments.join(','),
  ])
  out(table(['ID', 'NAME', 'EMAIL', 'TYPE', 'ADMIN', 'ACTIVE', 'DEPARTMENTS'], rows))
}
