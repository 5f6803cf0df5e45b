import type { Executor } from '../storage/db.js'

/**
 * The users a dialogue shows (operators, customers, bots), read for shaping
 * results. The users domain owns the table; this reads the columns dialogues
 * display and creates the guest users of line customers.
 */
export function peopleByIds(db: Executor, ids: number[]) {
  const wanted = [...new Set(ids.filter((id) => id > 0))]
  if (!wanted.length) return Promise.resolve([])
  return db
    .selectFrom('users')
    .select([
      'id', 'active', 'user_type', 'name', 'last_name', 'email', 'xml_id', 'work_position', 'personal_gender',
      'personal_birthday', 'personal_photo', 'personal_www', 'departments', 'is_online', 'last_activity',
    ])
    .where('id', 'in', wanted)
    .orderBy('id')
    .execute()
}

export type Person = Awaited<ReturnType<typeof peopleByIds>>[number]

export async function personName(db: Executor, id: number): Promise<string> {
  const [p] = await peopleByIds(db, [id])
  return p ? `${p.name} ${p.last_name}`.trim() : ''
}

export interface GuestInput {
  xmlId: string
  name: string
  lastName: string
  email: string
  phone: string
  photo: string | null
  www: string
  gender: string
}

/** The customer's guest user ('imconnector'), created on their first message and found afterwards. */
export async function findOrCreateGuest(db: Executor, g: GuestInput): Promise<number> {
  await db
    .insertInto('users')
    .values({
      user_type: 'imconnector', name: g.name, last_name: g.lastName, email: g.email, xml_id: g.xmlId, personal_mobile: g.phone,
      personal_photo: g.photo, personal_www: g.www, personal_gender: g.gender, personal_birthday: null, password_hash: null,
      last_login: null, last_activity: null,
    })
    .onConflict((oc) => oc.column('xml_id').where('user_type', '=', 'imconnector').doNothing())
    .execute()
  const row = await db.selectFrom('users').select('id').where('user_type', '=', 'imconnector').where('xml_id', '=', g.xmlId).executeTakeFirstOrThrow()
  return row.id
}
