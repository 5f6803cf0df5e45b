import { sql, type ColumnType, type Generated, type Selectable, type Updateable } from 'kysely'
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
  /** Read as an object, written as its JSON text. */
  extra: ColumnType<Record<string, unknown>, string | undefined, string>
  password_hash: string | null
  date_register: Generated<Date>
  last_login: Date | null
  is_online: Generated<boolean>
  last_activity: Date | null
  updated_at: Generated<Date>
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

/**
 * Who a user is: employees and extranet users work in the account; `email`
 * users wrote in by mail; `bot`, `imconnector` (customers of open lines) and
 * `network` users are system rows that user.get never lists.
 */
export type UserType = 'employee' | 'extranet' | 'email' | 'bot' | 'imconnector' | 'network'

/** Ids are PostgreSQL integers: a number outside their range names nothing (and must not reach a query). */
export const MAX_ID = 2147483647

export function isStorableId(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n <= MAX_ID
}

/** A user as the domain sees it. */
export interface UserRecord {
  id: number
  active: boolean
  userType: string
  isAdmin: boolean
  name: string
  lastName: string
  secondName: string
  email: string
  xmlId: string | null
  workPosition: string
  personalGender: string
  /** YYYY-MM-DD */
  personalBirthday: string | null
  personalPhone: string
  personalMobile: string
  personalCity: string
  personalWww: string
  personalPhoto: string | null
  workPhone: string
  timeZone: string
  departments: number[]
  /** Profile fields without a column of their own (WORK_COMPANY, UF_SKYPE, ...), by Bitrix name. */
  extra: Record<string, unknown>
  dateRegister: Date
  lastLogin: Date | null
  isOnline: boolean
  lastActivity: Date | null
  updatedAt: Date
}

/** Columns user.add / user.update may set. */
export interface UserWrite {
  active?: boolean
  userType?: string
  isAdmin?: boolean
  name?: string
  lastName?: string
  secondName?: string
  email?: string
  xmlId?: string | null
  workPosition?: string
  personalGender?: string
  personalBirthday?: string | null
  personalPhone?: string
  personalMobile?: string
  personalCity?: string
  personalWww?: string
  workPhone?: string
  timeZone?: string
  departments?: number[]
  extra?: Record<string, unknown>
}

type UserRow = Omit<Selectable<UsersTable>, 'password_hash' | 'personal_birthday'> & { personal_birthday: string | null }

export function selectUsers(db: Executor) {
  return db
    .selectFrom('users')
    .select([
      'users.id', 'users.active', 'users.user_type', 'users.is_admin', 'users.name', 'users.last_name', 'users.second_name',
      'users.email', 'users.xml_id', 'users.work_position', 'users.personal_gender', 'users.personal_phone',
      'users.personal_mobile', 'users.personal_city', 'users.personal_www', 'users.personal_photo', 'users.work_phone',
      'users.time_zone', 'users.departments', 'users.extra', 'users.date_register', 'users.last_login', 'users.is_online',
      'users.last_activity', 'users.updated_at',
    ])
    // A date column would come back as a local-midnight Date on one driver and a string on another.
    .select(sql<string | null>`to_char(users.personal_birthday, 'YYYY-MM-DD')`.as('personal_birthday'))
}

export function toRecord(r: UserRow): UserRecord {
  return {
    id: r.id, active: r.active, userType: r.user_type, isAdmin: r.is_admin, name: r.name, lastName: r.last_name,
    secondName: r.second_name, email: r.email, xmlId: r.xml_id, workPosition: r.work_position,
    personalGender: r.personal_gender, personalBirthday: r.personal_birthday, personalPhone: r.personal_phone,
    personalMobile: r.personal_mobile, personalCity: r.personal_city, personalWww: r.personal_www,
    personalPhoto: r.personal_photo, workPhone: r.work_phone, timeZone: r.time_zone, departments: r.departments.map(Number),
    extra: r.extra ?? {}, dateRegister: r.date_register, lastLogin: r.last_login, isOnline: r.is_online,
    lastActivity: r.last_activity, updatedAt: r.updated_at,
  }
}

export async function findUser(db: Executor, id: number): Promise<UserRecord | null> {
  if (!isStorableId(id)) return null
  const row = await selectUsers(db).where('users.id', '=', id).executeTakeFirst()
  return row ? toRecord(row) : null
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Is this e-mail (any case) held by an employee, extranet or mail user other than `exceptId`? */
export async function emailTaken(db: Executor, email: string, exceptId = 0): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`lower(email) = lower(${email})`)
    .where('email', '<>', '')
    .where('user_type', 'in', ['employee', 'extranet', 'email'])
    .where('id', '<>', exceptId)
    .executeTakeFirst()
  return Boolean(row)
}

/** Kysely leaves out keys whose value is undefined, so only what the caller set is written. */
function columnsOf(w: UserWrite): Updateable<UsersTable> {
  return {
    active: w.active, user_type: w.userType, is_admin: w.isAdmin, name: w.name, last_name: w.lastName,
    second_name: w.secondName, email: w.email, xml_id: w.xmlId, work_position: w.workPosition,
    personal_gender: w.personalGender, personal_birthday: w.personalBirthday, personal_phone: w.personalPhone,
    personal_mobile: w.personalMobile, personal_city: w.personalCity, personal_www: w.personalWww,
    work_phone: w.workPhone, time_zone: w.timeZone, departments: w.departments,
    extra: w.extra === undefined ? undefined : JSON.stringify(w.extra),
  }
}

export async function insertUserRecord(db: Executor, w: UserWrite, at: Date): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      ...columnsOf(w),
      xml_id: w.xmlId ?? null,
      personal_birthday: w.personalBirthday ?? null,
      personal_photo: null,
      password_hash: null,
      last_login: null,
      last_activity: null,
      date_register: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateUserRecord(db: Executor, id: number, w: UserWrite, at: Date): Promise<void> {
  await db.updateTable('users').set({ ...columnsOf(w), updated_at: at }).where('id', '=', id).execute()
}

/** Kept for the first-start bootstrap and test helpers: a user with the few fields they set. */
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

/** The ids among `ids` that name a user, in ascending order; `activeOnly` leaves out dismissed users. */
export async function existingUserIds(db: Executor, ids: number[], opts: { activeOnly?: boolean; types?: string[] } = {}): Promise<number[]> {
  const wanted = ids.filter(isStorableId)
  if (wanted.length === 0) return []
  let q = db.selectFrom('users').select('id').where(sql<boolean>`id = any(${wanted}::int[])`)
  if (opts.activeOnly) q = q.where('active', '=', true)
  if (opts.types) q = q.where('user_type', 'in', opts.types)
  const rows = await q.orderBy('id').execute()
  return rows.map((r) => r.id)
}

/** Active employees of the departments and all their sub-departments, by ascending id. */
export async function activeEmployeesOf(db: Executor, departmentIds: number[]): Promise<number[]> {
  const wanted = departmentIds.filter(isStorableId)
  if (wanted.length === 0) return []
  const result = await sql<{ id: number }>`
    with recursive tree(id) as (
      select id from departments where id = any(${wanted}::int[])
      union
      select d.id from departments d join tree t on d.parent_id = t.id
    )
    select u.id from users u
    where u.active and u.user_type = 'employee'
      and u.departments && (select coalesce(array_agg(id), '{}') from tree)
    order by u.id`.execute(db)
  return result.rows.map((r) => Number(r.id))
}

/** Every user of the given kinds, by id (the command-line `user list`). */
export async function allUsers(db: Executor, types: string[] | null): Promise<UserRecord[]> {
  let q = selectUsers(db)
  if (types) q = q.where('users.user_type', 'in', types)
  const rows = await q.orderBy('users.id').execute()
  return rows.map(toRecord)
}

/** Users by id, in no particular order; ids that name no user are skipped. */
export async function usersByIds(db: Executor, ids: number[]): Promise<UserRecord[]> {
  const wanted = ids.filter(isStorableId)
  if (wanted.length === 0) return []
  const rows = await selectUsers(db).where(sql<boolean>`users.id = any(${wanted}::int[])`).execute()
  return rows.map(toRecord)
}

/** Active administrators other than `exceptId`. */
export async function otherActiveAdmins(db: Executor, exceptId: number): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_admin', '=', true)
    .where('active', '=', true)
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
