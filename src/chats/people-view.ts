import { toBitrixDate } from '../platform/dates.js'
import type { Person } from './people.repo.js'

const COLORS = ['#4ba984', '#df532d', '#1eb4aa', '#ab7761', '#29619b', '#e8a441', '#58cc47', '#ba9c7b']

export const userColor = (id: number): string => COLORS[id % COLORS.length]

function kind(p: Person) {
  const bot = p.user_type === 'bot'
  const connector = p.user_type === 'imconnector'
  return {
    bot,
    connector,
    extranet: p.user_type === 'extranet',
    network: p.user_type === 'network',
    externalAuthId: connector ? 'imconnector' : bot ? 'bot' : 'default',
    type: bot ? 'bot' : p.user_type === 'extranet' ? 'extranet' : 'user',
  }
}

const fullName = (p: Person) => `${p.name} ${p.last_name}`.trim()
const birthday = (p: Person) => (p.personal_birthday ? String(p.personal_birthday).slice(5, 10).split('-').reverse().join('-') : '')
const gender = (p: Person) => (p.personal_gender === 'M' || p.personal_gender === 'F' ? p.personal_gender : 'M')

/** A user as im.* methods show one (snake_case, im.dialog.messages.get and im.recent.list). */
export function imUser(p: Person) {
  const k = kind(p)
  return {
    id: p.id, active: p.active, name: fullName(p), first_name: p.name, last_name: p.last_name, work_position: p.work_position,
    color: userColor(p.id), avatar: p.personal_photo ?? '', avatar_hr: p.personal_photo ?? '', gender: gender(p), birthday: birthday(p),
    extranet: k.extranet, network: k.network, bot: k.bot, connector: k.connector, external_auth_id: k.externalAuthId,
    status: p.is_online ? 'online' : 'offline', idle: false,
    last_activity_date: p.last_activity ? toBitrixDate(p.last_activity) : false, mobile_last_date: false, desktop_last_date: false,
    absent: false, departments: p.departments, phones: false, bot_data: null, type: k.type, website: p.personal_www, email: p.email,
  }
}

/** A user as imopenlines.session.history.get shows one (camelCase, ids as strings). */
export function historyUser(p: Person) {
  const k = kind(p)
  return {
    id: String(p.id), name: fullName(p), active: p.active, firstName: p.name, lastName: p.last_name, workPosition: p.work_position || null,
    color: userColor(p.id), avatar: p.personal_photo ?? '', avatarId: null, birthday: birthday(p), gender: gender(p), phoneDevice: false,
    phones: false, extranet: k.extranet, network: k.network, bot: k.bot, connector: k.connector, profile: `/company/personal/user/${p.id}/`,
    externalAuthId: k.externalAuthId, status: p.is_online ? 'online' : 'offline', idle: false,
    lastActivityDate: p.last_activity ? toBitrixDate(p.last_activity) : false, mobileLastDate: false, desktopLastDate: false,
    departments: p.departments, absent: false, type: k.type, services: null, botData: null,
  }
}
