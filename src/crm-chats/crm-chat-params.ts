import { CRM_TYPES, type CrmType } from '../crm/index.js'

/** PHP's empty(): what the pages call "null or empty". */
export const isEmpty = (v: unknown): boolean => v === undefined || v === null || v === '' || v === 0 || v === '0' || v === false

/** CRM_ENTITY_TYPE as the pages list it (lead, deal, company, contact); any case is accepted. */
export function crmTypeOf(raw: unknown): CrmType | null {
  if (typeof raw !== 'string') return null
  const t = raw.trim().toLowerCase()
  return (CRM_TYPES as readonly string[]).includes(t) ? (t as CrmType) : null
}

/** An integer id given as a number or digits; null when it has another type or form. */
export function intOf(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/** Titles of the channels Bitrix24 ships (CONNECTOR_TITLE); an app's own connector shows its id. */
const CONNECTOR_TITLES: Record<string, string> = {
  livechat: 'Live Chat',
  telegrambot: 'Telegram',
  whatsappbytwilio: 'WhatsApp (Twilio)',
  viber: 'Viber',
  facebook: 'Facebook',
  facebookcomments: 'Facebook Comments',
  fbinstagramdirect: 'Instagram Direct',
  vkgroup: 'VK',
  imessage: 'Apple Messages for Business',
  network: 'Bitrix24.Network',
  notifications: 'Bitrix24 CRM SMS',
  olx: 'OLX',
  avito: 'Avito',
  wechat: 'WeChat',
  yandex: 'Yandex Chat',
}

export const connectorTitle = (id: string): string => CONNECTOR_TITLES[id] ?? id
