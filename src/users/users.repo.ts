import type { Generated } from 'kysely'
import type { Executor } from '../storage/db.js'

export interface UsersTable {
  id: Generated<number>
  active: Generated<boolean>
  user_type: Generated<string>
  is_admin: Generated<boolean>
  name: Generated<string>
  last_name: Generated<string>
  second_name: Generated<string>
  email: Generated<string>
  xml_id: string | null
  work_position: Generated<string>
  personal_gender: Generated<string>
  personal_birthday: string | null
  personal_phone: Generated<string>
  personal_mobile: Generated<string>
  personal_city: Generated<string>
  personal_www: Generated<string>
  personal_photo: string | null
  work_phone: Generated<string>
  time_zone: Generated<string>
  departments: Generated<number[]>
  extra: Generated<Record<string, unknown>>
  password_hash: string | null
  date_register: Generated<Date>
  last_login: Date | null
  is_online: Generated<boolean>
  last_activity: Date | null
}

export interface DepartmentsTable {
  id: Generated<number>
  name: string
  sort: Generated<number>
  parent_id: number | null
  head_id: number | null
  created_at: Generated<Date>
}

declare module '../storage/schema.js' {
  interface Database {
    users: UsersTable
    departments: DepartmentsTable
  }
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export function insertUser(
  db: Executor,
  fields: { name: string; lastName?: string; email?: string; isAdmin?: boolean; userType?: string; departments?: number[] },
) {
  return db
    .insertInto('users')
    .values({
      name: fields.name,
      last_name: fields.lastName ?? '',
      email: fields.email ?? '',
      is_admin: fields.isAdmin ?? false,
      user_type: fields.userType ?? 'employee',
      departments: fields.departments ?? [],
      xml_id: null,
      personal_birthday: null,
      personal_photo: null,
      password_hash: null,
      last_login: null,
      last_activity: null,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow()
}
