import type { CrmEntity, CrmService, CrmType } from '../crm/index.js'
import type { Clock } from '../platform/clock.js'
import type { ChatRow } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { bindingOf, logTracker, type Binding } from './crm-chats.repo.js'

/**
 * CRM_CHAT_TRACKER: phone numbers and e-mail addresses a customer writes in
 * a dialogue go to the CRM. A value the CRM already holds identifies the
 * customer, and the chat is bound to that contact (with its company), else
 * company, else lead, wherever the chat has none of that type yet; a new
 * value is added to the chat's contact, else lead, else company. So a
 * customer who writes from another channel and gives the same phone or
 * e-mail ends up on the same CRM object. Every step is a row in
 * crm_chat_tracker and a system note to the operators.
 */

export interface ContactDetail {
  field: 'PHONE' | 'EMAIL'
  value: string
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
const URL = /\b(?:https?:\/\/|www\.)\S+/gi
// Digits with the separators people type in phone numbers; 7 to 15 digits (E.164) make a phone.
const PHONE = /(?:\+|\()?\d[\d\s().-]{5,22}\d/g
const DATE_LIKE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/

/** The phone numbers and e-mail addresses in a message, each once, in the order written. */
export function contactDetails(text: string): ContactDetail[] {
  const out: ContactDetail[] = []
  const seen = new Set<string>()
  const push = (field: ContactDetail['field'], value: string, key: string) => {
    if (seen.has(`${field}:${key}`)) return
    seen.add(`${field}:${key}`)
    out.push({ field, value })
  }
  for (const m of text.matchAll(EMAIL)) push('EMAIL', m[0], m[0].toLowerCase())
  const rest = text.replace(EMAIL, ' ').replace(URL, ' ')
  for (const m of rest.matchAll(PHONE)) {
    const value = m[0].trim()
    const digits = value.replace(/\D/g, '')
    if (digits.length < 7 || digits.length > 15 || DATE_LIKE.test(value)) continue
    push('PHONE', value, digits)
  }
  return out
}

/** Cheap: whether a message may hold contact details at all (the engine keeps others on its fast path). */
export function mayHoldContactDetails(text: string): boolean {
  return text.includes('@') || /\d[\d\s().-]{5,}\d/.test(text)
}

type Note = (tx: Executor, chat: ChatRow, sessionId: number, code: string, text: string) => Promise<void>
type Bind = (tx: Executor, chat: ChatRow, s: { sessionId: number | null; userId: number }, patch: Partial<Binding>, reason: 'found') => Promise<void>

const NONE: Binding = { lead: 0, deal: 0, contact: 0, company: 0 }
const TITLE: Record<CrmType, string> = { lead: 'lead', deal: 'deal', contact: 'contact', company: 'company' }

/** What a known value binds: the types the chat lacks, a contact first (with its company), else a company, else a lead. */
function bindingFor(b: Binding, m: { contacts: CrmEntity[]; companies: CrmEntity[]; leads: CrmEntity[] }): Partial<Binding> {
  const contact = m.contacts[0]
  if (contact && !b.contact) {
    const company = contact.links.companyIds?.[0] ?? 0
    return { contact: contact.id, ...(company && !b.company ? { company } : {}) }
  }
  if (m.companies[0] && !b.company) return { company: m.companies[0].id }
  if (m.leads[0] && !b.lead) return { lead: m.leads[0].id }
  return {}
}

export function createChatTracker(d: { crm: CrmService; clock: Clock; bind: Bind; note: Note }) {
  async function saveTo(tx: Executor, b: Binding): Promise<CrmEntity | null> {
    for (const type of ['contact', 'lead', 'company'] as const) {
      if (b[type] > 0) return d.crm.getEntity(tx, type, b[type])
    }
    return null
  }

  type Seen = ContactDetail & { holders: CrmEntity[]; matches: { contacts: CrmEntity[]; companies: CrmEntity[]; leads: CrmEntity[] } }
  type At = { sessionId: number; messageId: number }

  function logFor(tx: Executor, chat: ChatRow, at: At, detail: ContactDetail) {
    return (action: 'found' | 'extend', type: CrmType, id: number) => logTracker(tx, {
      chat_id: chat.id, session_id: at.sessionId, message_id: at.messageId, action, entity_type: type, entity_id: id,
      field: detail.field, value: detail.value, created_at: d.clock.now(),
    })
  }

  /** A value the CRM holds: binds the chat to its holder where the chat has no object of that type. */
  async function identify(tx: Executor, chat: ChatRow, at: At, seen: Seen): Promise<void> {
    const b = (await bindingOf(tx, chat.id)) ?? NONE
    if (seen.holders.some((h) => b[h.type] === h.id)) return
    const patch = bindingFor(b, seen.matches)
    const entries = Object.entries(patch) as Array<[CrmType, number]>
    if (!entries.length) return
    await d.bind(tx, chat, { sessionId: at.sessionId, userId: 0 }, patch, 'found')
    for (const [type, id] of entries) await logFor(tx, chat, at, seen)('found', type, id)
  }

  /** A value the CRM does not hold: added to the chat's contact, else lead, else company. */
  async function extend(tx: Executor, chat: ChatRow, at: At, detail: ContactDetail): Promise<void> {
    const target = await saveTo(tx, (await bindingOf(tx, chat.id)) ?? NONE)
    if (!target) return
    const system = { userId: target.assignedById, isAdmin: true, isEmployee: true }
    await d.crm.update(tx, target.type, target.id, { [detail.field === 'PHONE' ? 'phone' : 'email']: [{ value: detail.value, valueType: 'WORK' }] }, system)
    await logFor(tx, chat, at, detail)('extend', target.type, target.id)
    const what = detail.field === 'PHONE' ? 'phone number' : 'e-mail'
    await d.note(tx, chat, at.sessionId, 'CRM_TRACKER_SAVED', `[b]The customer's ${what} ${detail.value} was saved to the ${TITLE[target.type]} #${target.id}[/b]`)
  }

  /**
   * A customer's message on a line with CRM_CHAT_TRACKER=Y. Values that
   * identify the customer are applied first, so the others in the same
   * message go to the object found.
   */
  return async function customerMessage(tx: Executor, chat: ChatRow, at: At, text: string): Promise<void> {
    const seen: Seen[] = []
    for (const detail of contactDetails(text)) {
      const matches = await d.crm.findByCommunication(tx, detail.field === 'PHONE' ? { phone: detail.value } : { email: detail.value })
      seen.push({ ...detail, matches, holders: [...matches.contacts, ...matches.companies, ...matches.leads] })
    }
    for (const s of seen) if (s.holders.length) await identify(tx, chat, at, s)
    for (const s of seen) if (!s.holders.length) await extend(tx, chat, at, s)
  }
}
