import type { CrmEntity, CrmInput, CrmService, CrmType } from '../crm/index.js'
import { getLine, queueUserIds, type LineConfig } from '../lines/index.js'
import type { Clock } from '../platform/clock.js'
import type { ChatRow, DialogueCrm } from '../sessions/index.js'
import { insertMessage } from '../sessions/index.js'
import type { Executor } from '../storage/db.js'
import { getUser } from '../users/index.js'
import { bindingOf, logBindings, setBinding, unbindEntity, type Binding } from './crm-chats.repo.js'
import { createChatTracker, mayHoldContactDetails } from './crm-tracker.service.js'

const NONE: Binding = { lead: 0, deal: 0, contact: 0, company: 0 }

/** The IM value Bitrix24 gives a customer's open-line identity (the chat's USER_CODE). */
export const imolCode = (chat: Pick<ChatRow, 'entity_id'>) => `imol|${chat.entity_id}`

const TYPE_TITLE: Record<CrmType, string> = { lead: 'lead', deal: 'deal', contact: 'contact', company: 'company' }

/**
 * CRM_SOURCE: "create" gives each line and channel its own source, as
 * Bitrix24 does (`<LINE_ID>|<CONNECTOR>`); any other value is a source id.
 */
function sourceOf(line: LineConfig | null, chat: ChatRow): string {
  const own = line?.crmSource ?? 'create'
  return own === 'create' || own === '' ? `${chat.line_id}|${chat.connector_id.toUpperCase()}` : own
}

/**
 * CRM_CREATE_SECOND: the funnel (deal category) of deals the line creates.
 * Only the default funnel 0 exists on this server (there is no
 * crm.category.*), so a value naming another funnel falls back to it.
 */
const DEAL_FUNNELS: ReadonlySet<number> = new Set([0])
function dealFunnel(line: LineConfig | null): number {
  const n = Number(line?.crmCreateSecond || 0)
  return DEAL_FUNNELS.has(n) ? n : 0
}

/**
 * Chats bound to CRM objects: on a customer's new dialogue the customer is
 * looked up in the CRM (contact, then company, then lead, by phone, e-mail
 * or open-line identity), otherwise created as the line says, and the chat
 * is bound; routing asks it for the customer's responsible (CRM_FORWARD).
 */
export function createCrmBinding(d: { crm: CrmService; clock: Clock }) {
  async function customerOf(tx: Executor, chat: ChatRow) {
    const guest = await getUser(tx, chat.guest_user_id)
    return {
      name: guest?.name ?? '', lastName: guest?.lastName ?? '', email: guest?.email ?? '',
      phone: guest?.personalMobile || guest?.personalPhone || '',
    }
  }

  /** The customer's CRM objects by phone, e-mail or channel identity: their contact (and its company), a company, or a lead. */
  async function identify(tx: Executor, chat: ChatRow): Promise<{ found: Partial<Binding>; main: CrmEntity | null }> {
    const c = await customerOf(tx, chat)
    const m = await d.crm.findByCommunication(tx, { phone: c.phone || undefined, email: c.email || undefined, imCode: imolCode(chat) })
    const contact = m.contacts[0]
    if (contact) return { found: { contact: contact.id, company: contact.links.companyIds?.[0] ?? 0 }, main: contact }
    if (m.companies[0]) return { found: { company: m.companies[0].id }, main: m.companies[0] }
    if (m.leads[0]) return { found: { lead: m.leads[0].id }, main: m.leads[0] }
    return { found: {}, main: null }
  }

  /** The object whose responsible the customer belongs to: the chat's binding, else whom the CRM knows. */
  async function knownEntity(tx: Executor, chat: ChatRow): Promise<CrmEntity | null> {
    const b = (await bindingOf(tx, chat.id)) ?? NONE
    for (const type of ['deal', 'lead', 'contact', 'company'] as const) {
      if (b[type] > 0) return d.crm.getEntity(tx, type, b[type])
    }
    return (await identify(tx, chat)).main
  }

  async function crmLine(tx: Executor, chat: ChatRow): Promise<LineConfig | null> {
    const line = await getLine(tx, chat.line_id)
    return line && line.crm ? line : null
  }

  async function systemNote(tx: Executor, chat: { id: number }, sessionId: number | null, code: string, text: string, attach?: unknown) {
    await insertMessage(tx, {
      chatId: chat.id, sessionId, authorId: 0, text, params: { CODE: code, ...(attach ? { ATTACH: attach } : {}) }, isSystem: true,
      toCustomer: false, externalId: null, uuid: null, at: d.clock.now(),
    })
  }

  /** Binds the chat, logs it, and tells the operators in the chat. */
  async function bind(tx: Executor, chat: ChatRow, s: { sessionId: number | null; userId: number }, patch: Partial<Binding>, reason: 'found' | 'created') {
    const entries = (Object.entries(patch) as Array<[CrmType, number]>).filter(([, id]) => id > 0)
    if (!entries.length) return
    await setBinding(tx, chat.id, patch)
    const at = d.clock.now()
    await logBindings(tx, entries.map(([type, id]) => ({
      chat_id: chat.id, entity_type: type, entity_id: id, action: 'bind' as const, reason, session_id: s.sessionId, user_id: s.userId, created_at: at,
    })))
    for (const [type, id] of entries) {
      const link = { NAME: `${TYPE_TITLE[type]} #${id}`, LINK: `/crm/${type}/details/${id}/` }
      const text = reason === 'created' ? `[b]A new ${TYPE_TITLE[type]} has been created[/b]` : `[b]The customer was found in CRM: ${TYPE_TITLE[type]} #${id}[/b]`
      await systemNote(tx, chat, s.sessionId, reason === 'created' ? 'CRM_CREATED' : 'CRM_FOUND', text, [{ LINK: link }])
    }
  }

  /** Creates what CRM_CREATE says for a customer the CRM does not know. */
  async function createFor(tx: Executor, chat: ChatRow, line: LineConfig | null, kind: 'lead' | 'deal', responsible: number): Promise<Partial<Binding>> {
    const c = await customerOf(tx, chat)
    const comms: CrmInput = {
      im: [{ value: imolCode(chat), valueType: 'IMOL' }],
      ...(c.phone ? { phone: [{ value: c.phone, valueType: 'WORK' }] } : {}),
      ...(c.email ? { email: [{ value: c.email, valueType: 'WORK' }] } : {}),
    }
    const who = { name: c.name, lastName: c.lastName }
    const source = { sourceId: sourceOf(line, chat), sourceDescription: chat.name, assignedById: responsible }
    if (kind === 'lead') return { lead: await d.crm.createLead(tx, { title: chat.name, ...who, ...comms, ...source }, responsible) }
    const contact = await d.crm.createContact(tx, { ...who, ...comms, ...source }, responsible)
    const deal = await d.crm.createDeal(tx, { title: chat.name, contactIds: [contact], categoryId: dealFunnel(line), ...source }, responsible)
    return { contact, deal }
  }

  /** Who created objects belong to: the dialogue's operator, else the line's first queue member. */
  async function responsibleFor(tx: Executor, line: LineConfig, operatorId: number | null): Promise<number> {
    if (operatorId) return operatorId
    return (await queueUserIds(tx, line.id))[0] ?? 0
  }

  /**
   * The returning customer's newest open deal in the line's funnel
   * (CRM_CREATE_SECOND), by their contact, else their company.
   */
  async function openDealOf(tx: Executor, line: LineConfig, found: Partial<Binding>): Promise<number | null> {
    const system = { userId: 0, isAdmin: true, isEmployee: true }
    for (const [key, id] of [['CONTACT_ID', found.contact], ['COMPANY_ID', found.company]] as const) {
      if (!id) continue
      const filter = { [key]: id, CLOSED: 'N', CATEGORY_ID: dealFunnel(line) }
      const page = await d.crm.list(tx, 'deal', { filter, order: { ID: 'DESC' }, select: ['ID'] }, -1, system)
      if (page.entities[0]) return page.entities[0].id
    }
    return null
  }

  /**
   * CRM_CREATE=deal and a customer the CRM knows: the chat joins their open
   * deal; without one, CRM_CREATE_THIRD=Y (the default) gives them a new deal
   * and N leaves them with their contact or company alone.
   */
  async function dealForReturning(tx: Executor, line: LineConfig, chat: ChatRow, sessionId: number, found: Partial<Binding>, responsible: number) {
    const open = await openDealOf(tx, line, found)
    if (open) return bind(tx, chat, { sessionId, userId: 0 }, { deal: open }, 'found')
    if (!line.crmCreateThird || !responsible) return
    const deal = await d.crm.createDeal(tx, {
      title: chat.name, sourceId: sourceOf(line, chat), assignedById: responsible, categoryId: dealFunnel(line),
      ...(found.contact ? { contactIds: [found.contact] } : {}), ...(found.company ? { companyId: found.company } : {}),
    }, responsible)
    await bind(tx, chat, { sessionId, userId: 0 }, { deal }, 'created')
  }

  const tracker = createChatTracker({
    crm: d.crm, clock: d.clock, bind: (tx, chat, s, patch, reason) => bind(tx, chat, s, patch, reason),
    note: (tx, chat, sessionId, code, text) => systemNote(tx, chat, sessionId, code, text),
  })

  const port: DialogueCrm = {
    async preferredOperator(tx, chat) {
      const line = await crmLine(tx, chat)
      if (!line?.crmForward) return null
      return (await knownEntity(tx, chat))?.assignedById || null
    },

    async sessionStarted(tx, s) {
      const line = await crmLine(tx, s.chat)
      if (!line) return
      const bound = (await bindingOf(tx, s.chat.id)) ?? NONE
      if (bound.lead || bound.deal || bound.contact || bound.company) return
      const { found } = await identify(tx, s.chat)
      const responsible = await responsibleFor(tx, line, s.operatorId)
      if (Object.keys(found).length) {
        await bind(tx, s.chat, { sessionId: s.sessionId, userId: 0 }, found, 'found')
        if (line.crmCreate === 'deal' && (found.contact || found.company)) await dealForReturning(tx, line, s.chat, s.sessionId, found, responsible)
        return
      }
      if (line.crmCreate === 'none' || !responsible) return
      await bind(tx, s.chat, { sessionId: s.sessionId, userId: 0 }, await createFor(tx, s.chat, line, line.crmCreate, responsible), 'created')
    },

    async transferred(tx, s) {
      const line = await crmLine(tx, s.chat)
      if (!line?.crmTransferChange) return
      const b = (await bindingOf(tx, s.chat.id)) ?? NONE
      // The dialogue's own objects change hands; a found contact or company keeps its owner.
      for (const type of ['lead', 'deal'] as const) {
        const system = { userId: s.operatorId, isAdmin: true, isEmployee: true }
        if (b[type] > 0 && (await d.crm.getEntity(tx, type, b[type]))) await d.crm.update(tx, type, b[type], { assignedById: s.operatorId }, system)
      }
    },

    wantsMessage: mayHoldContactDetails,

    async customerMessage(tx, m) {
      const line = await crmLine(tx, m.chat)
      if (line?.crmChatTracker) await tracker(tx, m.chat, { sessionId: m.sessionId, messageId: m.messageId }, m.text)
    },
  }

  /** A deleted CRM object: its chats stay with their history, unbound, with a note and a log row. */
  async function entityDeleted(tx: Executor, e: { type: CrmType; id: number }): Promise<void> {
    const chats = await unbindEntity(tx, e.type, e.id)
    const at = d.clock.now()
    await logBindings(tx, chats.map((c) => ({
      chat_id: c.id, entity_type: e.type, entity_id: e.id, action: 'unbind' as const, reason: 'deleted' as const, session_id: c.lastSessionId, user_id: 0, created_at: at,
    })))
    for (const c of chats) {
      await systemNote(tx, c, c.lastSessionId, 'CRM_DELETED', `The ${TYPE_TITLE[e.type]} #${e.id} bound to this dialogue was deleted; the dialogue is no longer bound to it`)
    }
  }

  /**
   * imopenlines.crm.lead.create: a lead from the dialogue's customer, owned by
   * the operator, bound to the chat in place of any lead it had.
   */
  async function createLeadFor(tx: Executor, chat: ChatRow, sessionId: number, operatorId: number): Promise<boolean> {
    const created = await createFor(tx, chat, await getLine(tx, chat.line_id), 'lead', operatorId)
    await bind(tx, chat, { sessionId, userId: operatorId }, created, 'created')
    return true
  }

  return { port, entityDeleted, createLeadFor, now: () => d.clock.now() }
}

export type CrmBinding = ReturnType<typeof createCrmBinding>
