/**
 * The user profile fields of user.get / user.fields / user.add, in the order
 * Bitrix24 lists them, with what each scope version may see
 * (api-reference/user/index.md "User Data Access Levels": `user_brief` sees
 * names without contacts, `user_basic` adds contacts, `user` sees everything).
 */
export type AccessLevel = 'brief' | 'basic' | 'full'

/** How a field is stored and shown. */
export type FieldKind =
  | 'id' // integer column, shown as a string
  | 'text' // text column
  | 'flag' // boolean column shown as true/false (ACTIVE)
  | 'yn' // boolean column shown as "Y"/"N" (IS_ONLINE)
  | 'day' // a date, shown as midnight ISO 8601 (DATE_REGISTER, PERSONAL_BIRTHDAY)
  | 'datetime' // a moment, shown as ISO 8601
  | 'departments' // UF_DEPARTMENT: array of department ids
  | 'extra' // any other profile field: a string (or list) kept as given

/** Stored columns a field may map to (UserRecord properties). */
export type UserProp =
  | 'id'
  | 'xmlId'
  | 'active'
  | 'name'
  | 'lastName'
  | 'secondName'
  | 'email'
  | 'lastLogin'
  | 'dateRegister'
  | 'timeZone'
  | 'isOnline'
  | 'updatedAt'
  | 'lastActivity'
  | 'personalGender'
  | 'personalWww'
  | 'personalBirthday'
  | 'personalPhoto'
  | 'personalPhone'
  | 'personalMobile'
  | 'personalCity'
  | 'workPhone'
  | 'workPosition'
  | 'departments'
  | 'userType'

export interface UserField {
  code: string
  /** user.fields answer. */
  label: string
  kind: FieldKind
  /** The stored column; fields without one live in the profile's `extra` map. */
  prop: UserProp | null
  /** The lowest scope version that sees the field. */
  level: AccessLevel
  /** Settable through user.add / user.update. */
  writable: boolean
  /** Shown even when empty (Bitrix24 leaves out unset fields except these). */
  always: boolean
}

function f(code: string, label: string, kind: FieldKind, prop: UserProp | null, level: AccessLevel, opts: Partial<Pick<UserField, 'writable' | 'always'>> = {}): UserField {
  return { code, label, kind, prop, level, writable: opts.writable ?? true, always: opts.always ?? prop !== null }
}

const extra = (code: string, label: string, level: AccessLevel) => f(code, label, 'extra', null, level)

export const USER_FIELDS: readonly UserField[] = [
  f('ID', 'ID', 'id', 'id', 'brief', { writable: false }),
  f('XML_ID', 'External code', 'text', 'xmlId', 'brief', { always: false }),
  f('ACTIVE', 'Activity', 'flag', 'active', 'brief'),
  f('NAME', 'First Name', 'text', 'name', 'brief'),
  f('LAST_NAME', 'Last Name', 'text', 'lastName', 'brief'),
  f('SECOND_NAME', 'Middle Name', 'text', 'secondName', 'brief'),
  extra('TITLE', 'User List', 'brief'),
  f('EMAIL', 'E-Mail', 'text', 'email', 'basic'),
  f('LAST_LOGIN', 'Last Authorization', 'datetime', 'lastLogin', 'full', { writable: false }),
  f('DATE_REGISTER', 'Registration Date', 'day', 'dateRegister', 'brief', { writable: false }),
  f('TIME_ZONE', 'TIME_ZONE', 'text', 'timeZone', 'brief'),
  f('IS_ONLINE', 'IS_ONLINE', 'yn', 'isOnline', 'brief', { writable: false }),
  f('TIMESTAMP_X', 'TIMESTAMP_X', 'datetime', 'updatedAt', 'brief', { writable: false }),
  f('LAST_ACTIVITY_DATE', 'LAST_ACTIVITY_DATE', 'datetime', 'lastActivity', 'brief', { writable: false, always: false }),
  f('PERSONAL_GENDER', 'Gender', 'text', 'personalGender', 'brief'),
  extra('PERSONAL_PROFESSION', 'Profession', 'brief'),
  f('PERSONAL_WWW', 'Homepage', 'text', 'personalWww', 'full'),
  f('PERSONAL_BIRTHDAY', 'Date of Birth', 'day', 'personalBirthday', 'brief'),
  f('PERSONAL_PHOTO', 'Photo', 'text', 'personalPhoto', 'brief', { writable: false, always: false }),
  extra('PERSONAL_ICQ', 'ICQ', 'full'),
  f('PERSONAL_PHONE', 'Personal Phone', 'text', 'personalPhone', 'basic'),
  extra('PERSONAL_FAX', 'Fax', 'basic'),
  f('PERSONAL_MOBILE', 'Personal Mobile', 'text', 'personalMobile', 'basic'),
  extra('PERSONAL_PAGER', 'Pager', 'basic'),
  extra('PERSONAL_STREET', 'Residential Street', 'basic'),
  f('PERSONAL_CITY', 'Residential City', 'text', 'personalCity', 'brief'),
  extra('PERSONAL_STATE', 'State / Region', 'brief'),
  extra('PERSONAL_ZIP', 'Zip Code', 'basic'),
  extra('PERSONAL_COUNTRY', 'Country', 'brief'),
  extra('PERSONAL_MAILBOX', 'P.O. Box', 'basic'),
  extra('PERSONAL_NOTES', 'Additional Notes', 'basic'),
  f('WORK_PHONE', 'Company Phone', 'text', 'workPhone', 'basic'),
  extra('WORK_COMPANY', 'Company', 'basic'),
  f('WORK_POSITION', 'Job Title', 'text', 'workPosition', 'brief'),
  extra('WORK_DEPARTMENT', 'Department', 'basic'),
  extra('WORK_WWW', 'Company Website', 'basic'),
  extra('WORK_FAX', 'WORK_FAX', 'basic'),
  extra('WORK_PAGER', 'WORK_PAGER', 'basic'),
  extra('WORK_STREET', 'WORK_STREET', 'basic'),
  extra('WORK_MAILBOX', 'WORK_MAILBOX', 'basic'),
  extra('WORK_CITY', 'Work City', 'brief'),
  extra('WORK_STATE', 'WORK_STATE', 'brief'),
  extra('WORK_ZIP', 'WORK_ZIP', 'basic'),
  extra('WORK_COUNTRY', 'WORK_COUNTRY', 'brief'),
  extra('WORK_PROFILE', 'WORK_PROFILE', 'basic'),
  { ...extra('WORK_LOGO', 'WORK_LOGO', 'basic'), writable: false },
  extra('WORK_NOTES', 'WORK_NOTES', 'basic'),
  extra('UF_SKYPE_LINK', 'Skype Chat Link', 'basic'),
  extra('UF_ZOOM', 'Zoom', 'basic'),
  extra('UF_EMPLOYMENT_DATE', 'Hire Date', 'brief'),
  extra('UF_TIMEMAN', 'Time Tracking', 'brief'),
  f('UF_DEPARTMENT', 'Units', 'departments', 'departments', 'brief'),
  extra('UF_INTERESTS', 'Interests', 'brief'),
  extra('UF_SKILLS', 'Skills', 'brief'),
  extra('UF_WEB_SITES', 'Other Websites', 'basic'),
  extra('UF_XING', 'Xing', 'basic'),
  extra('UF_LINKEDIN', 'LinkedIn', 'basic'),
  extra('UF_FACEBOOK', 'Facebook', 'basic'),
  extra('UF_TWITTER', 'Twitter', 'basic'),
  extra('UF_SKYPE', 'Skype', 'basic'),
  extra('UF_DISTRICT', 'District', 'basic'),
  extra('UF_PHONE_INNER', 'Extension', 'brief'),
  // USER_TYPE is given to every scope version (it tells employees from extranet and mail users).
  f('USER_TYPE', 'USER_TYPE', 'text', 'userType', 'brief', { writable: false }),
]

const BY_CODE = new Map(USER_FIELDS.map((x) => [x.code, x]))

export function userField(code: string): UserField | undefined {
  return BY_CODE.get(code.toUpperCase())
}

const RANK: Record<AccessLevel, number> = { brief: 0, basic: 1, full: 2 }

export function visibleAt(field: UserField, level: AccessLevel): boolean {
  return RANK[field.level] <= RANK[level]
}

/** The fields a caller with this scope version sees, in Bitrix24's order. */
export function fieldsAt(level: AccessLevel): UserField[] {
  return USER_FIELDS.filter((x) => visibleAt(x, level))
}
