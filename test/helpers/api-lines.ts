import { LINE_FIELDS, type LineFieldKey } from '../../src/lines/line-fields.schemas.js'
import type { LineConfig } from '../../src/sessions/index.js'
import type { LineConfig as FullLine } from '../../src/lines/index.js'
import { lineDefaults } from './line-defaults.js'

type CrmSettings = Pick<FullLine, 'crm' | 'crmCreate' | 'crmCreateSecond' | 'crmCreateThird' | 'crmForward' | 'crmChatTracker' | 'crmTransferChange' | 'crmSource'>
type Settings = Partial<Omit<LineConfig, 'id'>> & Partial<CrmSettings> & { queue?: number[] }

/** What the dialogue tests assume unless they say otherwise: rules off, no texts, no bot, no CRM (Bitrix24 turns several on). */
function testDefaults(): Settings {
  const { id: _id, lineName: _name, welcomeBotId: _bot, kpiFirstAnswerList: _k1, kpiFurtherAnswerList: _k2, ...rest } = lineDefaults(0)
  return { ...rest, crm: false }
}

function toParams(settings: Settings): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'queue') {
      params.QUEUE = (value as number[]).map((id) => ({ ENTITY_TYPE: 'user', ENTITY_ID: id }))
      continue
    }
    const field = LINE_FIELDS[key as LineFieldKey]
    if (!field) throw new Error(`no line setting ${key}`)
    params[field.api] = typeof value === 'boolean' ? (value ? 'Y' : 'N') : value
  }
  return params
}

/**
 * Open lines for dialogue tests, made as a client makes them: through
 * imopenlines.config.add / config.update and openlines.config.access.set.
 */
export class ApiLines {
  private n = 0
  constructor(private readonly send: (method: string, params: Record<string, unknown>) => Promise<{ body: object }>) {}

  private async call(method: string, params: Record<string, unknown>): Promise<{ body: Record<string, unknown> }> {
    const res = await this.send(method, params)
    return { body: res.body as Record<string, unknown> }
  }

  async add(settings: Settings = {}): Promise<{ id: number; lineName: string }> {
    const lineName = settings.lineName ?? `Line ${++this.n}`
    const res = await this.call('imopenlines.config.add', { PARAMS: toParams({ ...testDefaults(), ...settings, lineName }) })
    if (typeof res.body.result !== 'number') throw new Error(`config.add failed: ${JSON.stringify(res.body)}`)
    return { id: res.body.result, lineName }
  }

  async update(id: number, patch: Settings): Promise<void> {
    const res = await this.call('imopenlines.config.update', { CONFIG_ID: id, PARAMS: toParams(patch) })
    if (res.body.result !== true) throw new Error(`config.update failed: ${JSON.stringify(res.body)}`)
  }

  /** 'admin' on a line is the line manager role. */
  async grant(lineId: number, userId: number, role: 'supervisor' | 'admin'): Promise<void> {
    const res = await this.call('openlines.config.access.set', { USER_ID: userId, CONFIG_ID: lineId, ROLE: role === 'admin' ? 'manager' : role })
    if (res.body.error) throw new Error(`access.set failed: ${JSON.stringify(res.body)}`)
  }
}
