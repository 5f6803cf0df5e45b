import { Type } from '@sinclair/typebox'
import { defineMethod } from '../rest/define-method.js'
import { getUser } from '../users/index.js'

/**
 * `profile` and `user.admin` (api-reference/common/users/): what any caller
 * may learn about itself without a user scope.
 */
export const profile = defineMethod({
  name: 'profile',
  scope: 'basic',
  description: 'Basic data of the calling user: ID, ADMIN, names, gender, time zone, photo.',
  input: Type.Object({}),
  handler: async ({ actor, tx }) => {
    const me = await getUser(tx, actor.userId)
    // profile.md: "If the user is inactive, the object is empty".
    if (!me || !me.active) return {}
    return {
      ID: String(me.id),
      ADMIN: actor.isAdmin,
      NAME: me.name,
      LAST_NAME: me.lastName,
      PERSONAL_GENDER: me.personalGender,
      TIME_ZONE: me.timeZone,
      ...(me.personalPhoto ? { PERSONAL_PHOTO: me.personalPhoto } : {}),
    }
  },
})

export const userAdmin = defineMethod({
  name: 'user.admin',
  scope: 'basic',
  description: 'Whether the calling user may manage application settings (is an administrator).',
  input: Type.Object({}),
  transaction: false,
  handler: async ({ actor }) => actor.isAdmin,
})

export const profileMethods = [profile, userAdmin]
